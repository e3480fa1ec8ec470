/* Reader for glibc's /etc/ld.so.cache (see ldcache.h).
 *
 * Layout, as written by ldconfig since glibc 2.2 and read by ld.so 2.36:
 *
 *   [old header "ld.so-1.7.0", uint32 nlibs, nlibs * 12-byte entries,
 *    padding to a multiple of 8]         -- optional ("compat" format)
 *   new header (48 bytes): "glibc-ld.so.cache" "1.1", uint32 nlibs,
 *    uint32 len_strings, uint8 flags, 3 pad, uint32 extension_offset,
 *    3 * uint32 unused
 *   nlibs * 24-byte entries: int32 flags, uint32 key, uint32 value,
 *    uint32 osversion, uint64 hwcap
 *   strings; key and value are offsets from the start of the new header.
 *
 * The file is little-endian on x86_64, so fields are assembled byte by
 * byte: the image need not be aligned and no field is trusted. */
#include "ldcache.h"
#include "util.h"

#define OLD_MAGIC "ld.so-1.7.0"
#define OLD_MAGIC_LEN 11
#define OLD_HDR_SIZE 16			/* magic, 1 pad byte, nlibs */
#define OLD_ENTRY_SIZE 12

#define NEW_MAGIC "glibc-ld.so.cache1.1"
#define NEW_MAGIC_LEN 20
#define NEW_HDR_SIZE 48
#define NEW_ENTRY_SIZE 24
#define NEW_NLIBS 20			/* field offsets in the new header */
#define NEW_FLAGS 28

/* ld.so aligns the new header like struct cache_file_new (8 bytes). */
#define NEW_HDR_ALIGN 8

/* Header flags: low two bits give the byte order; 0 means "unknown"
 * (older ldconfig) and is accepted, 2 is little-endian. */
#define ENDIAN_MASK 3
#define ENDIAN_LITTLE 2

/* Entry flags of an x86-64 libc6 library (FLAG_ELF_LIBC6 | FLAG_X8664_LIB64):
 * the only ones ld.so on x86_64 accepts. */
#define FLAGS_X8664_LIBC6 0x0303

/* hwcap bit 63 marks the legacy "tls" subdirectory, which every ld.so
 * accepts; bit 62 marks the glibc-hwcaps extension.  Any other bit is a
 * legacy hwcap or platform subdirectory whose use depends on the CPU. */
#define HWCAP_TLS ((uint64_t)1 << 63)

struct entry {
	int32_t flags;
	uint32_t key, value;
	uint64_t hwcap;
};

static uint32_t rd32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
	       (uint32_t)u[3] << 24;
}

