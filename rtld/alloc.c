/* rtld's allocator.  Requests are rounded up to a power-of-two class
 * (16 B .. 2 KiB) and carved from 64 KiB arenas; freed blocks go on the
 * class's free list, so dlopen/dlclose cycles reuse memory.  Larger
 * requests get their own mapping.  Each block carries an 16-byte header
 * holding its class so free() needs no size.  Not thread-safe by itself:
 * callers hold the rtld lock. */
#include <stdbool.h>
#include "util.h"
#include "sys.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NCLASS (MAX_SHIFT - MIN_SHIFT + 1)
#define ARENA (64 * 1024)
#define HDR 16

struct freeblk {
	struct freeblk *next;
};

static struct freeblk *free_list[NCLASS];
static char *arena_cur, *arena_end;

/* The first arena is in the bss, after all other variables (a common
 * symbol goes after every .bss section): start-up allocations then share
 * pages with the loader's variables, the first of which the kernel has
 * already touched, and need no mmap.  Zero like fresh mmap memory. */
__attribute__((common, aligned(64))) char rtld_first_arena[ARENA];

static int size_class(size_t n)
{
	int c = 0;
	while (((size_t)1 << (c + MIN_SHIFT)) < n)
		c++;
	return c;
}

static void *big_alloc(size_t n)
{
	size_t len = (n + HDR + 4095) & ~(size_t)4095;
	char *p = sys_mmap(0, len, R_PROT_READ | R_PROT_WRITE,
			   R_MAP_PRIVATE | R_MAP_ANONYMOUS, -1, 0);
	if (R_MAP_FAILED(p))
		return 0;
	*(size_t *)p = len;	/* a big block records its mapping length */
	return p + HDR;
}

/* *fresh tells whether the block is untouched mmap memory, hence zero. */
static void *alloc(size_t n, bool *fresh)
{
	*fresh = true;
	if (n > ((size_t)1 << MAX_SHIFT) - HDR)
		return big_alloc(n);
	int c = size_class(n + HDR);
	if (free_list[c]) {
		struct freeblk *b = free_list[c];
		free_list[c] = b->next;
		*fresh = false;
		return b;
	}
	size_t sz = (size_t)1 << (c + MIN_SHIFT);
	if (!arena_end) {
		arena_cur = rtld_first_arena;
		arena_end = rtld_first_arena + ARENA;
	}
	if ((size_t)(arena_end - arena_cur) < sz) {
		char *a = sys_mmap(0, ARENA, R_PROT_READ | R_PROT_WRITE,
				   R_MAP_PRIVATE | R_MAP_ANONYMOUS, -1, 0);
		if (R_MAP_FAILED(a))
			return 0;
		arena_cur = a;
		arena_end = a + ARENA;
	}
	char *p = arena_cur;
	arena_cur += sz;
	*(size_t *)p = (size_t)c;
	return p + HDR;
}

void *r_malloc(size_t n)
{
	bool fresh;
	return alloc(n, &fresh);
}

static size_t block_size(void *p)
{
	size_t h = *(size_t *)((char *)p - HDR);
	return h < NCLASS ? ((size_t)1 << (h + MIN_SHIFT)) - HDR : h - HDR;
}

void r_free(void *p)
{
	if (!p)
		return;
	char *base = (char *)p - HDR;
	size_t h = *(size_t *)base;
	if (h >= NCLASS) {
		sys_munmap(base, h);
		return;
	}
	struct freeblk *b = p;
	b->next = free_list[h];
	free_list[h] = b;
}

void *r_calloc(size_t n, size_t m)
{
	if (m && n > (size_t)-1 / m)
		return 0;
	bool fresh;
	void *p = alloc(n * m, &fresh);
	if (p && !fresh)
		r_memset(p, 0, n * m);	/* new mappings are already zero */
	return p;
}

#define HUGE_PAGE ((size_t)2 << 20)
#define R_MADV_HUGEPAGE 14

/* A large zeroed table read at random (the symbol index): a mapping of
 * its own, 2 MiB-aligned and on huge pages where the kernel allows them,
 * so that lookups do not miss the TLB at every step and filling it takes
 * a few faults instead of thousands.  Freed by r_free. */
void *r_calloc_large(size_t n, size_t m)
{
	if (m && n > (size_t)-1 / m)
		return 0;
	size_t bytes = n * m;
	if (bytes < HUGE_PAGE)
		return r_calloc(n, m);
	size_t len = (bytes + HDR + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
	char *p = sys_mmap(0, len + HUGE_PAGE, R_PROT_READ | R_PROT_WRITE,
			   R_MAP_PRIVATE | R_MAP_ANONYMOUS, -1, 0);
	if (R_MAP_FAILED(p))
		return 0;
	char *a = (char *)(((uintptr_t)p + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	if (a > p)
		sys_munmap(p, (size_t)(a - p));
	if (a + len < p + len + HUGE_PAGE)
		sys_munmap(a + len, (size_t)(p + len + HUGE_PAGE - (a + len)));
	rsys3(__NR_madvise, (long)a, (long)len, R_MADV_HUGEPAGE);
	*(size_t *)a = len;
	return a + HDR;
}

void *r_realloc(void *p, size_t n)
{
	if (!p)
		return r_malloc(n);
	size_t old = block_size(p);
	if (n <= old)
		return p;
	void *q = r_malloc(n);
	if (q) {
		r_memcpy(q, p, old);
		r_free(p);
	}
	return q;
}

char *r_strndup(const char *s, size_t n)
{
	char *p = r_malloc(n + 1);
	if (p) {
		r_memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

char *r_strdup(const char *s)
{
	return r_strndup(s, r_strlen(s));
}
