/* Freestanding helpers: strings, formatting, memory.  These are the only
 * "library" rtld has.  The pure parts (string.c, fmt.c) are also linked into
 * the unit tests, so they use r_ names that cannot clash with a libc. */
#ifndef RTLD_UTIL_H
#define RTLD_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

size_t r_strlen(const char *s);
size_t r_strnlen(const char *s, size_t max);
int r_strcmp(const char *a, const char *b);

/* Word-at-a-time string scanning (string.c, hash.c). */
static inline int word_fits(const void *p)
{
	return ((uintptr_t)p & 4095) <= 4096 - 8;	/* the word stays in p's page */
}

static inline uint64_t load_word(const void *p)
{
	uint64_t w;
	__builtin_memcpy(&w, p, 8);	/* any alignment; one load */
	return w;
}

/* 0x80 in each byte of w that may be NUL: exact for the lowest one (a
 * borrow can flag the bytes above a NUL too). */
static inline uint64_t word_nul_flags(uint64_t w)
{
	return (w - 0x0101010101010101ull) & ~w & 0x8080808080808080ull;
}

static inline int word_has_nul(uint64_t w)
{
	return word_nul_flags(w) != 0;
}
int r_strncmp(const char *a, const char *b, size_t n);
char *r_strchr(const char *s, int c);
char *r_strrchr(const char *s, int c);
void *r_memcpy(void *d, const void *s, size_t n);
void *r_memset(void *d, int c, size_t n);
int r_memcmp(const void *a, const void *b, size_t n);
/* Copies at most n-1 bytes and always terminates; returns strlen(src). */
size_t r_strlcpy(char *d, const char *s, size_t n);
/* Parses an unsigned decimal; returns -1 when s is not one. */
long r_atol(const char *s);

/* printf subset: %s %c %d %i %u %x %p %% with l/z/ll modifiers, '-', '0'
 * and a field width. */
int r_vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int r_snprintf(char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Allocation (alloc.c): size-class free lists over mmap'ed arenas, so that
 * dlclose can give memory back.  Never used in symbol-lookup hot paths. */
void *r_malloc(size_t n);
void *r_calloc(size_t n, size_t m);
void *r_calloc_large(size_t n, size_t m);
void *r_realloc(void *p, size_t n);
void r_free(void *p);
char *r_strdup(const char *s);
char *r_strndup(const char *s, size_t n);

#endif
