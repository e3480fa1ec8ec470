/* layout-check: test glibc_layout.h against the live state of the glibc
 * this program runs on.  It is an ordinary glibc program (built with the
 * system compiler and libc, not with rtld's flags).  Under the system's
 * ld.so it checks the generated values against what glibc's own ld.so
 * built.  Under rtld's glibc personality it would check rtld's emulation
 * of the same state.
 *
 * It also prototypes the run-time check rtld must make before it takes on
 * the glibc personality: libc.so.6's build-id, then the _thread_db_*
 * descriptors (LAYOUT.md).
 *
 *   layout-check [-v]      exit 0 if every check passes
 *
 * It re-executes itself once with GLIBC_TUNABLES set (TUNABLES below), to
 * check the tunable table and what ld.so derives from tunables. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/rseq.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "glibc_layout.h"
#include "tls-surplus.h"

static int verbose, failures, checks;

/* The tunables the re-executed run has. */
#define TUNED_NNS 2
#define TUNED_OPT_TLS 1000
#define STR_(x) #x
#define STR(x) STR_(x)
#define TUNABLES "glibc.malloc.arena_max=7:glibc.malloc.mmap_max=13:glibc.rtld.nns=" \
	STR(TUNED_NNS) ":glibc.rtld.optional_static_tls=" STR(TUNED_OPT_TLS)

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);	\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
	} else if (verbose) {						\
		printf("ok   %s: ", #cond);				\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
	}								\
} while (0)

static uint64_t rd(const void *base, size_t off, size_t size)
{
	uint64_t v = 0;
	if (size > sizeof v)
		abort();
	memcpy(&v, (const char *)base + off, size);	/* little-endian */
	return v;
}

