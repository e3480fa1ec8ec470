/* String and memory functions.  GCC may emit calls to memcpy, memset,
 * memmove and memcmp on its own, so those keep their standard names (with
 * hidden visibility, like the rest of the runtime). */
#include "rt.h"

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
	return memmove(dst, src, n);
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		for (size_t i = 0; i < n; i++)
			((volatile unsigned char *)d)[i] = s[i];
	} else {
		while (n--)
			((volatile unsigned char *)d)[n] = s[n];
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	volatile unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return x[i] - y[i];
	return 0;
}

size_t rt_strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

int rt_strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x != y)
			return x - y;
		if (!x)
			break;
	}
	return 0;
}

int rt_strcmp(const char *a, const char *b)
{
	return rt_strncmp(a, b, (size_t)-1);
}

const char *rt_basename(const char *path)
{
	const char *base = path;

	for (const char *p = path; *p; p++)
		if (*p == '/' && p[1])
			base = p + 1;
	return base;
}
