/* Shadow link maps: glibc's libc reads struct link_map directly (the main
 * program's initialisers in __libc_start_main, dl_iterate_phdr, _dl_addr
 * for backtrace_symbols, thread_local destructors).  Each object gets one
 * in glibc's layout; rtld's own struct obj stays its own.
 *
 * glibc's ld.so rewrites some dynamic entries to absolute addresses and
 * libc relies on that, so each shadow points its l_info at a copy of the
 * object's dynamic section rewritten the same way. */
#include "glibc.h"
#include "util.h"

#define DT_VERSYM_ 0x6ffffff0
#define DT_VERNEEDNUM_ 0x6fffffff
#define DT_GNU_HASH_ 0x6ffffef5
#define L_INFO_VERSION_BASE 38	/* glibc's DT_NUM + DT_THISPROCNUM */
#define L_INFO_GNU_HASH 79
#define LT_EXECUTABLE 0
#define LT_LIBRARY 1
#define LT_LOADED 2

struct shadow {
	char map[GLIBC_SIZEOF_LINK_MAP] __attribute__((aligned(16)));
	struct obj *obj;
	char libname[GLIBC_SIZEOF_LIBNAME_LIST] __attribute__((aligned(8)));
	Dyn *dyn;			/* the rewritten copy */
};

/* glibc's l_info index of a dynamic tag, or -1 for tags it does not keep. */
static int info_index(Elf64_Sxword tag)
{
	if (tag >= 0 && tag < L_INFO_VERSION_BASE)
		return (int)tag;
	if (tag >= DT_VERSYM_ && tag <= DT_VERNEEDNUM_)
		return L_INFO_VERSION_BASE + (int)(DT_VERNEEDNUM_ - tag);
	if (tag == DT_GNU_HASH_)
		return L_INFO_GNU_HASH;
	return -1;
}

static bool made_absolute(Elf64_Sxword tag)
{
	switch (tag) {
	case DT_HASH: case DT_PLTGOT: case DT_STRTAB: case DT_SYMTAB: case DT_RELA:
	case DT_REL: case DT_JMPREL: case DT_RELR: case DT_VERSYM_: case DT_GNU_HASH_:
		return true;
	}
	return false;
}

static void fill_info(struct shadow *s, struct obj *o)
{
	size_t n = 0;
	for (const Dyn *d = o->l_ld; d && d->d_tag != DT_NULL; d++)
		n++;
	s->dyn = r_calloc(n + 1, sizeof(Dyn));
	if (!s->dyn)
		return;
	Dyn **info = (Dyn **)(s->map + GLIBC_OFF_LINK_MAP_L_INFO);
	for (size_t i = 0; i < n; i++) {
		s->dyn[i] = o->l_ld[i];
		if (made_absolute(s->dyn[i].d_tag) && !o->is_vdso)
			s->dyn[i].d_un.d_ptr += o->l_addr;
		int k = info_index(s->dyn[i].d_tag);
		if (k >= 0 && k < GLIBC_L_INFO_COUNT && s->dyn[i].d_tag != DT_NEEDED)
			info[k] = &s->dyn[i];
	}
}

static void set_bit(char *map, unsigned off, unsigned bit, unsigned width, unsigned v)
{
	unsigned char *b = (unsigned char *)map + off;
	unsigned mask = ((1u << width) - 1) << bit;
	*b = (unsigned char)((*b & ~mask) | ((v << bit) & mask));
}

