#include "cblake3.h"
int cblake3_simd_degree(void) { return 1; }
