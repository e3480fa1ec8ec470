/* Dynamic string tokens in search paths: $ORIGIN, $LIB, $PLATFORM (also as
 * ${ORIGIN} etc.), expanded the way glibc 2.36 expands them.  Pure. */
#ifndef RTLD_PATHEXP_H
#define RTLD_PATHEXP_H

#include <stddef.h>

struct pathexp_ctx {
	const char *origin;	/* directory of the object, or NULL if unknown */
	const char *lib;	/* "lib/x86_64-linux-gnu" on Debian x86_64 */
	const char *platform;	/* AT_PLATFORM string, or NULL */
	int secure;		/* AT_SECURE: glibc's restrictions apply */
};

/* Expands one path element elem[0..len) into out (size outsz, always
 * NUL-terminated on success).  Returns the length written, or -1 when the
 * element must be dropped (unknown origin, secure-mode rule, or out too
 * small).  A '$' that starts no known token is copied literally. */
long pathexp_expand(const char *elem, size_t len, const struct pathexp_ctx *ctx,
		    char *out, size_t outsz);

/* True if the string contains a DST ($ORIGIN, $LIB, $PLATFORM). */
int pathexp_has_dst(const char *s, size_t len);

#endif