static struct shadow *make_shadow(struct obj *o)
{
	struct shadow *s = r_calloc(1, sizeof *s);
	if (!s)
		return 0;
	char *m = s->map;
	s->obj = o;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_ADDR, Addr) = o->l_addr;
	/* The program's name is "" in glibc's map, however it was started. */
	FIELD(m, GLIBC_OFF_LINK_MAP_L_NAME, const char *) = o->is_main || !o->l_name ? "" : o->l_name;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_LD, Dyn *) = o->l_ld;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_REAL, void *) = m;
	FIELD(s->libname, GLIBC_OFF_LIBNAME_LIST_NAME, const char *) =
		o->libname ? o->libname : (o->l_name ? o->l_name : "");
	FIELD(s->libname, GLIBC_OFF_LIBNAME_LIST_DONT_FREE, int) = 1;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_LIBNAME, void *) = s->libname;
	fill_info(s, o);
	FIELD(m, GLIBC_OFF_LINK_MAP_L_PHDR, const Phdr *) = o->phdr;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_PHNUM, uint16_t) = (uint16_t)o->phnum;
	if (o->gnu_buckets) {
		FIELD(m, GLIBC_OFF_LINK_MAP_L_NBUCKETS, uint32_t) = o->gnu_nbuckets;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_GNU_BITMASK_IDXBITS, uint32_t) = o->gnu_bloom_size - 1;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_GNU_SHIFT, uint32_t) = o->gnu_bloom_shift;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_GNU_BITMASK, const void *) = o->gnu_bloom;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_GNU_BUCKETS, const void *) = o->gnu_buckets;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_GNU_CHAIN_ZERO, const void *) = o->gnu_chain;
	}
	unsigned type = o->is_main ? LT_EXECUTABLE : o->dlopened ? LT_LOADED : LT_LIBRARY;
	set_bit(m, GLIBC_OFF_LINK_MAP_L_TYPE, GLIBC_BIT_LINK_MAP_L_TYPE, GLIBC_WIDTH_LINK_MAP_L_TYPE, type);
	set_bit(m, GLIBC_OFF_LINK_MAP_L_RELOCATED, GLIBC_BIT_LINK_MAP_L_RELOCATED, 1, 1);
	set_bit(m, GLIBC_OFF_LINK_MAP_L_CONTIGUOUS, GLIBC_BIT_LINK_MAP_L_CONTIGUOUS, 1, 1);
	FIELD(m, GLIBC_OFF_LINK_MAP_L_MAP_START, Addr) = o->map_start;
	FIELD(m, GLIBC_OFF_LINK_MAP_L_MAP_END, Addr) = o->map_start + o->map_len;
	if (o->has_tls) {
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_INITIMAGE, const void *) = o->tls_image;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_INITIMAGE_SIZE, size_t) = o->tls_filesz;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_BLOCKSIZE, size_t) = o->tls_memsz;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_ALIGN, size_t) = o->tls_align;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_FIRSTBYTE_OFFSET, size_t) = o->tls_firstbyte;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_OFFSET, size_t) = (size_t)o->tls_offset;
		FIELD(m, GLIBC_OFF_LINK_MAP_L_TLS_MODID, size_t) = o->tls_modid;
	}
	return s;
}

void *shadow_of(struct obj *o)
{
	if (!o)
		return 0;
	if (!o->pdata)
		o->pdata = make_shadow(o);
	return o->pdata;
}

struct obj *obj_of_shadow(const void *map)
{
	return map ? ((const struct shadow *)map)->obj : 0;
}

/* Links the shadows in rtld's load order and publishes the list. */
void shadows_sync(void)
{
	char *prev = 0;
	size_t n = 0;
	char *head = 0;
	for (struct obj *o = R.head; o; o = o->l_next) {
		if (o->faked)
			continue;
		struct shadow *s = shadow_of(o);
		if (!s)
			continue;
		/* TLS placement may have changed since the shadow was made. */
		FIELD(s->map, GLIBC_OFF_LINK_MAP_L_TLS_OFFSET, size_t) = (size_t)o->tls_offset;
		FIELD(s->map, GLIBC_OFF_LINK_MAP_L_TLS_MODID, size_t) = o->tls_modid;
		FIELD(s->map, GLIBC_OFF_LINK_MAP_L_PREV, void *) = prev;
		FIELD(s->map, GLIBC_OFF_LINK_MAP_L_NEXT, void *) = 0;
		if (prev)
			FIELD(prev, GLIBC_OFF_LINK_MAP_L_NEXT, void *) = s->map;
		else
			head = s->map;
		prev = s->map;
		n++;
	}
	GL(GLIBC_OFF_GL_DL_NS + GLIBC_OFF_GL_DL_NS_NS_LOADED, void *) = head;
	GL(GLIBC_OFF_GL_DL_NS + GLIBC_OFF_GL_DL_NS_NS_NLOADED, unsigned) = (unsigned)n;
	/* dlpi_adds counts every object ever loaded, never backwards. */
	static unsigned long long initial;
	if (!initial)
		initial = n;
	GL(GLIBC_OFF_GL_DL_LOAD_ADDS, unsigned long long) = initial + R.adds;
}

void shadow_free(struct obj *o)
{
	struct shadow *s = o->pdata;
	if (!s)
		return;
	r_free(s->dyn);
	r_free(s);
	o->pdata = 0;
}

/* libc counts them in the shadow (__cxa_thread_atexit_impl). */
unsigned long shadow_dtors_pending(struct obj *o)
{
	struct shadow *s = o->pdata;
	return s ? __atomic_load_n((unsigned long *)(s->map + GLIBC_OFF_LINK_MAP_L_TLS_DTOR_COUNT),
				   __ATOMIC_ACQUIRE) : 0;
}
