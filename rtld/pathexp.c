/* Dynamic string token expansion (see pathexp.h), following glibc 2.36's
 * is_dst/_dl_dst_substitute in elf/dl-load.c:
 *
 *  - "$NAME" or "${NAME}" with NAME one of ORIGIN, PLATFORM, LIB; an
 *    unbraced name must not be followed by an identifier character
 *    ([A-Za-z0-9_]), so "$ORIGINAL" and "$LIB64" are not tokens, while a
 *    braced one must be closed right after the name.
 *  - Anything else after '$' is copied literally, '$' included.
 *  - A token whose value is unknown (no origin, no platform) drops the
 *    whole element.
 *  - In secure mode only $ORIGIN is restricted: it must open the element
 *    and be followed by '/' or the end, or the element is dropped.  $LIB
 *    and $PLATFORM are fixed by the loader and stay usable anywhere. */
#include "pathexp.h"
#include "util.h"

enum dst { DST_NONE, DST_ORIGIN, DST_PLATFORM, DST_LIB };

static int ident_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Length of token name (braces included) at s[0..n), just after a '$';
 * 0 when s does not start with that token. */
static size_t token_len(const char *s, size_t n, const char *name)
{
	int braced = n > 0 && s[0] == '{';
	size_t i = braced ? 1 : 0;
	size_t nlen = r_strlen(name);
	if (n - i < nlen || r_memcmp(s + i, name, nlen) != 0)
		return 0;
	i += nlen;
	char next = i < n ? s[i] : '\0';
	if (braced)
		return next == '}' ? i + 1 : 0;
	return ident_char(next) ? 0 : i;
}

/* Which token follows a '$' at s[0..n), and its length in *len. */
static enum dst find_token(const char *s, size_t n, size_t *len)
{
	if ((*len = token_len(s, n, "ORIGIN")))
		return DST_ORIGIN;
	if ((*len = token_len(s, n, "PLATFORM")))
		return DST_PLATFORM;
	if ((*len = token_len(s, n, "LIB")))
		return DST_LIB;
	return DST_NONE;
}

/* Value of a token, or NULL when the element must be dropped.  at_start
 * and then_sep describe the token's place for the secure-mode rule. */
static const char *token_value(enum dst kind, const struct pathexp_ctx *ctx,
			       int at_start, int then_sep)
{
	switch (kind) {
	case DST_ORIGIN:
		if (ctx->secure && !(at_start && then_sep))
			return 0;
		return ctx->origin;
	case DST_PLATFORM:
		return ctx->platform;
	case DST_LIB:
		return ctx->lib;
	default:
		return 0;
	}
}

/* Appends s[0..n) to out, keeping room for the final NUL. */
static int append(char *out, size_t outsz, size_t *w, const char *s, size_t n)
{
	if (*w >= outsz || n >= outsz - *w)
		return 0;
	r_memcpy(out + *w, s, n);
	*w += n;
	return 1;
}

long pathexp_expand(const char *elem, size_t len, const struct pathexp_ctx *ctx,
		    char *out, size_t outsz)
{
	size_t w = 0;
	len = r_strnlen(elem, len);	/* a C string ends at its NUL */
	for (size_t i = 0; i < len;) {
		size_t tlen = 0;
		enum dst kind = elem[i] == '$' ?
			find_token(elem + i + 1, len - i - 1, &tlen) : DST_NONE;
		if (kind == DST_NONE) {
			if (!append(out, outsz, &w, elem + i, 1))
				return -1;
			i++;
			continue;
		}
		size_t after = i + 1 + tlen;
		const char *val = token_value(kind, ctx, i == 0,
					      after == len || elem[after] == '/');
		if (!val || !append(out, outsz, &w, val, r_strlen(val)))
			return -1;
		i = after;
	}
	if (w >= outsz)
		return -1;
	out[w] = '\0';
	return (long)w;
}

int pathexp_has_dst(const char *s, size_t len)
{
	size_t tlen;
	len = r_strnlen(s, len);
	for (size_t i = 0; i < len; i++)
		if (s[i] == '$' && find_token(s + i + 1, len - i - 1, &tlen) != DST_NONE)
			return 1;
	return 0;
}
