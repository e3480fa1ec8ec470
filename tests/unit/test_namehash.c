/* name_hash and names_equal (rtld/namehash.h), the symbol index's hash
 * and comparison: the same answer wherever a name lies, no read past the
 * page that holds its NUL, the copy the index keeps, and no collisions
 * among names that differ only in a few characters. */
#include "testutil.h"
#include "namehash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Two pages, the second inaccessible: a name placed to end at the end of
 * the first page makes any read past its NUL's page fault. */
static char *guarded_page(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(0, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(mprotect(p + pg, (size_t)pg, PROT_NONE), 0);
	return p;
}

static const char sample[] = "abcdefghijklmnopqrstuvwxyz_0123456789_ABCDEFGHIJKLMN";

START_TEST(same_hash_at_every_offset_and_page_end)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *page = guarded_page();
	for (size_t n = 0; n < sizeof sample; n++) {
		size_t len0;
		char ref[sizeof sample];
		memcpy(ref, sample, n);
		ref[n] = 0;
		uint32_t h0 = name_hash(ref, &len0, 0);
		ck_assert_uint_eq(len0, n);
		/* Every start that leaves the NUL in the first page, the last
		 * ones ending right at the guard. */
		for (size_t end = (size_t)pg - 1; end + 24 >= (size_t)pg && end >= n; end--) {
			char *s = page + end - n;
			memcpy(s, ref, n + 1);
			size_t len;
			ck_assert_uint_eq(name_hash(s, &len, 0), h0);
			ck_assert_uint_eq(len, n);
			ck_assert(names_equal(s, ref, n));
		}
	}
	munmap(page, 2 * (size_t)pg);
}
END_TEST

START_TEST(copy_is_whole_words_nul_padded)
{
	for (size_t n = 0; n < sizeof sample; n++) {
		char name[sizeof sample];
		memcpy(name, sample, n);
		name[n] = 0;
		char copy[sizeof sample + 16];
		memset(copy, 0x5a, sizeof copy);
		size_t len;
		name_hash(name, &len, copy);
		size_t words = n / 8 + 1;
		ck_assert_mem_eq(copy, name, n);
		for (size_t i = n; i < words * 8; i++)
			ck_assert_int_eq(copy[i], 0);
		for (size_t i = words * 8; i < sizeof copy; i++)
			ck_assert_int_eq(copy[i], 0x5a);	/* nothing written beyond */
		ck_assert(names_equal(copy, name, len));
	}
}
END_TEST

START_TEST(unequal_names)
{
	const char *a = "module_function_0001_suffix";
	size_t len = strlen(a);
	for (size_t i = 0; i < len; i++) {
		char b[64];
		strcpy(b, a);
		b[i] ^= 1;
		ck_assert(!names_equal(a, b, len));
		size_t la, lb;
		ck_assert_uint_ne(name_hash(a, &la, 0), name_hash(b, &lb, 0));
	}
}
END_TEST

static int cmp_u32(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	return a < b ? -1 : a > b;
}

/* The benchmark's 200,000 names (tools/bench): the GNU hash gives them
 * only 110,000 distinct values; this hash must give each its own. */
START_TEST(structured_names_do_not_collide)
{
	enum { L = 200, M = 1000 };
	uint32_t *h = malloc(sizeof *h * L * M);
	ck_assert_ptr_nonnull(h);
	char name[64];
	for (int k = 0; k < L; k++)
		for (int j = 0; j < M; j++) {
			snprintf(name, sizeof name, "ls%03d_module_function_%04d", k, j);
			size_t len;
			h[k * M + j] = name_hash(name, &len, 0);
		}
	qsort(h, (size_t)L * M, sizeof *h, cmp_u32);
	for (size_t i = 1; i < (size_t)L * M; i++)
		ck_assert_uint_ne(h[i], h[i - 1]);
	free(h);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("namehash");
	ADD_TCASE(s, "namehash", NULL, NULL, same_hash_at_every_offset_and_page_end,
		  copy_is_whole_words_nul_padded, unequal_names, structured_names_do_not_collide);
	return run_suite(s);
}
