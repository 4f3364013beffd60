#ifndef MLX_CBLAKE3_H
#define MLX_CBLAKE3_H
#include <stdint.h>
#include <stddef.h>
/* Placeholder: the kernels land with the hashing work. */
int cblake3_simd_degree(void);
#endif