/* A member through the generated offset, read with the generated size. */
#define GET(base, S, M) rd((base), GLIBC_OFF_##S##_##M, GLIBC_SIZEOF_##S##_##M)
#define PTR(base, S, M) ((void *)(uintptr_t)rd((base), GLIBC_OFF_##S##_##M, GLIBC_SIZEOF_##S##_##M))
#define ADDR(base, S, M) ((void *)((char *)(base) + GLIBC_OFF_##S##_##M))
#define BITS(base, S, M)						\
	((((const unsigned char *)(base))[GLIBC_OFF_##S##_##M]		\
	  >> GLIBC_BIT_##S##_##M) & ((1u << GLIBC_WIDTH_##S##_##M) - 1))

_Static_assert(GLIBC_BIT_LINK_MAP_L_TYPE + GLIBC_WIDTH_LINK_MAP_L_TYPE <= 8, "l_type spans bytes");
_Static_assert(GLIBC_BIT_LINK_MAP_L_RELOCATED + GLIBC_WIDTH_LINK_MAP_L_RELOCATED <= 8, "-");
_Static_assert(GLIBC_BIT_LINK_MAP_L_CONTIGUOUS + GLIBC_WIDTH_LINK_MAP_L_CONTIGUOUS <= 8, "-");

/* The public headers describe a few of the same things: compile-time checks. */
_Static_assert(GLIBC_SIZEOF_DL_FIND_OBJECT == sizeof(struct dl_find_object), "-");
_Static_assert(GLIBC_OFF_DL_FIND_OBJECT_DLFO_FLAGS == offsetof(struct dl_find_object, dlfo_flags), "-");
_Static_assert(GLIBC_OFF_DL_FIND_OBJECT_DLFO_MAP_START == offsetof(struct dl_find_object, dlfo_map_start), "-");
_Static_assert(GLIBC_OFF_DL_FIND_OBJECT_DLFO_MAP_END == offsetof(struct dl_find_object, dlfo_map_end), "-");
_Static_assert(GLIBC_OFF_DL_FIND_OBJECT_DLFO_LINK_MAP == offsetof(struct dl_find_object, dlfo_link_map), "-");
_Static_assert(GLIBC_OFF_DL_FIND_OBJECT_DLFO_EH_FRAME == offsetof(struct dl_find_object, dlfo_eh_frame), "-");
_Static_assert(GLIBC_SIZEOF_PTHREAD_MUTEX == sizeof(pthread_mutex_t), "-");
_Static_assert(GLIBC_OFF_PTHREAD_MUTEX_DATA_KIND == offsetof(pthread_mutex_t, __data.__kind), "-");
_Static_assert(GLIBC_PTHREAD_MUTEX_RECURSIVE_NP == PTHREAD_MUTEX_RECURSIVE_NP, "-");
_Static_assert(GLIBC_OFF_LINK_MAP_L_ADDR == offsetof(struct link_map, l_addr), "-");
_Static_assert(GLIBC_OFF_LINK_MAP_L_NAME == offsetof(struct link_map, l_name), "-");
_Static_assert(GLIBC_OFF_LINK_MAP_L_LD == offsetof(struct link_map, l_ld), "-");
_Static_assert(GLIBC_OFF_LINK_MAP_L_NEXT == offsetof(struct link_map, l_next), "-");
_Static_assert(GLIBC_OFF_LINK_MAP_L_PREV == offsetof(struct link_map, l_prev), "-");
_Static_assert(GLIBC_OFF_PTHREAD_HEADER_STACK_GUARD == 0x28, "x86_64 ABI: %fs:0x28");
_Static_assert(GLIBC_OFF_PTHREAD_HEADER_POINTER_GUARD == 0x30, "glibc x86_64: %fs:0x30");
_Static_assert(GLIBC_VERSYMIDX(DT_VERSYM) == GLIBC_L_INFO_VERSYM, "-");
_Static_assert(GLIBC_ADDRIDX(DT_GNU_HASH) == GLIBC_L_INFO_GNU_HASH, "-");
_Static_assert(GLIBC_EXTRAIDX(DT_FILTER) == GLIBC_L_INFO_FILTER, "-");
_Static_assert(GLIBC_EXTRAIDX(DT_AUXILIARY) == GLIBC_L_INFO_AUXILIARY, "-");
_Static_assert(GLIBC_VALIDX(DT_GNU_PRELINKED) < GLIBC_ADDRIDX(DT_ADDRRNGHI), "-");
_Static_assert(GLIBC_ADDRIDX(DT_GNU_HASH) == GLIBC_L_INFO_COUNT - 1, "DT_GNU_HASH is the last slot");

extern void *__libc_stack_end;
extern int __cxa_thread_atexit_impl(void (*)(void *), void *, void *);
extern void *__dso_handle;

static void *ro, *gl;			/* _rtld_global_ro, _rtld_global */
static void *ldso, *libc;		/* dlopen handles */
static void *ldso_map, *libc_map;	/* their link maps */

static void *tp(void)
{
	void *p;
	__asm__("mov %%fs:0, %0" : "=r"(p));
	return p;
}

static Elf64_Dyn *info(void *map, int i)
{
	return (Elf64_Dyn *)rd(map, GLIBC_OFF_LINK_MAP_L_INFO + 8 * i, 8);
}

/* dlsym does not return GLIBC_PRIVATE symbols, so look them up the way
 * _dl_addr walks a map: through the GNU hash fields of the link_map. */
static void *lookup(void *m, const char *name)
{
	uint32_t h = 5381, nb = GET(m, LINK_MAP, L_NBUCKETS);
	const uint32_t *buckets = PTR(m, LINK_MAP, L_GNU_BUCKETS);
	const uint32_t *chain = PTR(m, LINK_MAP, L_GNU_CHAIN_ZERO);
	const Elf64_Sym *symtab = (const void *)info(m, DT_SYMTAB)->d_un.d_ptr;
	const char *strtab = (const char *)info(m, DT_STRTAB)->d_un.d_ptr;

	for (const unsigned char *c = (const void *)name; *c; c++)
		h = h * 33 + *c;
	if (!nb)
		return NULL;
	for (uint32_t i = buckets[h % nb]; i; i++) {
		if ((chain[i] | 1) == (h | 1) && symtab[i].st_shndx != SHN_UNDEF &&
		    !strcmp(strtab + symtab[i].st_name, name))
			return (char *)GET(m, LINK_MAP, L_ADDR) + symtab[i].st_value;
		if (chain[i] & 1)
			break;
	}
	return NULL;
}

static const char *where(const void *p)
{
	Dl_info di;
	return dladdr(p, &di) && di.dli_fname ? di.dli_fname : "?";
}

static int in_ldso(const void *p)
{
	return strstr(where(p), "ld-linux-x86-64.so.2") != NULL;
}

/* ---- the run-time identity check rtld would make (LAYOUT.md) ---- */

struct phdr_find { const char *name; const ElfW(Phdr) *phdr; int phnum; ElfW(Addr) addr; };

static int find_cb(struct dl_phdr_info *i, size_t size, void *data)
{
	struct phdr_find *f = data;
	(void)size;
	if (!strstr(i->dlpi_name, f->name))
		return 0;
	f->phdr = i->dlpi_phdr, f->phnum = i->dlpi_phnum, f->addr = i->dlpi_addr;
	return 1;
}

static void check_identity(void)
{
	static const unsigned char want[] = { GLIBC_LIBC_BUILD_ID_BYTES };
	struct phdr_find f = { "libc.so.6", 0, 0, 0 };
	int found = 0;

	dl_iterate_phdr(find_cb, &f);
	CHECK(f.phdr != NULL, "libc.so.6 found by dl_iterate_phdr");
	for (int i = 0; f.phdr && i < f.phnum; i++) {
		if (f.phdr[i].p_type != PT_NOTE)
			continue;
		const char *p = (const char *)(f.addr + f.phdr[i].p_vaddr);
		const char *end = p + f.phdr[i].p_memsz;
		while (p + sizeof(ElfW(Nhdr)) <= end) {
			const ElfW(Nhdr) *n = (const void *)p;
			const char *name = p + sizeof *n;
			const unsigned char *desc = (const void *)(name + ((n->n_namesz + 3) & ~3u));
			if (n->n_type == NT_GNU_BUILD_ID && n->n_namesz == 4 && !memcmp(name, "GNU", 4)) {
				found = 1;
				CHECK(n->n_descsz == GLIBC_LIBC_BUILD_ID_LEN &&
				      !memcmp(desc, want, sizeof want),
				      "libc.so.6 build-id equals GLIBC_LIBC_BUILD_ID %s", GLIBC_LIBC_BUILD_ID);
			}
			p = (const char *)desc + ((n->n_descsz + 3) & ~3u);
		}
	}
	CHECK(found, "libc.so.6 has an NT_GNU_BUILD_ID note");

	/* The descriptors are GLIBC_PRIVATE exports of libc.so.6. */
#define SCALAR(sym, v) do {						\
		const uint32_t *s = lookup(libc_map, #sym);		\
		CHECK(s && *s == (v), "%s = %u (expected %u)", #sym, s ? *s : 0u, (unsigned)(v)); \
	} while (0);
#define DESC(sym, b, c, o) do {						\
		const uint32_t *s = lookup(libc_map, #sym);		\
		CHECK(s && s[0] == (b) && s[1] == (c) && s[2] == (o),	\
		      "%s = {%u, %u, %u}", #sym, s ? s[0] : 0, s ? s[1] : 0, s ? s[2] : 0); \
	} while (0);
	GLIBC_TDB_SCALARS(SCALAR)
	GLIBC_TDB_DESCRIPTORS(DESC)
}

/* ---- _rtld_global_ro ---- */

static void check_rtld_global_ro(void)
{
	void *vdso = dlopen("linux-vdso.so.1", RTLD_NOW | RTLD_NOLOAD);
	long pagesize = sysconf(_SC_PAGESIZE);

	CHECK(GET(ro, GLRO, DL_PAGESIZE) == (uint64_t)pagesize, "%ld", pagesize);
	CHECK(GET(ro, GLRO, DL_MINSIGSTACKSIZE) == (uint64_t)sysconf(_SC_MINSIGSTKSZ),
	      "%lu", (unsigned long)GET(ro, GLRO, DL_MINSIGSTACKSIZE));
	CHECK(GET(ro, GLRO, DL_CLKTCK) == (uint64_t)sysconf(_SC_CLK_TCK), "%ld", sysconf(_SC_CLK_TCK));
	CHECK(GET(ro, GLRO, DL_FPU_CONTROL) == 0x37f, "%#lx",
	      (unsigned long)GET(ro, GLRO, DL_FPU_CONTROL));
	CHECK(GET(ro, GLRO, DL_HWCAP) == getauxval(AT_HWCAP), "%#lx", getauxval(AT_HWCAP));
	CHECK(GET(ro, GLRO, DL_HWCAP2) == getauxval(AT_HWCAP2), "%#lx", getauxval(AT_HWCAP2));
	CHECK(GET(ro, GLRO, DL_DEBUG_MASK) == 0 || getenv("LD_DEBUG"), "no LD_DEBUG");

	const Elf64_auxv_t *av = PTR(ro, GLRO, DL_AUXV);
	unsigned long rnd = 0, pgsz = 0;
	for (; av && av->a_type != AT_NULL; av++) {
		if (av->a_type == AT_RANDOM) rnd = av->a_un.a_val;
		if (av->a_type == AT_PAGESZ) pgsz = av->a_un.a_val;
	}
	CHECK(rnd == getauxval(AT_RANDOM) && pgsz == (unsigned long)pagesize, "_dl_auxv is the auxv");

	/* TLS: what _dl_get_tls_static_info reports is GLRO(dl_tls_static_*). */
	void (*tsi)(size_t *, size_t *) = lookup(ldso_map, "_dl_get_tls_static_info");
	size_t size = 0, align = 0;
	if (tsi)
		tsi(&size, &align);
	CHECK(tsi && GET(ro, GLRO, DL_TLS_STATIC_SIZE) == size &&
	      GET(ro, GLRO, DL_TLS_STATIC_ALIGN) == align,
	      "static TLS size %zu align %zu", size, align);
	CHECK(GET(ro, GLRO, DL_TLS_STATIC_SURPLUS) == glibc_tls_surplus(TUNED_NNS, TUNED_OPT_TLS),
	      "surplus %lu, tls-surplus.h says %zu for nns %d, optional_static_tls %d",
	      (unsigned long)GET(ro, GLRO, DL_TLS_STATIC_SURPLUS),
	      glibc_tls_surplus(TUNED_NNS, TUNED_OPT_TLS), TUNED_NNS, TUNED_OPT_TLS);
	CHECK(glibc_tls_surplus(GLIBC_DEFAULT_NNS, GLIBC_OPTIONAL_TLS) == 1664, "default surplus");
	CHECK(size % align == 0 && size > GLIBC_SIZEOF_PTHREAD, "size %zu", size);

	CHECK(PTR(ro, GLRO, DL_INIT_ALL_DIRS) != NULL, "rtld active");
	CHECK(GET(ro, GLRO, DL_SYSINFO_DSO) == getauxval(AT_SYSINFO_EHDR), "vDSO ehdr");
	void *vmap = PTR(ro, GLRO, DL_SYSINFO_MAP);
	CHECK(vmap && GET(vmap, LINK_MAP, L_REAL) == (uintptr_t)vmap, "vDSO link_map");
	CHECK(vdso != NULL, "dlopen(linux-vdso.so.1, RTLD_NOLOAD)");
	if (vdso) {
		CHECK(PTR(ro, GLRO, DL_VDSO_CLOCK_GETTIME64) == dlvsym(vdso, "__vdso_clock_gettime", "LINUX_2.6"), "-");
		CHECK(PTR(ro, GLRO, DL_VDSO_GETTIMEOFDAY) == dlvsym(vdso, "__vdso_gettimeofday", "LINUX_2.6"), "-");
		CHECK(PTR(ro, GLRO, DL_VDSO_TIME) == dlvsym(vdso, "__vdso_time", "LINUX_2.6"), "-");
		CHECK(PTR(ro, GLRO, DL_VDSO_GETCPU) == dlvsym(vdso, "__vdso_getcpu", "LINUX_2.6"), "-");
		CHECK(PTR(ro, GLRO, DL_VDSO_CLOCK_GETRES_TIME64) == dlvsym(vdso, "__vdso_clock_getres", "LINUX_2.6"), "-");
	}

	/* Function pointers into ld.so; those it exports must be the exports. */
	/* ld.so does not export _dl_find_object (libc's export forwards to this
	 * pointer), and dl_catch_error is the internal _rtld_catch_error. */
	int (*dfo_fn)(void *, struct dl_find_object *) = PTR(ro, GLRO, DL_FIND_OBJECT);
	struct dl_find_object dfo;
	CHECK(in_ldso((void *)dfo_fn) && dfo_fn((void *)printf, &dfo) == 0 &&
	      dfo.dlfo_link_map == libc_map, "GLRO(dl_find_object) finds printf in libc");
	CHECK(in_ldso(PTR(ro, GLRO, DL_CATCH_ERROR)), "-");
	CHECK(PTR(ro, GLRO, DL_MCOUNT) == lookup(ldso_map, "_dl_mcount"), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_DEBUG_PRINTF)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_LOOKUP_SYMBOL_X)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_OPEN)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_CLOSE)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_ERROR_FREE)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_TLS_GET_ADDR_SOFT)), "-");
	CHECK(in_ldso(PTR(ro, GLRO, DL_LIBC_FREERES)), "-");
	CHECK(PTR(ro, GLRO, DL_DLFCN_HOOK) == NULL, "no hook in a dynamic program");
	CHECK(PTR(ro, GLRO, DL_AUDIT) == NULL && GET(ro, GLRO, DL_NAUDIT) == 0, "no audit");

	/* cpu_features: sysconf(_SC_LEVEL*) reads the level* fields. */
	const char *cf = ADDR(ro, GLRO, DL_X86_CPU_FEATURES);
	CHECK(GET(cf, CPU_FEATURES, LEVEL1_DCACHE_SIZE) == (uint64_t)sysconf(_SC_LEVEL1_DCACHE_SIZE), "%ld", sysconf(_SC_LEVEL1_DCACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, LEVEL1_DCACHE_LINESIZE) == (uint64_t)sysconf(_SC_LEVEL1_DCACHE_LINESIZE), "%ld", sysconf(_SC_LEVEL1_DCACHE_LINESIZE));
	CHECK(GET(cf, CPU_FEATURES, LEVEL1_ICACHE_SIZE) == (uint64_t)sysconf(_SC_LEVEL1_ICACHE_SIZE), "%ld", sysconf(_SC_LEVEL1_ICACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, LEVEL2_CACHE_SIZE) == (uint64_t)sysconf(_SC_LEVEL2_CACHE_SIZE), "%ld", sysconf(_SC_LEVEL2_CACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, LEVEL3_CACHE_SIZE) == (uint64_t)sysconf(_SC_LEVEL3_CACHE_SIZE), "%ld", sysconf(_SC_LEVEL3_CACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, LEVEL4_CACHE_SIZE) == (uint64_t)sysconf(_SC_LEVEL4_CACHE_SIZE), "%ld", sysconf(_SC_LEVEL4_CACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, DATA_CACHE_SIZE) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, DATA_CACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, SHARED_CACHE_SIZE) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, SHARED_CACHE_SIZE));
	CHECK(GET(cf, CPU_FEATURES, NON_TEMPORAL_THRESHOLD) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, NON_TEMPORAL_THRESHOLD));
	CHECK(GET(cf, CPU_FEATURES, REP_MOVSB_THRESHOLD) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, REP_MOVSB_THRESHOLD));
	CHECK(GET(cf, CPU_FEATURES, REP_MOVSB_STOP_THRESHOLD) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, REP_MOVSB_STOP_THRESHOLD));
	CHECK(GET(cf, CPU_FEATURES, REP_STOSB_THRESHOLD) == 2048, "%lu (default 2048)", (unsigned long)GET(cf, CPU_FEATURES, REP_STOSB_THRESHOLD));
	CHECK(GET(cf, CPU_FEATURES, BASIC_KIND) != 0 && GET(cf, CPU_FEATURES, BASIC_MAX_CPUID) != 0,
	      "kind %lu max_cpuid %lu family %lu model %lu", (unsigned long)GET(cf, CPU_FEATURES, BASIC_KIND),
	      (unsigned long)GET(cf, CPU_FEATURES, BASIC_MAX_CPUID), (unsigned long)GET(cf, CPU_FEATURES, BASIC_FAMILY),
	      (unsigned long)GET(cf, CPU_FEATURES, BASIC_MODEL));
	CHECK(GET(cf, CPU_FEATURES, XSAVE_STATE_SIZE) != 0, "%lu", (unsigned long)GET(cf, CPU_FEATURES, XSAVE_STATE_SIZE));
	if (verbose)
		printf("info cpu_features: data %lu shared %lu non_temporal %lu rep_movsb %lu stop %lu\n",
		       (unsigned long)GET(cf, CPU_FEATURES, DATA_CACHE_SIZE), (unsigned long)GET(cf, CPU_FEATURES, SHARED_CACHE_SIZE),
		       (unsigned long)GET(cf, CPU_FEATURES, NON_TEMPORAL_THRESHOLD), (unsigned long)GET(cf, CPU_FEATURES, REP_MOVSB_THRESHOLD),
		       (unsigned long)GET(cf, CPU_FEATURES, REP_MOVSB_STOP_THRESHOLD));
}

