/* r_strcmp (rtld/string.c), which compares eight bytes at a time: the
 * same sign as the C library's strcmp, wherever the strings lie, with no
 * read past the page that holds a NUL when the next page is missing. */
#include "testutil.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void check(const char *a, const char *b)
{
	ck_assert_int_eq(sign(r_strcmp(a, b)), sign(strcmp(a, b)));
	ck_assert_int_eq(sign(r_strcmp(b, a)), sign(strcmp(b, a)));
}

START_TEST(known_pairs)
{
	static const char *const s[] = {
		"", "a", "b", "ab", "abc", "abcdefg", "abcdefgh", "abcdefghi", "abcdefgh\x80",
		"abcdefgh\x7f", "\xff", "\x01", "GLIBC_2.2.5", "GLIBC_2.3", "GLIBC_2.34",
		"_ZNSt8ios_base4InitC1Ev", "_ZNSt8ios_base4InitD1Ev", "ls000_module_function_0000",
		"ls000_module_function_0001", "ls001_module_function_0000",
	};
	size_t n = sizeof s / sizeof *s;
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++)
			check(s[i], s[j]);
}
END_TEST

/* Random pairs with long common prefixes, at every alignment. */
START_TEST(random_pairs)
{
	char a[80], b[80];
	srand(1);
	for (int t = 0; t < 200000; t++) {
		size_t la = (size_t)rand() % 40, lb = (size_t)rand() % 40, common = (size_t)rand() % 40;
		for (size_t i = 0; i < la; i++)
			a[i] = (char)(1 + rand() % 255);
		a[la] = 0;
		memcpy(b, a, la + 1);
		for (size_t i = common; i < lb; i++)
			b[i] = (char)(1 + rand() % 255);
		if (lb >= common)
			b[lb] = 0;
		size_t oa = (size_t)rand() % 8, ob = (size_t)rand() % 8;
		char x[96], y[96];
		strcpy(x + oa, a);
		strcpy(y + ob, b);
		check(x + oa, y + ob);
	}
}
END_TEST

START_TEST(page_end)
{
	long pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(0, 2 * (size_t)pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ck_assert_ptr_ne(p, MAP_FAILED);
	ck_assert_int_eq(mprotect(p + pg, (size_t)pg, PROT_NONE), 0);
	const char *name = "module_function_0001";
	size_t n = strlen(name);
	for (size_t k = 0; k <= n; k++) {
		char *s = p + pg - 1 - k;	/* the NUL in the last byte */
		memcpy(s, name + n - k, k + 1);
		check(s, name + n - k);
		check(s, "zz");
	}
	munmap(p, 2 * (size_t)pg);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("string");
	ADD_TCASE(s, "string", NULL, NULL, known_pairs, random_pairs, page_end);
	return run_suite(s);
}
