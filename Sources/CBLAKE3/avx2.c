/* Eight inputs at once: vector v[i] holds state word i of all eight lanes, so one G on vectors
 * is eight independent G's and no lane ever needs shuffling during the rounds. Blocks are
 * transposed on load (8x8 words) and chaining values transposed back on store. */

#include "kernels.h"
#include <immintrin.h>

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256i add(__m256i a, __m256i b) { return _mm256_add_epi32(a, b); }
AVX2 static inline __m256i xor(__m256i a, __m256i b) { return _mm256_xor_si256(a, b); }

/* Rotations by whole bytes are one byte shuffle; the others need two shifts. The shuffle
 * orders are loaded from tables because building them with _mm256_setr_epi8 costs 32 scalar
 * stores per call in unoptimized (debug) builds, which made the test suite crawl. */
static const uint8_t rotr16_order[32] = {2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13,
                                         2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13};
static const uint8_t rotr8_order[32] = {1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12,
                                        1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12};

AVX2 static inline __m256i rotr16(__m256i x) {
    return _mm256_shuffle_epi8(x, _mm256_loadu_si256((const __m256i *)rotr16_order));
}
AVX2 static inline __m256i rotr8(__m256i x) {
    return _mm256_shuffle_epi8(x, _mm256_loadu_si256((const __m256i *)rotr8_order));
}
AVX2 static inline __m256i rotr12(__m256i x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20));
}
AVX2 static inline __m256i rotr7(__m256i x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25));
}

AVX2 static inline void g(__m256i v[16], int a, int b, int c, int d, __m256i x, __m256i y) {
    v[a] = add(add(v[a], v[b]), x);
    v[d] = rotr16(xor(v[d], v[a]));
    v[c] = add(v[c], v[d]);
    v[b] = rotr12(xor(v[b], v[c]));
    v[a] = add(add(v[a], v[b]), y);
    v[d] = rotr8(xor(v[d], v[a]));
    v[c] = add(v[c], v[d]);
    v[b] = rotr7(xor(v[b], v[c]));
}

AVX2 static inline void round_fn(__m256i v[16], const __m256i m[16], int r) {
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

/* In place 8x8 transpose of 32-bit words: row k becomes column k. Pairs of rows interleave
 * words, then pairs of those interleave 64-bit halves, then the 128-bit halves swap across. */
AVX2 static inline void transpose8(__m256i r[8]) {
    __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
    __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
    __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
    __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
    __m256i u0 = _mm256_unpacklo_epi64(t0, t2), u1 = _mm256_unpackhi_epi64(t0, t2);
    __m256i u2 = _mm256_unpacklo_epi64(t1, t3), u3 = _mm256_unpackhi_epi64(t1, t3);
    __m256i u4 = _mm256_unpacklo_epi64(t4, t6), u5 = _mm256_unpackhi_epi64(t4, t6);
    __m256i u6 = _mm256_unpacklo_epi64(t5, t7), u7 = _mm256_unpackhi_epi64(t5, t7);
    r[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
    r[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
    r[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
    r[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
    r[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
    r[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
    r[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
    r[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

AVX2 void cblake3_batch_avx2(const cblake3_batch *batch, size_t first, uint8_t *out) {
    const uint8_t *input = batch->base + first * batch->stride;
    const size_t stride = batch->stride;
    uint32_t low[8], high[8];
    for (int lane = 0; lane < 8; lane++) {
        uint64_t counter = batch->counter + (first + (uint64_t)lane) * batch->counter_step;
        low[lane] = (uint32_t)counter;
        high[lane] = (uint32_t)(counter >> 32);
    }
    const __m256i counter_low = _mm256_loadu_si256((const __m256i *)low);
    const __m256i counter_high = _mm256_loadu_si256((const __m256i *)high);
    __m256i h[8];
    for (int i = 0; i < 8; i++) h[i] = _mm256_set1_epi32((int)batch->key[i]);

    for (size_t b = 0; b < batch->blocks; b++) {
        __m256i m[16];
        for (int lane = 0; lane < 8; lane++) {
            const uint8_t *block = input + lane * stride + 64 * b;
            m[lane] = _mm256_loadu_si256((const __m256i *)block);
            m[lane + 8] = _mm256_loadu_si256((const __m256i *)(block + 32));
        }
        transpose8(m);
        transpose8(m + 8);
        uint32_t flags = batch->flags;
        if (b == 0) flags |= batch->flags_start;
        if (b + 1 == batch->blocks) flags |= batch->flags_end;
        __m256i v[16] = {
            h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
            _mm256_set1_epi32((int)cblake3_iv_words[0]), _mm256_set1_epi32((int)cblake3_iv_words[1]),
            _mm256_set1_epi32((int)cblake3_iv_words[2]), _mm256_set1_epi32((int)cblake3_iv_words[3]),
            counter_low, counter_high, _mm256_set1_epi32(64), _mm256_set1_epi32((int)flags),
        };
        /* Spelled out so that every schedule index is a constant: a loop left the table
         * lookups in the hot path. */
        round_fn(v, m, 0);
        round_fn(v, m, 1);
        round_fn(v, m, 2);
        round_fn(v, m, 3);
        round_fn(v, m, 4);
        round_fn(v, m, 5);
        round_fn(v, m, 6);
        for (int i = 0; i < 8; i++) h[i] = xor(v[i], v[i + 8]);
    }
    transpose8(h);
    for (int lane = 0; lane < 8; lane++) {
        _mm256_storeu_si256((__m256i *)(out + 32 * (first + (size_t)lane)), h[lane]);
    }
}
