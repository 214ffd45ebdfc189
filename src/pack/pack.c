/* stub */
#include "pack.h"
int pack_build(struct arena *a, struct meeting *m, struct layout *l, const struct pack_options *o, const char *out)
{ (void)a; (void)m; (void)l; (void)o; (void)out; return 70; }
