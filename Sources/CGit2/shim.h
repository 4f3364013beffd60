#ifndef MLX_CGIT2_SHIM_H
#define MLX_CGIT2_SHIM_H
#include <git2.h>
#endif
