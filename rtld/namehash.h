/* The symbol index's hash of a name, and the comparison that goes with
 * it (symindex.h).  Pure: the unit tests include it. */
#ifndef RTLD_NAMEHASH_H
#define RTLD_NAMEHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* The index's own hash of a name, with its length: one multiply per eight
 * bytes where the GNU hash needs eight.  Lookups through the index never
 * need the GNU hash, and the length lets names be compared a word at a
 * time.  Reads no byte past the NUL's page.  If copy is not null, the name
 * is copied there in whole words, NUL-padded: floor(len / 8) + 1 of them. */
__attribute__((no_sanitize_address)) static inline uint32_t name_hash(const char *s, size_t *len,
								   char *copy)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0x243f6a8885a308d3ull;
	/* Whole words while they end in the page (at <= room, negative
	 * when not even the first does), then bytes into a word. */
	ptrdiff_t room = 4096 - 8 - (ptrdiff_t)((uintptr_t)p & 4095);
	for (size_t at = 0;; at += 8) {
		uint64_t w = 0;
		if ((ptrdiff_t)at <= room) {
			w = load_word(p + at);
		} else {
			for (unsigned k = 0; k < 8; k++) {
				w |= (uint64_t)p[at + k] << (8 * k);
				if (!p[at + k])
					break;
			}
		}
		uint64_t z = word_nul_flags(w);
		if (z) {
			/* The lowest flag is the first NUL's; the bytes before
			 * it are kept. */
			w &= ((z & -z) >> 7) - 1;
			if (copy)
				__builtin_memcpy(copy + at, &w, 8);
			h = ((h << 32 | h >> 32) ^ w) * 0x9e3779b97f4a7c15ull;
			*len = at + ((unsigned)__builtin_ctzll(z) >> 3);
			return (uint32_t)(h >> 32);
		}
		if (copy)
			__builtin_memcpy(copy + at, &w, 8);
		/* The rotation feeds the product's well-mixed high half into
		 * the low half of the next one. */
		h = ((h << 32 | h >> 32) ^ w) * 0x9e3779b97f4a7c15ull;
	}
}

/* Whether the len bytes at a and b are equal, a word at a time (a: a
 * name_hash copy, b: the name it is compared with; both have len bytes
 * before their NUL). */
__attribute__((no_sanitize_address)) static inline bool names_equal(const char *a, const char *b,
								 size_t len)
{
	size_t i = 0;
	for (; i + 8 <= len; i += 8)
		if (load_word(a + i) != load_word(b + i))
			return false;
	for (; i < len; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

#endif
