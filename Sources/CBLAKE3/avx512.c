/* Sixteen inputs at once, laid out like the AVX2 kernel (one vector per state word, one lane
 * per input). AVX-512F adds a native rotate, so every G step is a single instruction, and 32
 * registers hold the whole state and message without spilling. */

#include "kernels.h"
#include <immintrin.h>

#define AVX512 __attribute__((target("avx512f")))

AVX512 static inline void g(__m512i v[16], int a, int b, int c, int d, __m512i x, __m512i y) {
    v[a] = _mm512_add_epi32(_mm512_add_epi32(v[a], v[b]), x);
    v[d] = _mm512_ror_epi32(_mm512_xor_si512(v[d], v[a]), 16);
    v[c] = _mm512_add_epi32(v[c], v[d]);
    v[b] = _mm512_ror_epi32(_mm512_xor_si512(v[b], v[c]), 12);
    v[a] = _mm512_add_epi32(_mm512_add_epi32(v[a], v[b]), y);
    v[d] = _mm512_ror_epi32(_mm512_xor_si512(v[d], v[a]), 8);
    v[c] = _mm512_add_epi32(v[c], v[d]);
    v[b] = _mm512_ror_epi32(_mm512_xor_si512(v[b], v[c]), 7);
}

AVX512 static inline void round_fn(__m512i v[16], const __m512i m[16], int r) {
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

/* In place 16x16 transpose of 32-bit words. Within each 128-bit lane, interleaving words and
 * then 64-bit halves turns four rows into four partial columns (as in the AVX2 kernel); two
 * rounds of 128-bit-lane shuffles then gather the four partial columns of each column. */
AVX512 static inline void transpose16(__m512i r[16]) {
    __m512i u[16];
    for (int group = 0; group < 4; group++) {
        __m512i *row = r + 4 * group;
        __m512i t0 = _mm512_unpacklo_epi32(row[0], row[1]), t1 = _mm512_unpackhi_epi32(row[0], row[1]);
        __m512i t2 = _mm512_unpacklo_epi32(row[2], row[3]), t3 = _mm512_unpackhi_epi32(row[2], row[3]);
        /* u[4 * group + j], 128-bit lane L: column 4L + j of rows 4*group ... 4*group+3. */
        u[4 * group + 0] = _mm512_unpacklo_epi64(t0, t2);
        u[4 * group + 1] = _mm512_unpackhi_epi64(t0, t2);
        u[4 * group + 2] = _mm512_unpacklo_epi64(t1, t3);
        u[4 * group + 3] = _mm512_unpackhi_epi64(t1, t3);
    }
    for (int j = 0; j < 4; j++) {
        __m512i a = _mm512_shuffle_i32x4(u[j], u[4 + j], 0x44);      /* lanes 0,1 of groups 0,1 */
        __m512i b = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0x44); /* lanes 0,1 of groups 2,3 */
        __m512i c = _mm512_shuffle_i32x4(u[j], u[4 + j], 0xEE);      /* lanes 2,3 of groups 0,1 */
        __m512i d = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0xEE); /* lanes 2,3 of groups 2,3 */
        r[j] = _mm512_shuffle_i32x4(a, b, 0x88);
        r[4 + j] = _mm512_shuffle_i32x4(a, b, 0xDD);
        r[8 + j] = _mm512_shuffle_i32x4(c, d, 0x88);
        r[12 + j] = _mm512_shuffle_i32x4(c, d, 0xDD);
    }
}

AVX512 void cblake3_batch_avx512(const cblake3_batch *batch, size_t first, uint8_t *out) {
    const uint8_t *input = batch->base + first * batch->stride;
    const size_t stride = batch->stride;
    uint32_t low[16], high[16];
    for (int lane = 0; lane < 16; lane++) {
        uint64_t counter = batch->counter + (first + (uint64_t)lane) * batch->counter_step;
        low[lane] = (uint32_t)counter;
        high[lane] = (uint32_t)(counter >> 32);
    }
    const __m512i counter_low = _mm512_loadu_si512(low);
    const __m512i counter_high = _mm512_loadu_si512(high);
    __m512i h[16];
    for (int i = 0; i < 8; i++) h[i] = _mm512_set1_epi32((int)batch->key[i]);

    for (size_t b = 0; b < batch->blocks; b++) {
        __m512i m[16];
        for (int lane = 0; lane < 16; lane++) {
            m[lane] = _mm512_loadu_si512(input + lane * stride + 64 * b);
        }
        transpose16(m);
        uint32_t flags = batch->flags;
        if (b == 0) flags |= batch->flags_start;
        if (b + 1 == batch->blocks) flags |= batch->flags_end;
        __m512i v[16] = {
            h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7],
            _mm512_set1_epi32((int)cblake3_iv_words[0]), _mm512_set1_epi32((int)cblake3_iv_words[1]),
            _mm512_set1_epi32((int)cblake3_iv_words[2]), _mm512_set1_epi32((int)cblake3_iv_words[3]),
            counter_low, counter_high, _mm512_set1_epi32(64), _mm512_set1_epi32((int)flags),
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
        for (int i = 0; i < 8; i++) h[i] = _mm512_xor_si512(v[i], v[i + 8]);
    }
    /* Only eight state words are output: the other eight rows are zero padding, and each
     * lane's chaining value is the low half of its transposed row. */
    for (int i = 8; i < 16; i++) h[i] = _mm512_setzero_si512();
    transpose16(h);
    for (int lane = 0; lane < 16; lane++) {
        _mm256_storeu_si256((__m256i *)(out + 32 * (first + (size_t)lane)),
                            _mm512_castsi512_si256(h[lane]));
    }
}
