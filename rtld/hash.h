/* ELF symbol hash functions and the GNU bloom filter test.  Pure. */
#ifndef RTLD_HASH_H
#define RTLD_HASH_H

#include <stdint.h>

/* DT_GNU_HASH function (Bernstein, h*33 + c, seeded with 5381). */
uint32_t gnu_hash(const char *s);

/* DT_HASH function of the System V ABI. */
uint32_t sysv_hash(const char *s);

/* Bloom filter test of DT_GNU_HASH on 64-bit ELF: false means the name with
 * hash h is certainly not defined by the object. bloom_size is a power of
 * two (in 64-bit words). */
static inline int gnu_bloom_test(const uint64_t *bloom, uint32_t bloom_size,
				 uint32_t shift, uint32_t h)
{
	uint64_t word = bloom[(h / 64) & (bloom_size - 1)];
	uint64_t mask = ((uint64_t)1 << (h % 64)) | ((uint64_t)1 << ((h >> shift) % 64));
	return (word & mask) == mask;
}

#endif
