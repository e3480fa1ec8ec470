/* String helpers.  Written plainly: rtld's strings are short (names, paths)
 * and these run before relocation, so they must not depend on anything. */
#include "util.h"

size_t r_strlen(const char *s)
{
	const char *p = s;
	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t r_strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

/* Eight bytes at a time while both strings have eight bytes left in their
 * page: reading past a string's NUL is safe there (pages are at least
 * 4 KiB), and symbol names are long enough for it to pay (eager binding
 * compares hundreds of thousands of them).  AddressSanitizer (the unit
 * tests may run under it) would take those reads for overflows. */
__attribute__((no_sanitize_address)) int r_strcmp(const char *a, const char *b)
{
	while (word_fits(a) && word_fits(b)) {
		uint64_t x = load_word(a), y = load_word(b);
		uint64_t nul = word_nul_flags(x);
		if (x != y || nul) {
			/* The first byte that differs or ends a: the lowest set
			 * bit of either. */
			unsigned k = (unsigned)__builtin_ctzll((x ^ y) | nul) >> 3;
			return (unsigned char)a[k] - (unsigned char)b[k];
		}
		a += 8, b += 8;
	}
	while (*a && *a == *b)
		a++, b++;
	return (unsigned char)*a - (unsigned char)*b;
}

int r_strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *r_strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return 0;
	}
}

char *r_strrchr(const char *s, int c)
{
	const char *last = 0;
	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

void *r_memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	while (n--)
		*dp++ = *sp++;
	return d;
}

/* Word stores once aligned: rtld zeroes bss tails and TLS blocks of up
 * to a page or more at start-up. */
void *r_memset(void *d, int c, size_t n)
{
	unsigned char *dp = d;
	while (n && ((uintptr_t)dp & 7)) {
		*dp++ = (unsigned char)c;
		n--;
	}
	typedef uint64_t __attribute__((may_alias)) word;
	word w = (unsigned char)c * 0x0101010101010101ull;
	for (; n >= 8; n -= 8, dp += 8)
		*(word *)(void *)dp = w;
	while (n--)
		*dp++ = (unsigned char)c;
	return d;
}

int r_memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t r_strlcpy(char *d, const char *s, size_t n)
{
	size_t len = r_strlen(s);
	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		r_memcpy(d, s, c);
		d[c] = 0;
	}
	return len;
}

long r_atol(const char *s)
{
	long v = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		v = v * 10 + (*s - '0');
	}
	return v;
}
