/* stub */
typedef int ap_yamltree_stub;
