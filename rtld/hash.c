#include "hash.h"
#include "util.h"

/* h * 33 + c for each character, eight characters at a time while they
 * hold no NUL and stay in the page: h * 33^8 + c0 * 33^7 + ... + c7.  The
 * sum is folded in halves inside one 64-bit word: neighbouring bytes
 * first (c0 * 33 + c1 in each 16-bit lane, at most 8670), then
 * neighbouring lanes (times 33^2 = 1089, in 32-bit lanes, at most about
 * 9.5 million), then the two halves (times 33^4): three multiplies for
 * eight characters, where one each was needed.  Reads past the NUL
 * within the page, as r_strcmp does (hence no AddressSanitizer here
 * either). */
static inline uint32_t fold8(uint64_t w)
{
	uint64_t even = w & 0x00ff00ff00ff00ffull, odd = (w >> 8) & 0x00ff00ff00ff00ffull;
	uint64_t pairs = even * 33 + odd;
	uint64_t quads = (pairs & 0x0000ffff0000ffffull) * 1089 + ((pairs >> 16) & 0x0000ffff0000ffffull);
	return (uint32_t)quads * 1185921u + (uint32_t)(quads >> 32);
}

__attribute__((no_sanitize_address)) uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;
	const unsigned char *p = (const unsigned char *)s;
	while (word_fits(p)) {
		uint64_t w = load_word(p);
		if (word_has_nul(w))
			break;
		h = h * 0x747c7101u + fold8(w);	/* 33^8 */
		p += 8;
	}
	for (; *p; p++)
		h = h * 33 + *p;
	return h;
}

uint32_t sysv_hash(const char *s)
{
	uint32_t h = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		h = (h << 4) + *p;
		uint32_t g = h & 0xf0000000u;
		h ^= g >> 24;
		h &= ~g;
	}
	return h;
}