/* ---- struct link_map, struct libname_list ---- */

struct iter { int n; unsigned long long adds; };

static int count_cb(struct dl_phdr_info *i, size_t size, void *data)
{
	struct iter *it = data;
	(void)size;
	it->n++, it->adds = i->dlpi_adds;
	return 0;
}

static void check_map(void *m, int type, const char *what)
{
	CHECK(GET(m, LINK_MAP, L_REAL) == (uintptr_t)m, "%s l_real", what);
	CHECK(GET(m, LINK_MAP, L_NS) == 0, "%s l_ns", what);
	CHECK(BITS(m, LINK_MAP, L_TYPE) == (unsigned)type, "%s l_type %u", what, BITS(m, LINK_MAP, L_TYPE));
	CHECK(BITS(m, LINK_MAP, L_RELOCATED) == 1, "%s l_relocated", what);

	/* l_info: direct, VERSYMIDX and ADDRIDX slots hold their own tags. */
	const Elf64_Dyn *d = PTR(m, LINK_MAP, L_LD);
	int has_versym = 0, has_gnu_hash = 0, has_flags_1 = 0;
	for (; d->d_tag != DT_NULL; d++) {
		has_versym |= d->d_tag == DT_VERSYM;
		has_gnu_hash |= d->d_tag == DT_GNU_HASH;
		has_flags_1 |= d->d_tag == DT_FLAGS_1;
	}
	CHECK(info(m, DT_STRTAB) && info(m, DT_STRTAB)->d_tag == DT_STRTAB, "%s l_info[DT_STRTAB]", what);
	CHECK(info(m, DT_STRTAB)->d_un.d_ptr >= GET(m, LINK_MAP, L_ADDR), "%s absolute d_ptr", what);
	if (has_versym)
		CHECK(info(m, GLIBC_L_INFO_VERSYM) && info(m, GLIBC_L_INFO_VERSYM)->d_tag == DT_VERSYM, "%s VERSYM slot", what);
	if (has_flags_1)
		CHECK(info(m, GLIBC_L_INFO_FLAGS_1) && info(m, GLIBC_L_INFO_FLAGS_1)->d_tag == DT_FLAGS_1, "%s FLAGS_1 slot", what);
	CHECK(has_gnu_hash, "%s has DT_GNU_HASH", what);
	if (!has_gnu_hash)
		return;
	const Elf64_Dyn *gh = info(m, GLIBC_L_INFO_GNU_HASH);
	CHECK(gh && gh->d_tag == DT_GNU_HASH, "%s GNU_HASH slot", what);
	if (!gh)
		return;
	const uint32_t *h = (const uint32_t *)gh->d_un.d_ptr;	/* absolute */
	const uint64_t *bitmask = (const uint64_t *)(h + 4);
	const uint32_t *buckets = (const uint32_t *)(bitmask + h[2]);
	CHECK(GET(m, LINK_MAP, L_NBUCKETS) == h[0], "%s l_nbuckets %u", what, h[0]);
	CHECK(GET(m, LINK_MAP, L_GNU_BITMASK_IDXBITS) == h[2] - 1, "%s idxbits", what);
	CHECK(GET(m, LINK_MAP, L_GNU_SHIFT) == h[3], "%s shift", what);
	CHECK(PTR(m, LINK_MAP, L_GNU_BITMASK) == bitmask, "%s bitmask", what);
	CHECK(PTR(m, LINK_MAP, L_GNU_BUCKETS) == buckets, "%s buckets", what);
	CHECK(PTR(m, LINK_MAP, L_GNU_CHAIN_ZERO) == buckets + h[0] - h[1], "%s chain_zero", what);

	/* Mapping bounds and the program headers. */
	const Elf64_Phdr *ph = PTR(m, LINK_MAP, L_PHDR);
	uint64_t lo = UINT64_MAX, hi = 0, base = GET(m, LINK_MAP, L_ADDR);
	long pg = sysconf(_SC_PAGESIZE);
	for (unsigned i = 0; ph && i < GET(m, LINK_MAP, L_PHNUM); i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < lo) lo = ph[i].p_vaddr;
		if (ph[i].p_vaddr + ph[i].p_memsz > hi) hi = ph[i].p_vaddr + ph[i].p_memsz;
	}
	CHECK(GET(m, LINK_MAP, L_MAP_START) == base + (lo & -pg), "%s l_map_start", what);
	CHECK(GET(m, LINK_MAP, L_MAP_END) >= base + hi && GET(m, LINK_MAP, L_MAP_END) <= base + ((hi + pg - 1) & -pg),
	      "%s l_map_end", what);
	void **initfini = PTR(m, LINK_MAP, L_INITFINI);
	CHECK(initfini && initfini[0] == m, "%s l_initfini[0] is itself", what);
	const void *ln = PTR(m, LINK_MAP, L_LIBNAME);
	CHECK(ln && PTR(ln, LIBNAME_LIST, NAME) != NULL, "%s l_libname->name %s", what,
	      ln ? (const char *)PTR(ln, LIBNAME_LIST, NAME) : "");
}

