/* Reading glibc's /etc/ld.so.cache (format "glibc-ld.so.cache1.1", alone or
 * after the old "ld.so-1.7.0" table).  Pure: works on a mapped image and
 * validates every offset against its size. */
#ifndef RTLD_LDCACHE_H
#define RTLD_LDCACHE_H

#include <stddef.h>
#include <stdint.h>

struct ldcache {
	const char *image;		/* whole file */
	size_t size;
	const char *hdr;		/* start of the new-format header */
	uint32_t nlibs;
	const char *entries;		/* nlibs entries of 24 bytes */
	size_t nul_end;			/* one past the image's last NUL byte */
};

/* Returns 0 on success, -1 when the image is not a valid cache. */
int ldcache_parse(struct ldcache *c, const void *image, size_t size);

/* Path for a soname among the x86-64 libc6 entries (flags 0x0303), as ld.so
 * picks it (entries whose hwcap field uses the glibc-hwcaps extension are
 * skipped: rtld does not search glibc-hwcaps subdirectories).  Returns a
 * pointer into the image (NUL-terminated, validated) or NULL. */
const char *ldcache_lookup(const struct ldcache *c, const char *soname);

/* Calls fn(key, value, flags, ctx) for each entry in file order; used by
 * the unit tests and tools.  Entries with out-of-range strings are skipped. */
void ldcache_foreach(const struct ldcache *c,
		     void (*fn)(const char *key, const char *value, int32_t flags, void *ctx),
		     void *ctx);

#endif
