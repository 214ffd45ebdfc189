/* stub */
#include "load.h"
struct inlines inline_parse(struct arena *a, const char *text, struct pos p)
{ struct inlines r = {0}; (void)a; (void)text; (void)p; return r; }