static void check_tls_of(void *m, void *handle, const char *what)
{
	size_t modid = 0;
	void *block = NULL;
	const Elf64_Phdr *ph = PTR(m, LINK_MAP, L_PHDR), *tls = NULL;

	for (unsigned i = 0; i < GET(m, LINK_MAP, L_PHNUM); i++)
		if (ph[i].p_type == PT_TLS)
			tls = &ph[i];
	CHECK(tls != NULL, "%s has PT_TLS", what);
	if (!tls)
		return;
	dlinfo(handle, RTLD_DI_TLS_MODID, &modid);
	dlinfo(handle, RTLD_DI_TLS_DATA, &block);
	CHECK(GET(m, LINK_MAP, L_TLS_MODID) == modid, "%s l_tls_modid %zu", what, modid);
	CHECK(GET(m, LINK_MAP, L_TLS_BLOCKSIZE) == tls->p_memsz, "%s l_tls_blocksize", what);
	CHECK(GET(m, LINK_MAP, L_TLS_ALIGN) == tls->p_align, "%s l_tls_align", what);
	CHECK(GET(m, LINK_MAP, L_TLS_INITIMAGE_SIZE) == tls->p_filesz, "%s l_tls_initimage_size", what);
	CHECK(GET(m, LINK_MAP, L_TLS_INITIMAGE) == GET(m, LINK_MAP, L_ADDR) + tls->p_vaddr, "%s l_tls_initimage", what);
	CHECK(GET(m, LINK_MAP, L_TLS_FIRSTBYTE_OFFSET) == (tls->p_vaddr & (tls->p_align - 1)), "%s firstbyte", what);
	CHECK((char *)tp() - (int64_t)GET(m, LINK_MAP, L_TLS_OFFSET) == (char *)block,
	      "%s l_tls_offset %ld", what, (long)GET(m, LINK_MAP, L_TLS_OFFSET));
	/* The DTV slot of the module points at the same block. */
	const char *dtv = PTR(tp(), PTHREAD, HEADER_DTV);
	CHECK(rd(dtv, modid * GLIBC_SIZEOF_DTV_T + GLIBC_OFF_DTV_T_POINTER_VAL, 8) == (uintptr_t)block,
	      "%s dtv[%zu].val", what, modid);
}

