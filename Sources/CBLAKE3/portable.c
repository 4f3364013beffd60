#include "kernels.h"

/* The first 32 bits of the fractional parts of the square roots of the first 8 primes
 * (the SHA-256 IV), as the paper specifies. */
const uint32_t cblake3_iv_words[8] = {
    0x6A09E667u, 0xBB67AE85u, 0x3C6EF372u, 0xA54FF53Au,
    0x510E527Fu, 0x9B05688Cu, 0x1F83D9ABu, 0x5BE0CD19u,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32 - n)); }

static inline void g(uint32_t v[16], int a, int b, int c, int d, uint32_t x, uint32_t y) {
    v[a] = v[a] + v[b] + x;
    v[d] = rotr(v[d] ^ v[a], 16);
    v[c] = v[c] + v[d];
    v[b] = rotr(v[b] ^ v[c], 12);
    v[a] = v[a] + v[b] + y;
    v[d] = rotr(v[d] ^ v[a], 8);
    v[c] = v[c] + v[d];
    v[b] = rotr(v[b] ^ v[c], 7);
}

void cblake3_compress_words(const uint32_t cv[8], const uint32_t m[16], uint32_t block_len,
                            uint64_t counter, uint32_t flags, uint32_t out[16]) {
    uint32_t v[16] = {
        cv[0], cv[1], cv[2], cv[3], cv[4], cv[5], cv[6], cv[7],
        cblake3_iv_words[0], cblake3_iv_words[1], cblake3_iv_words[2], cblake3_iv_words[3],
        (uint32_t)counter, (uint32_t)(counter >> 32), block_len, flags,
    };
    for (int r = 0; r < 7; r++) {
        const uint8_t *s = cblake3_schedule[r];
        g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
        g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
        g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
        g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
        g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
        g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
        g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
        g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (int i = 0; i < 8; i++) {
        out[i] = v[i] ^ v[i + 8];
        out[i + 8] = v[i + 8] ^ cv[i];
    }
}

void cblake3_batch_portable(const cblake3_batch *batch, size_t first, uint8_t *out) {
    const uint8_t *input = batch->base + first * batch->stride;
    uint64_t counter = batch->counter + first * batch->counter_step;
    uint32_t cv[8];
    for (int i = 0; i < 8; i++) cv[i] = batch->key[i];
    for (size_t b = 0; b < batch->blocks; b++) {
        uint32_t m[16], full[16];
        for (int i = 0; i < 16; i++) m[i] = cblake3_load32(input + 64 * b + 4 * i);
        uint32_t flags = batch->flags;
        if (b == 0) flags |= batch->flags_start;
        if (b + 1 == batch->blocks) flags |= batch->flags_end;
        cblake3_compress_words(cv, m, 64, counter, flags, full);
        for (int i = 0; i < 8; i++) cv[i] = full[i];
    }
    for (int i = 0; i < 8; i++) cblake3_store32(out + 32 * first + 4 * i, cv[i]);
}
