/* Run-time choice of kernel and the subtree reduction built on the batch kernels. */

#include "cblake3.h"
#include "kernels.h"
#include <string.h>

int cblake3_supported_level(void) {
    __builtin_cpu_init();
    /* __builtin_cpu_supports also checks that the OS saves the wide registers (XCR0). */
    if (__builtin_cpu_supports("avx512f")) return CBLAKE3_LEVEL_AVX512;
    if (__builtin_cpu_supports("avx2")) return CBLAKE3_LEVEL_AVX2;
    return CBLAKE3_LEVEL_PORTABLE;
}

void cblake3_iv(uint8_t out[32]) {
    for (int i = 0; i < 8; i++) cblake3_store32(out + 4 * i, cblake3_iv_words[i]);
}

void cblake3_compress(const uint8_t cv[32], const uint8_t block[64], uint32_t block_len,
                      uint64_t counter, uint32_t flags, uint8_t out[64]) {
    uint32_t cv_words[8], m[16], result[16];
    for (int i = 0; i < 8; i++) cv_words[i] = cblake3_load32(cv + 4 * i);
    for (int i = 0; i < 16; i++) m[i] = cblake3_load32(block + 4 * i);
    cblake3_compress_words(cv_words, m, block_len, counter, flags, result);
    for (int i = 0; i < 16; i++) cblake3_store32(out + 4 * i, result[i]);
}

/* Widest kernels first; inputs left over after the last full group go to narrower ones. */
static void run_batch(int level, const cblake3_batch *batch, size_t count, uint8_t *out) {
    size_t i = 0;
    if (level >= CBLAKE3_LEVEL_AVX512) {
        for (; i + 16 <= count; i += 16) cblake3_batch_avx512(batch, i, out);
    }
    if (level >= CBLAKE3_LEVEL_AVX2) {
        for (; i + 8 <= count; i += 8) cblake3_batch_avx2(batch, i, out);
    }
    for (; i < count; i++) cblake3_batch_portable(batch, i, out);
}

/* Chunks hashed per batch: their chaining values (32 KiB) and the first parent level (16 KiB)
 * live on the stack; larger subtrees split in halves first. */
enum { MAX_BATCH_CHUNKS = 1024 };

void cblake3_subtree(int level, const uint8_t *input, size_t num_chunks, const uint8_t key[32],
                     uint64_t counter, uint32_t flags, uint8_t out_cv[32]) {
    uint32_t key_words[8];
    for (int i = 0; i < 8; i++) key_words[i] = cblake3_load32(key + 4 * i);

    if (num_chunks > MAX_BATCH_CHUNKS) {
        size_t half = num_chunks / 2;
        uint8_t children[64];
        cblake3_subtree(level, input, half, key, counter, flags, children);
        cblake3_subtree(level, input + half * CBLAKE3_CHUNK_LEN, half, key, counter + half, flags,
                        children + 32);
        uint8_t parent[64];
        cblake3_compress(key, children, 64, 0, flags | CBLAKE3_PARENT, parent);
        memcpy(out_cv, parent, 32);
        return;
    }

    uint8_t chunk_cvs[MAX_BATCH_CHUNKS * 32], parent_cvs[MAX_BATCH_CHUNKS / 2 * 32];
    const cblake3_batch chunks = {
        .base = input, .stride = CBLAKE3_CHUNK_LEN, .blocks = CBLAKE3_CHUNK_LEN / CBLAKE3_BLOCK_LEN,
        .key = key_words, .counter = counter, .counter_step = 1, .flags = flags,
        .flags_start = CBLAKE3_CHUNK_START, .flags_end = CBLAKE3_CHUNK_END,
    };
    run_batch(level, &chunks, num_chunks, chunk_cvs);

    /* Every level of parents goes through the batch kernels too: adjacent chaining values
     * already form the 64-byte parent blocks, so a level is one batch with stride 64. */
    uint8_t *from = chunk_cvs, *to = parent_cvs;
    for (size_t n = num_chunks; n > 1; n /= 2) {
        const cblake3_batch parents = {
            .base = from, .stride = 64, .blocks = 1, .key = key_words, .counter = 0,
            .counter_step = 0, .flags = flags | CBLAKE3_PARENT,
        };
        run_batch(level, &parents, n / 2, to);
        uint8_t *swap = from;
        from = to;
        to = swap;
    }
    memcpy(out_cv, from, 32);
}
