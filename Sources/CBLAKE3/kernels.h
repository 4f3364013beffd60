#ifndef MLX_CBLAKE3_KERNELS_H
#define MLX_CBLAKE3_KERNELS_H

/* Shared between the kernel files; not part of the module's public header. */

#include <stddef.h>
#include <stdint.h>

extern const uint32_t cblake3_iv_words[8];
/* Message word order per round: round r + 1 applies the paper's permutation
 * (2,6,3,10,7,0,4,13,1,11,12,5,9,14,15,8) to round r. Precomputed so that no kernel permutes
 * message vectors at run time, and defined in this header so that every kernel sees the values
 * at compile time and its unrolled rounds index the message with constants. */
static const uint8_t cblake3_schedule[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

/* A batch: `count` inputs, input i starting at base + i * stride, each `blocks` full blocks
 * long, hashed from the key with counter + i * counter_step. The first block of every input
 * adds flags_start and the last adds flags_end. Output: one 32-byte chaining value per input.
 * Full chunks are (stride 1024, 16 blocks, step 1); parents are (stride 64, 1 block, step 0). */
typedef struct {
    const uint8_t *base;
    size_t stride;
    size_t blocks;
    const uint32_t *key;
    uint64_t counter;
    uint64_t counter_step;
    uint32_t flags;
    uint32_t flags_start;
    uint32_t flags_end;
} cblake3_batch;

/* Each processes inputs [first, first + lanes) of the batch, writing out + 32 * first. */
void cblake3_batch_portable(const cblake3_batch *batch, size_t first, uint8_t *out);
void cblake3_batch_avx2(const cblake3_batch *batch, size_t first, uint8_t *out);
void cblake3_batch_avx512(const cblake3_batch *batch, size_t first, uint8_t *out);

void cblake3_compress_words(const uint32_t cv[8], const uint32_t m[16], uint32_t block_len,
                            uint64_t counter, uint32_t flags, uint32_t out[16]);

static inline uint32_t cblake3_load32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void cblake3_store32(uint8_t *p, uint32_t w) {
    p[0] = (uint8_t)w;
    p[1] = (uint8_t)(w >> 8);
    p[2] = (uint8_t)(w >> 16);
    p[3] = (uint8_t)(w >> 24);
}

#endif
