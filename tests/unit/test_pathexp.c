/* pathexp_expand / pathexp_has_dst against glibc 2.36's DST rules. */
#include "testutil.h"
#include "pathexp.h"

#include <string.h>

static const struct pathexp_ctx plain = {
	.origin = "/opt/app/bin",
	.lib = "lib/x86_64-linux-gnu",
	.platform = "x86_64",
	.secure = 0,
};

static struct pathexp_ctx with_secure(int secure)
{
	struct pathexp_ctx c = plain;
	c.secure = secure;
	return c;
}

/* Expands a NUL-terminated element into a generous buffer; returns the
 * result and checks that the returned length matches it.  NULL when the
 * element is dropped. */
static const char *expand(const struct pathexp_ctx *ctx, const char *elem)
{
	static char out[512];
	memset(out, 'X', sizeof out);
	long n = pathexp_expand(elem, strlen(elem), ctx, out, sizeof out);
	if (n < 0)
		return NULL;
	ck_assert_uint_eq(strlen(out), (size_t)n);
	return out;
}

/* An element and its expansion; want NULL: the element is dropped. */
struct xcase {
	const char *in, *want;
};

static void run_xcases(const struct pathexp_ctx *ctx, const struct xcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *got = expand(ctx, c[i].in);
		if (!c[i].want)
			ck_assert_msg(!got, "'%s' expands to '%s', want dropped", c[i].in, got);
		else
			ck_assert_msg(got && strcmp(got, c[i].want) == 0, "'%s' -> '%s', want '%s'",
				      c[i].in, got ? got : "(dropped)", c[i].want);
	}
}
#define RUN_XCASES(ctx, ...)						\
	run_xcases(ctx, (const struct xcase[]){ __VA_ARGS__ },		\
		   sizeof((const struct xcase[]){ __VA_ARGS__ }) / sizeof(struct xcase))

START_TEST(all_token_spellings)
{
	RUN_XCASES(&plain,
		{ "$ORIGIN", "/opt/app/bin" },
		{ "${ORIGIN}", "/opt/app/bin" },
		{ "$LIB", "lib/x86_64-linux-gnu" },
		{ "${LIB}", "lib/x86_64-linux-gnu" },
		{ "$PLATFORM", "x86_64" },
		{ "${PLATFORM}", "x86_64" },
		{ "$ORIGIN/../$LIB/plugins", "/opt/app/bin/../lib/x86_64-linux-gnu/plugins" },
		{ "/usr/${LIB}/${PLATFORM}/x", "/usr/lib/x86_64-linux-gnu/x86_64/x" },
		{ "$ORIGIN$ORIGIN", "/opt/app/bin/opt/app/bin" },
		{ "${LIB}tls", "lib/x86_64-linux-gnutls" });
}
END_TEST

START_TEST(token_boundaries)
{
	RUN_XCASES(&plain,
		/* An unbraced name ends at a non-identifier character... */
		{ "$LIB-x", "lib/x86_64-linux-gnu-x" },
		{ "$LIB.d", "lib/x86_64-linux-gnu.d" },
		{ "$ORIGIN}", "/opt/app/bin}" },
		{ "$ORIGIN:x", "/opt/app/bin:x" },
		/* ...otherwise it is another word, copied literally. */
		{ "$ORIGINAL", "$ORIGINAL" },
		{ "$LIB64", "$LIB64" },
		{ "$LIB_x", "$LIB_x" },
		{ "$LIBx/y", "$LIBx/y" },
		{ "$PLATFORMS", "$PLATFORMS" },
		/* Braces must close right after the name. */
		{ "${ORIGIN", "${ORIGIN" },
		{ "${ORIGINX}", "${ORIGINX}" },
		{ "${ORIGIN/x}", "${ORIGIN/x}" },
		{ "${}", "${}" },
		{ "{ORIGIN}", "{ORIGIN}" });
}
END_TEST

START_TEST(unknown_tokens_literal)
{
	RUN_XCASES(&plain,
		{ "$FOO/bar", "$FOO/bar" },
		{ "${FOO}", "${FOO}" },
		{ "$origin", "$origin" },
		{ "$", "$" },
		{ "a$", "a$" },
		{ "$$ORIGIN", "$/opt/app/bin" },
		{ "$/x", "$/x" },
		{ "/usr/lib", "/usr/lib" },
		{ "", "" });
}
END_TEST

START_TEST(unknown_values_drop)
{
	struct pathexp_ctx c = plain;
	c.origin = NULL;
	RUN_XCASES(&c,
		{ "$ORIGIN", NULL },
		{ "/a/${ORIGIN}/b", NULL },
		{ "$LIB/$ORIGIN", NULL },
		{ "/usr/$LIB", "/usr/lib/x86_64-linux-gnu" },
		{ "$ORIGINAL", "$ORIGINAL" });
	c = plain;
	c.platform = NULL;
	RUN_XCASES(&c, { "/x/$PLATFORM", NULL }, { "$ORIGIN", "/opt/app/bin" });
	c = plain;
	c.lib = NULL;
	RUN_XCASES(&c, { "/usr/$LIB", NULL });
}
END_TEST

