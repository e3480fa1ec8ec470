/* libgmalloc.so: a malloc interposer for LD_PRELOAD that counts calls and
 * hands them to glibc's allocator (__libc_malloc and co.). */
#include <stddef.h>

extern void *__libc_malloc(size_t);
extern void __libc_free(void *);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static long n_malloc, n_free, n_calloc, n_realloc;

void gmalloc_counts(long c[4])
{
	c[0] = __atomic_load_n(&n_malloc, __ATOMIC_RELAXED);
	c[1] = __atomic_load_n(&n_free, __ATOMIC_RELAXED);
	c[2] = __atomic_load_n(&n_calloc, __ATOMIC_RELAXED);
	c[3] = __atomic_load_n(&n_realloc, __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
	__atomic_fetch_add(&n_malloc, 1, __ATOMIC_RELAXED);
	return __libc_malloc(n);
}

void free(void *p)
{
	if (p)
		__atomic_fetch_add(&n_free, 1, __ATOMIC_RELAXED);
	__libc_free(p);
}

void *calloc(size_t n, size_t size)
{
	__atomic_fetch_add(&n_calloc, 1, __ATOMIC_RELAXED);
	return __libc_calloc(n, size);
}

void *realloc(void *p, size_t n)
{
	__atomic_fetch_add(&n_realloc, 1, __ATOMIC_RELAXED);
	return __libc_realloc(p, n);
}

void *memalign(size_t align, size_t n)
{
	return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n)
{
	return __libc_memalign(align, n);
}

int posix_memalign(void **res, size_t align, size_t n)
{
	void *p = __libc_memalign(align, n);
	if (!p)
		return 12;	/* ENOMEM */
	*res = p;
	return 0;
}