static void tls_dtor(void *p) { (void)p; }

static void check_link_maps(void)
{
	void *main_map = PTR(gl, GL, DL_NS_NS_LOADED);
	struct link_map *pub;
	struct iter it = { 0, 0 };

	CHECK(main_map == _r_debug.r_map, "_ns_loaded is the main map");
	check_map(main_map, 0, "exe");
	check_map(libc_map, 1, "libc");
	CHECK(ldso_map == ADDR(gl, GL, DL_RTLD_MAP), "ld.so's map is _dl_rtld_map");
	CHECK(BITS(libc_map, LINK_MAP, L_CONTIGUOUS) == 1, "libc l_contiguous");

	/* The list: l_next/l_prev, count, dl_iterate_phdr's view. */
	int n = 0;
	void *prev = NULL;
	for (void *m = main_map; m; m = PTR(m, LINK_MAP, L_NEXT), n++) {
		CHECK(PTR(m, LINK_MAP, L_PREV) == prev, "l_prev of %s", (char *)PTR(m, LINK_MAP, L_NAME));
		prev = m;
	}
	dl_iterate_phdr(count_cb, &it);
	CHECK(GET(gl, GL, DL_NS_NS_NLOADED) == (uint64_t)n, "_ns_nloaded %d", n);
	CHECK(it.n == n, "dl_iterate_phdr sees %d", it.n);
	CHECK(GET(gl, GL, DL_LOAD_ADDS) == it.adds, "_dl_load_adds %llu", it.adds);
	CHECK(GET(gl, GL, DL_NS_LIBC_MAP) == (uintptr_t)libc_map, "libc_map");

	check_tls_of(libc_map, libc, "libc");

	/* A dlopen'd object has l_type lt_loaded. */
	void *z = dlopen("libpthread.so.0", RTLD_NOW);
	if (z) {
		dlinfo(z, RTLD_DI_LINKMAP, &pub);
		CHECK(BITS(pub, LINK_MAP, L_TYPE) == 2, "dlopen'd l_type %u", BITS(pub, LINK_MAP, L_TYPE));
	}

	/* __cxa_thread_atexit_impl bumps l_tls_dtor_count of the dtor's object. */
	uint64_t before = GET(main_map, LINK_MAP, L_TLS_DTOR_COUNT);
	__cxa_thread_atexit_impl(tls_dtor, NULL, &__dso_handle);
	CHECK(GET(main_map, LINK_MAP, L_TLS_DTOR_COUNT) == before + 1, "l_tls_dtor_count %lu",
	      (unsigned long)GET(main_map, LINK_MAP, L_TLS_DTOR_COUNT));

	/* _dl_find_object fills the public struct with this map. */
	struct dl_find_object dfo;
	CHECK(_dl_find_object((void *)check_link_maps, &dfo) == 0 && dfo.dlfo_link_map == main_map, "-");
}