START_TEST(secure_mode)
{
	struct pathexp_ctx c = with_secure(1);
	RUN_XCASES(&c,
		/* $ORIGIN only at the start, followed by '/' or the end. */
		{ "$ORIGIN", "/opt/app/bin" },
		{ "${ORIGIN}", "/opt/app/bin" },
		{ "$ORIGIN/../lib", "/opt/app/bin/../lib" },
		{ "${ORIGIN}/lib", "/opt/app/bin/lib" },
		{ "/x/$ORIGIN", NULL },
		{ "a$ORIGIN", NULL },
		{ "$ORIGIN.d", NULL },
		{ "${ORIGIN}x", NULL },
		{ "$ORIGIN/$ORIGIN", NULL },
		/* $LIB and $PLATFORM are set by the loader: usable anywhere. */
		{ "/usr/$LIB", "/usr/lib/x86_64-linux-gnu" },
		{ "/usr/lib/$PLATFORM", "/usr/lib/x86_64" },
		{ "$ORIGIN/$LIB", "/opt/app/bin/lib/x86_64-linux-gnu" },
		/* Not tokens at all: unaffected. */
		{ "/x/$ORIGINAL", "/x/$ORIGINAL" });
}
END_TEST

START_TEST(length_bounds)
{
	char out[64];
	/* Only elem[0..len) counts: the rest of the string is another element. */
	ck_assert_int_eq(pathexp_expand("$ORIGIN:/x", 7, &plain, out, sizeof out), 12);
	ck_assert_str_eq(out, "/opt/app/bin");
	ck_assert_int_eq(pathexp_expand("$LIBX", 4, &plain, out, sizeof out), 20);
	ck_assert_str_eq(out, "lib/x86_64-linux-gnu");
	ck_assert_int_eq(pathexp_expand("${LIB}", 5, &plain, out, sizeof out), 5);
	ck_assert_str_eq(out, "${LIB");
	struct pathexp_ctx c = with_secure(1);
	ck_assert_int_eq(pathexp_expand("$ORIGINabc", 7, &c, out, sizeof out), 12);
	/* A NUL ends the element early. */
	ck_assert_int_eq(pathexp_expand("ab\0$ORIGIN", 10, &plain, out, sizeof out), 2);
	ck_assert_str_eq(out, "ab");
	ck_assert_int_eq(pathexp_expand("abc", 0, &plain, out, sizeof out), 0);
	ck_assert_str_eq(out, "");
}
END_TEST

START_TEST(output_too_small)
{
	char out[32];
	const char *want = "/opt/app/bin/lib";	/* 16 bytes */
	ck_assert_int_eq(pathexp_expand("$ORIGIN/lib", 11, &plain, out, 17), 16);
	ck_assert_str_eq(out, want);
	ck_assert_int_eq(pathexp_expand("$ORIGIN/lib", 11, &plain, out, 16), -1);
	ck_assert_int_eq(pathexp_expand("$ORIGIN/lib", 11, &plain, out, 10), -1);
	ck_assert_int_eq(pathexp_expand("$ORIGIN/lib", 11, &plain, out, 0), -1);
	ck_assert_int_eq(pathexp_expand("/usr/lib", 8, &plain, out, 9), 8);
	ck_assert_int_eq(pathexp_expand("/usr/lib", 8, &plain, out, 8), -1);
	ck_assert_int_eq(pathexp_expand("", 0, &plain, out, 1), 0);
	ck_assert_int_eq(pathexp_expand("", 0, &plain, out, 0), -1);
	/* Nothing is written past outsz. */
	memset(out, '#', sizeof out);
	ck_assert_int_eq(pathexp_expand("$PLATFORM/$PLATFORM", 19, &plain, out, 10), -1);
	for (size_t i = 10; i < sizeof out; i++)
		ck_assert_int_eq(out[i], '#');
}
END_TEST

START_TEST(has_dst)
{
	ck_assert(pathexp_has_dst("$ORIGIN", 7));
	ck_assert(pathexp_has_dst("${ORIGIN}/x", 11));
	ck_assert(pathexp_has_dst("/usr/$LIB", 9));
	ck_assert(pathexp_has_dst("/usr/${LIB}", 11));
	ck_assert(pathexp_has_dst("x/$PLATFORM/y", 13));
	ck_assert(pathexp_has_dst("${PLATFORM}", 11));
	ck_assert(pathexp_has_dst("$FOO$LIB", 8));
	ck_assert(!pathexp_has_dst("", 0));
	ck_assert(!pathexp_has_dst("/usr/lib", 8));
	ck_assert(!pathexp_has_dst("$FOO", 4));
	ck_assert(!pathexp_has_dst("$ORIGINAL", 9));
	ck_assert(!pathexp_has_dst("${ORIGIN", 8));
	ck_assert(!pathexp_has_dst("x$LIBy", 6));
	ck_assert(!pathexp_has_dst("$", 1));
	/* Bounded by len. */
	ck_assert(!pathexp_has_dst("$LIB", 3));
	ck_assert(pathexp_has_dst("$LIBy", 4));
	ck_assert(!pathexp_has_dst("abc$ORIGIN", 3));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("pathexp");
	ADD_TCASE(s, "expand", NULL, NULL, all_token_spellings, token_boundaries,
		  unknown_tokens_literal, unknown_values_drop, secure_mode, length_bounds,
		  output_too_small);
	ADD_TCASE(s, "has_dst", NULL, NULL, has_dst);
	return run_suite(s);
}
