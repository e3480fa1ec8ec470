#include "hash.h"
#include "util.h"

/* h * 33 + c for each character, eight characters at a time while they
 * hold no NUL and stay in the page: h * 33^8 + c0 * 33^7 + ... + c7,
 * whose terms do not depend on each other.  Reads past the NUL within the
 * page, as r_strcmp does (hence no AddressSanitizer here either). */
__attribute__((no_sanitize_address)) uint32_t gnu_hash(const char *s)
{
	uint32_t h = 5381;
	const unsigned char *p = (const unsigned char *)s;
	while (word_fits(p)) {
		uint64_t w = load_word(p);
		if (word_has_nul(w))
			break;
		h = h * 0x747c7101u + (uint32_t)(w & 0xff) * 0xec41d4e1u +
		    (uint32_t)(w >> 8 & 0xff) * 0x4cfa3cc1u + (uint32_t)(w >> 16 & 0xff) * 0x25528a1u +
		    (uint32_t)(w >> 24 & 0xff) * 0x121881u + (uint32_t)(w >> 32 & 0xff) * 0x8c61u +
		    (uint32_t)(w >> 40 & 0xff) * 0x441u + (uint32_t)(w >> 48 & 0xff) * 0x21u +
		    (uint32_t)(w >> 56);
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