/* ---- _rtld_global, struct pthread ---- */

static volatile int thread_go;
static volatile pid_t thread_tid;
static void *volatile thread_pd;

static void *thread_fn(void *arg)
{
	(void)arg;
	thread_tid = syscall(SYS_gettid);
	thread_pd = tp();
	while (!thread_go)
		sched_yield();
	return NULL;
}

static int on_list(const void *head, const void *node)
{
	int n = 0;
	for (void *const *p = *(void *const *const *)head; p && p != head && n < 10000; p = *p, n++)
		if ((const void *)p == node)
			return 1;
	return 0;
}

static void check_threads(void)
{
	char *self = tp();

	/* Locks: recursive, unlocked. */
	CHECK(rd(ADDR(gl, GL, DL_LOAD_LOCK), GLIBC_OFF_PTHREAD_MUTEX_DATA_KIND, 4) == GLIBC_PTHREAD_MUTEX_RECURSIVE_NP, "load_lock");
	CHECK(rd(ADDR(gl, GL, DL_LOAD_WRITE_LOCK), GLIBC_OFF_PTHREAD_MUTEX_DATA_KIND, 4) == GLIBC_PTHREAD_MUTEX_RECURSIVE_NP, "write_lock");
	CHECK(rd(ADDR(gl, GL, DL_LOAD_TLS_LOCK), GLIBC_OFF_PTHREAD_MUTEX_DATA_KIND, 4) == GLIBC_PTHREAD_MUTEX_RECURSIVE_NP, "tls_lock");
	CHECK(GET(gl, GL, DL_NNS) == 1, "_dl_nns");
	CHECK(GET(gl, GL, DL_PROFILE_MAP) == 0, "_dl_profile_map");
	CHECK(GET(gl, GL, DL_STACK_FLAGS) == (PF_R | PF_W), "_dl_stack_flags %lu",
	      (unsigned long)GET(gl, GL, DL_STACK_FLAGS));
	CHECK(GET(gl, GL, DL_INITIAL_DTV) == GET(self, PTHREAD, HEADER_DTV), "_dl_initial_dtv");
	CHECK(GET(gl, GL, DL_TLS_DTV_SLOTINFO_LIST) != 0, "slotinfo list");
	CHECK(GET(gl, GL, DL_IN_FLIGHT_STACK) == 0 && GET(gl, GL, DL_STACK_CACHE_LOCK) == 0, "-");

	/* The initial thread's descriptor. */
	CHECK(GET(self, PTHREAD, HEADER_TCB) == (uintptr_t)self, "tcb");
	CHECK(GET(self, PTHREAD, HEADER_SELF) == (uintptr_t)self && (char *)pthread_self() == self, "self");
	CHECK(GET(self, PTHREAD, TID) == (uint64_t)syscall(SYS_gettid), "tid");
	CHECK((GET(self, PTHREAD, HEADER_STACK_GUARD) & 0xff) == 0, "stack guard low byte");
	CHECK(GET(self, PTHREAD, HEADER_FEATURE_1) == 0, "feature_1 (no CET)");
	CHECK(GET(self, PTHREAD, USER_STACK) == 1, "user_stack");
	CHECK(GET(self, PTHREAD, REPORT_EVENTS) == 0, "report_events");
	CHECK(GET(self, PTHREAD, STACKBLOCK_SIZE) == (uintptr_t)__libc_stack_end, "stackblock_size");
	CHECK(on_list(ADDR(gl, GL, DL_STACK_USER), self + GLIBC_OFF_PTHREAD_LIST), "main pd on _dl_stack_user");
	CHECK(rd(self, GLIBC_OFF_PTHREAD_SPECIFIC, 8) == (uintptr_t)(self + GLIBC_OFF_PTHREAD_SPECIFIC_1STBLOCK), "specific[0]");

	pthread_key_t key;
	pthread_key_create(&key, NULL);
	pthread_setspecific(key, (void *)0x1234);
	CHECK(key < 32 && rd(self, GLIBC_OFF_PTHREAD_SPECIFIC_1STBLOCK + key * GLIBC_SIZEOF_PTHREAD_KEY_DATA + 8, 8) == 0x1234,
	      "specific_1stblock[%u].data", key);

	/* Robust list: what the kernel was told. */
	void *head = NULL;
	size_t len = 0;
	syscall(SYS_get_robust_list, 0, &head, &len);
	CHECK(head == self + GLIBC_OFF_PTHREAD_ROBUST_HEAD && len == GLIBC_SIZEOF_ROBUST_LIST_HEAD, "robust_head %p len %zu", head, len);
	CHECK((int64_t)GET(self, PTHREAD, ROBUST_HEAD_FUTEX_OFFSET) == GLIBC_ROBUST_FUTEX_OFFSET, "futex_offset %ld",
	      (long)GET(self, PTHREAD, ROBUST_HEAD_FUTEX_OFFSET));
	CHECK(PTR(self, PTHREAD, ROBUST_HEAD_LIST) == self + GLIBC_OFF_PTHREAD_ROBUST_HEAD, "empty robust list");
	CHECK(PTR(self, PTHREAD, ROBUST_PREV) == self + GLIBC_OFF_PTHREAD_ROBUST_HEAD, "robust_prev");

	/* rseq: glibc registered the area it says it did. */
	CHECK(__rseq_offset == GLIBC_OFF_PTHREAD_RSEQ_AREA, "__rseq_offset %ld", (long)__rseq_offset);
	CHECK(__rseq_size == 20, "__rseq_size %u (notes: 20 on this build)", __rseq_size);
	int ok = 0;
	for (int i = 0; i < 100 && !ok; i++) {
		int c = sched_getcpu();
		ok = (int)GET(self, PTHREAD, RSEQ_AREA_CPU_ID) == c;
	}
	CHECK(ok, "rseq_area.cpu_id follows sched_getcpu");

	/* A second thread: multiple_threads, _dl_stack_used, the stack cache. */
	CHECK(GET(self, PTHREAD, HEADER_MULTIPLE_THREADS) == 0, "single-threaded so far");
	uint64_t cached = GET(gl, GL, DL_STACK_CACHE_ACTSIZE);
	pthread_t t;
	pthread_create(&t, NULL, thread_fn, NULL);
	while (!thread_pd)
		sched_yield();
	CHECK(GET(self, PTHREAD, HEADER_MULTIPLE_THREADS) == 1, "multiple_threads");
	CHECK((void *)t == thread_pd, "pthread_t is the thread's tp");
	CHECK(GET(thread_pd, PTHREAD, TID) == (uint64_t)thread_tid, "thread tid");
	CHECK(on_list(ADDR(gl, GL, DL_STACK_USED), (char *)thread_pd + GLIBC_OFF_PTHREAD_LIST), "on _dl_stack_used");
	CHECK(GET(thread_pd, PTHREAD, USER_STACK) == 0 && PTR(thread_pd, PTHREAD, STACKBLOCK) != NULL &&
	      GET(thread_pd, PTHREAD, STACKBLOCK_SIZE) > GET(thread_pd, PTHREAD, GUARDSIZE) &&
	      GET(thread_pd, PTHREAD, GUARDSIZE) == (uint64_t)sysconf(_SC_PAGESIZE), "thread stack fields");
	CHECK((char *)PTR(thread_pd, PTHREAD, STACKBLOCK) + GET(thread_pd, PTHREAD, STACKBLOCK_SIZE) > (char *)thread_pd,
	      "pd sits at the top of its stack block");
	thread_go = 1;
	pthread_join(t, NULL);
	CHECK(GET(gl, GL, DL_STACK_CACHE_ACTSIZE) > cached, "stack cached: actsize %lu",
	      (unsigned long)GET(gl, GL, DL_STACK_CACHE_ACTSIZE));
	CHECK(on_list(ADDR(gl, GL, DL_STACK_CACHE), (char *)thread_pd + GLIBC_OFF_PTHREAD_LIST), "on _dl_stack_cache");
}

