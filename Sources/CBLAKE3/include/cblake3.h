#ifndef MLX_CBLAKE3_H
#define MLX_CBLAKE3_H

/* BLAKE3 compression kernels for MLXHash. The tree (chunk state, chaining-value stack, modes)
 * lives in Swift; this target holds only the loops that must be vectorised to be fast, chosen
 * at run time so that the package needs no architecture flags.
 * All words cross this interface as little-endian bytes, so callers never depend on byte order. */

#include <stddef.h>
#include <stdint.h>

/* Domain-separation flags of the BLAKE3 paper, section 2.1. */
#define CBLAKE3_CHUNK_START 1u
#define CBLAKE3_CHUNK_END 2u
#define CBLAKE3_PARENT 4u
#define CBLAKE3_ROOT 8u
#define CBLAKE3_KEYED_HASH 16u
#define CBLAKE3_DERIVE_KEY_CONTEXT 32u
#define CBLAKE3_DERIVE_KEY_MATERIAL 64u

#define CBLAKE3_BLOCK_LEN 64
#define CBLAKE3_CHUNK_LEN 1024

/* Kernel families, ordered so that a larger value may use every smaller one. */
#define CBLAKE3_LEVEL_PORTABLE 0
#define CBLAKE3_LEVEL_AVX2 1
#define CBLAKE3_LEVEL_AVX512 2

/* The widest kernel family this CPU and OS support. */
int cblake3_supported_level(void);

/* The IV as little-endian bytes: the key of the plain hash mode. */
void cblake3_iv(uint8_t out[32]);

/* One compression: out receives all 16 output words (the first 8 are the chaining value,
 * all 16 are extended output of a root node). */
void cblake3_compress(const uint8_t cv[32], const uint8_t block[64], uint32_t block_len,
                      uint64_t counter, uint32_t flags, uint8_t out[64]);

/* Chaining value of the subtree formed by num_chunks full chunks (num_chunks a power of two)
 * whose first chunk has index counter. Never the root: callers finalize the root in Swift. */
void cblake3_subtree(int level, const uint8_t *input, size_t num_chunks, const uint8_t key[32],
                     uint64_t counter, uint32_t flags, uint8_t out_cv[32]);

#endif