static uint64_t rd64(const char *p)
{
	return (uint64_t)rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

static int has_prefix(const char *p, size_t avail, const char *magic, size_t len)
{
	return avail >= len && r_memcmp(p, magic, len) == 0;
}

/* Offset of the new header: 0 for a new-format file, after the old table
 * for the compat format; (size_t)-1 for anything else (including an
 * old-format-only file, which has no 24-byte entries to offer). */
static size_t new_header_offset(const char *img, size_t size)
{
	if (has_prefix(img, size, NEW_MAGIC, NEW_MAGIC_LEN))
		return 0;
	if (!has_prefix(img, size, OLD_MAGIC, OLD_MAGIC_LEN) || size < OLD_HDR_SIZE)
		return (size_t)-1;
	uint32_t n = rd32(img + OLD_MAGIC_LEN + 1);
	if (n > (size - OLD_HDR_SIZE) / OLD_ENTRY_SIZE)
		return (size_t)-1;
	size_t end = OLD_HDR_SIZE + (size_t)n * OLD_ENTRY_SIZE;
	return (end + NEW_HDR_ALIGN - 1) & ~(size_t)(NEW_HDR_ALIGN - 1);
}

int ldcache_parse(struct ldcache *c, const void *image, size_t size)
{
	const char *img = image;
	r_memset(c, 0, sizeof *c);
	size_t off = new_header_offset(img, size);
	if (off > size || size - off < NEW_HDR_SIZE)
		return -1;
	const char *hdr = img + off;
	size_t avail = size - off - NEW_HDR_SIZE;
	if (r_memcmp(hdr, NEW_MAGIC, NEW_MAGIC_LEN) != 0)
		return -1;
	unsigned char flags = (unsigned char)hdr[NEW_FLAGS];
	if (flags != 0 && (flags & ENDIAN_MASK) != ENDIAN_LITTLE)
		return -1;
	uint32_t n = rd32(hdr + NEW_NLIBS);
	if (n > avail / NEW_ENTRY_SIZE)
		return -1;
	c->image = img;
	c->size = size;
	c->hdr = hdr;
	c->nlibs = n;
	c->entries = hdr + NEW_HDR_SIZE;
	c->nul_end = size;
	while (c->nul_end > 0 && img[c->nul_end - 1] != 0)
		c->nul_end--;
	return 0;
}

/* The NUL-terminated string at offset off from the new header, or NULL
 * when it starts or ends outside the image. */
static const char *string_at(const struct ldcache *c, uint32_t off)
{
	size_t base = (size_t)(c->hdr - c->image);
	size_t room = c->size - base;
	if (off >= room)
		return 0;
	/* A string starting before the image's last NUL ends inside it, so
	 * lookups need no scan of their own. */
	if (base + off >= c->nul_end)
		return 0;
	return c->hdr + off;
}

static struct entry entry_at(const struct ldcache *c, uint32_t i)
{
	const char *p = c->entries + (size_t)i * NEW_ENTRY_SIZE;
	struct entry e = {
		.flags = (int32_t)rd32(p),
		.key = rd32(p + 4),
		.value = rd32(p + 8),
		.hwcap = rd64(p + 16),
	};
	return e;
}

static int is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* Entries ld.so 2.36 would use without knowing the CPU: the right ABI
 * flags, no glibc-hwcaps subdirectory (bit 62; rtld does not search
 * those), and no CPU-dependent legacy hwcap bit.  The file lists such
 * special entries before the plain one of the same name, so skipping
 * them falls back to the plain entry, never to a foreign library. */
static int usable(const struct entry *e)
{
	return e->flags == FLAGS_X8664_LIBC6 && (e->hwcap & ~HWCAP_TLS) == 0;
}

/* ld.so's cache order (_dl_cache_libcmp): digit runs compare by value,
 * a digit sorts after any other character.  ldconfig writes the entries
 * in decreasing order of it. */
static int libcmp(const char *a, const char *b)
{
	while (*a) {
		if (is_digit(*a)) {
			if (!is_digit(*b))
				return 1;
			uint64_t x = 0, y = 0;
			while (is_digit(*a))
				x = x < (1ull << 59) ? x * 10 + (uint64_t)(*a++ - '0') : (a++, x);
			while (is_digit(*b))
				y = y < (1ull << 59) ? y * 10 + (uint64_t)(*b++ - '0') : (b++, y);
			if (x != y)
				return x < y ? -1 : 1;
		} else if (is_digit(*b)) {
			return -1;
		} else if (*a != *b) {
			return (unsigned char)*a - (unsigned char)*b;
		} else {
			a++, b++;
		}
	}
	return -(unsigned char)*b;
}

static int compare_at(const struct ldcache *c, const char *name, uint32_t i)
{
	const char *key = string_at(c, entry_at(c, i).key);
	return key ? libcmp(name, key) : 1;
}

/* Binary search as ld.so does it, then the first usable entry among those
 * with the same name (special hwcap entries come before the plain one). */
const char *ldcache_lookup(const struct ldcache *c, const char *soname)
{
	uint32_t lo = 0, hi = c->nlibs;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int r = compare_at(c, soname, mid);
		if (r == 0) {
			while (mid > 0 && compare_at(c, soname, mid - 1) == 0)
				mid--;
			for (; mid < c->nlibs && compare_at(c, soname, mid) == 0; mid++) {
				struct entry e = entry_at(c, mid);
				const char *path = usable(&e) ? string_at(c, e.value) : 0;
				if (path)
					return path;
			}
			return 0;
		}
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void ldcache_foreach(const struct ldcache *c,
		     void (*fn)(const char *key, const char *value, int32_t flags, void *ctx),
		     void *ctx)
{
	for (uint32_t i = 0; i < c->nlibs; i++) {
		struct entry e = entry_at(c, i);
		const char *key = string_at(c, e.key);
		const char *value = string_at(c, e.value);
		if (key && value)
			fn(key, value, e.flags, ctx);
	}
}