/* ---- tunables: ids are what __tunable_get_val takes ---- */

static const struct {
	const char *name, *alias;
	int type;
	int64_t def;
} tunable_table[] = {
#define ROW(id, name, type, min, max, def, sec, alias) [id] = { name, alias, type, def },
	GLIBC_TUNABLE_LIST(ROW)
#undef ROW
};

static size_t tunable_size(int type)
{
	switch (type) {
	case GLIBC_TUNABLE_TYPE_INT_32: return 4;
	case GLIBC_TUNABLE_TYPE_UINT_64: return 8;
	case GLIBC_TUNABLE_TYPE_SIZE_T: return sizeof(size_t);
	default: return sizeof(char *);
	}
}

static int tunable_calls;

static void count_call(void *val)
{
	(void)val;
	tunable_calls++;
}

static void check_tunables(void)
{
	void (*get)(int, void *, void (*)(void *)) = lookup(ldso_map, "__tunable_get_val");
	uint64_t v = 0;
	CHECK(get != NULL, "__tunable_get_val");
	if (!get)
		return;
	get(GLIBC_TUNABLE_ID_GLIBC_MALLOC_ARENA_MAX, &v, NULL);
	CHECK(v == 7, "glibc.malloc.arena_max = %lu (GLIBC_TUNABLES sets 7)", (unsigned long)v);
	v = 0;
	get(GLIBC_TUNABLE_ID_GLIBC_MALLOC_MMAP_MAX, &v, NULL);
	CHECK((uint32_t)v == 13, "glibc.malloc.mmap_max = %u (GLIBC_TUNABLES sets 13)", (uint32_t)v);
	v = 0;
	get(GLIBC_TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS, &v, count_call);
	CHECK(v == TUNED_OPT_TLS && tunable_calls == 1, "glibc.rtld.optional_static_tls = %lu (GLIBC_TUNABLES sets %d)",
	      (unsigned long)v, TUNED_OPT_TLS);

	/* The generated table: each value is as wide as its type says, and
	 * the ones nothing set (neither GLIBC_TUNABLES, nor an alias such
	 * as the MALLOC_PERTURB_ meson sets, nor ld.so from the CPU:
	 * glibc.cpu.x86_*) have the default, and no callback. */
	for (size_t i = 0; i < sizeof tunable_table / sizeof *tunable_table; i++) {
		unsigned char buf[16];
		size_t n = tunable_size(tunable_table[i].type);
		memset(buf, 0xa5, sizeof buf);
		tunable_calls = 0;
		get((int)i, buf, count_call);
		CHECK(buf[n] == 0xa5, "%s: __tunable_get_val writes %zu bytes", tunable_table[i].name, n);
		if (strstr(TUNABLES, tunable_table[i].name) || !strncmp(tunable_table[i].name, "glibc.cpu.x86_", 14) ||
		    (tunable_table[i].alias[0] && getenv(tunable_table[i].alias)))
			continue;
		int64_t got = 0;
		memcpy(&got, buf, n);
		if (n == 4)
			got = (int32_t)got;
		CHECK(got == tunable_table[i].def && tunable_calls == 0, "%s = %lld, generated default %lld",
		      tunable_table[i].name, (long long)got, (long long)tunable_table[i].def);
	}
}

int main(int argc, char **argv)
{
	static const char tun[] = TUNABLES;
	const char *t = getenv("GLIBC_TUNABLES");

	verbose = argc > 1 && !strcmp(argv[1], "-v");
	setvbuf(stdout, NULL, _IOLBF, 0);
	alarm(30);
	if (!t || strcmp(t, tun)) {		/* tunables are read at start-up */
		setenv("GLIBC_TUNABLES", tun, 1);
		execv("/proc/self/exe", argv);
		perror("layout-check: re-exec");
		return 2;
	}

	ldso = dlopen("ld-linux-x86-64.so.2", RTLD_NOW | RTLD_NOLOAD);
	libc = dlopen("libc.so.6", RTLD_NOW | RTLD_NOLOAD);
	if (ldso && libc) {
		dlinfo(ldso, RTLD_DI_LINKMAP, &ldso_map);
		dlinfo(libc, RTLD_DI_LINKMAP, &libc_map);
		ro = lookup(ldso_map, "_rtld_global_ro");
		gl = lookup(ldso_map, "_rtld_global");
	}
	if (!ro || !gl) {
		printf("FAIL cannot find ld.so, libc.so.6 or _rtld_global{,_ro}\n");
		return 1;
	}

	check_identity();
	check_rtld_global_ro();
	check_link_maps();
	check_threads();
	check_tunables();

	printf("layout-check: %d checks, %d failed (glibc %s, libc build-id %s)\n",
	       checks, failures, GLIBC_VERSION, GLIBC_LIBC_BUILD_ID);
	return failures != 0;
}
