/* The glibc personality: the private contract between Debian 12's
 * glibc 2.36 (libc6 2.36-9+deb12u14) and its ld.so, kept by rtld.
 *
 * libc.so.6 imports data and functions from ld-linux-x86-64.so.2
 * (_rtld_global, _rtld_global_ro, __libc_stack_end, _dl_allocate_tls, ...),
 * expects the thread pointer to hold its struct pthread, link maps in its
 * own layout, __libc_early_init called before any constructor, and its
 * dl* functions served through a hook.  All layouts come from the
 * installed build's debug information (glibc_layout.h); at run time the
 * libc.so.6 being loaded must carry that build's id, or rtld refuses. */
#include "glibc.h"
#include "compat.h"
#include "hash.h"
#include "out.h"
#include "sys.h"
#include "tunables.h"
#include "util.h"
#include "rtld/dlfcn.h"
#include "rtld/tls.h"

#define EXPORT __attribute__((visibility("default")))
#define NT_GNU_BUILD_ID_ 3
#define RSEQ_CPU_ID_REGISTRATION_FAILED (-2)

EXPORT char _rtld_global[GLIBC_SIZEOF_GL] __attribute__((aligned(64)));
EXPORT char _rtld_global_ro[GLIBC_SIZEOF_GLRO] __attribute__((aligned(64)));
EXPORT void *__libc_stack_end;
EXPORT char **_dl_argv;
EXPORT int __libc_enable_secure;
EXPORT unsigned int __rseq_size;
EXPORT ptrdiff_t __rseq_offset;
EXPORT unsigned int __rseq_flags;
EXPORT bool __nptl_initial_report_events;

_Static_assert(sizeof glibc_dlfcn_hook == GLIBC_SIZEOF_DLFCN_HOOK, "struct dlfcn_hook");
_Static_assert(GLIBC_OFF_DLFCN_HOOK_LIBC_DLCLOSE == 12 * sizeof(void *), "dlfcn_hook order");

static struct obj *libc;

const char glibc_supported[] = "none (freestanding), glibc (Debian libc6 " GLIBC_DEBIAN_VERSION
			       ", libc.so.6 build-id " GLIBC_LIBC_BUILD_ID ")";

/* ---- accepting libc.so.6 ---- */

static const unsigned char supported_id[] = { GLIBC_LIBC_BUILD_ID_BYTES };

static const unsigned char *build_id(const struct obj *o, size_t *len)
{
	for (size_t i = 0; i < o->phnum; i++) {
		const Phdr *p = &o->phdr[i];
		if (p->p_type != PT_NOTE)
			continue;
		const char *n = (const char *)(o->l_addr + p->p_vaddr), *end = n + p->p_filesz;
		while (n + 12 <= end) {
			const uint32_t *h = (const uint32_t *)n;
			size_t name = (h[0] + 3) & ~3u, desc = (h[1] + 3) & ~3u;
			if (n + 12 + name + desc > end)
				break;
			if (h[2] == NT_GNU_BUILD_ID_ && h[0] == 4 && r_memcmp(n + 12, "GNU", 4) == 0) {
				*len = h[1];
				return (const unsigned char *)n + 12 + name;
			}
			n += 12 + name + desc;
		}
	}
	return 0;
}

static const Sym *libc_symbol(const char *name, const char *version, Addr *addr)
{
	struct scope sc = { &libc, 1 };
	struct vername v = { .name = version, .hash = version ? sysv_hash(version) : 0 };
	struct symdef d;
	if (!lookup_symbol(name, version ? &v : 0, 0, &sc, LOOKUP_NEWEST | LOOKUP_QUIET, &d))
		return 0;
	*addr = sym_addr(&d);
	return d.sym;
}

bool glibc_accepts(struct obj *o)
{
	size_t len = 0;
	const unsigned char *id = build_id(o, &len);
	if (!id || len != sizeof supported_id || r_memcmp(id, supported_id, len) != 0) {
		char hex[2 * 64 + 1] = "none";
		for (size_t i = 0; id && i < len && i < 64; i++)
			r_snprintf(hex + 2 * i, 3, "%02x", id[i]);
		fatal("%s: unsupported glibc build (build-id %s); this rtld keeps the private "
		      "contract of glibc " GLIBC_DEBIAN_VERSION " (build-id " GLIBC_LIBC_BUILD_ID
		      ") only", o->l_name, hex);
	}
	libc = o;
	/* A second opinion from libc itself (what libthread_db reads). */
	Addr a;
	if (libc_symbol("_thread_db_sizeof_pthread", "GLIBC_PRIVATE", &a) &&
	    obj_readable(o, a - o->l_addr, 4) && *(const uint32_t *)a != GLIBC_SIZEOF_PTHREAD)
		fatal("%s: struct pthread is %u bytes, not %u: unsupported glibc build",
		      o->l_name, *(const uint32_t *)a, (unsigned)GLIBC_SIZEOF_PTHREAD);
	return true;
}

/* ---- the main thread's struct pthread ---- */

static void list_init(char *head)
{
	FIELD(head, 0, void *) = head;
	FIELD(head, 8, void *) = head;
}

static void list_add(char *elem, char *head)
{
	char *next = FIELD(head, 0, char *);
	FIELD(elem, 0, void *) = next;
	FIELD(elem, 8, void *) = head;
	FIELD(next, 8, void *) = elem;
	FIELD(head, 0, void *) = elem;
}

/* The signature glibc's x86 code puts before abort handlers, which the
 * kernel checks (glibc's RSEQ_SIG for x86). */
#define GLIBC_RSEQ_SIG 0x53053053

/* Restartable sequences for the main thread, as glibc's ld.so registers
 * them: libc's sched_getcpu reads the area, and pthread_create registers
 * new threads only if the main thread's registration worked.  On failure
 * glibc publishes a size of 0 and a cpu_id that says so. */
static void register_rseq(char *pd)
{
	char *area = pd + GLIBC_OFF_PTHREAD_RSEQ_AREA;
	/* glibc.pthread.rseq=0 turns registration off. */
	long r = glibc_tunable_rseq_enabled() ?
		 rsys4(__NR_rseq, (long)area, GLIBC_RSEQ_AREA_SIZE, 0, GLIBC_RSEQ_SIG) : -1;
	if (r == 0) {
		__rseq_size = GLIBC_RSEQ_FEATURE_SIZE;
	} else {
		FIELD(pd, GLIBC_OFF_PTHREAD_RSEQ_AREA_CPU_ID, int32_t) = RSEQ_CPU_ID_REGISTRATION_FAILED;
		__rseq_size = 0;
	}
	__rseq_offset = GLIBC_OFF_PTHREAD_RSEQ_AREA;
}

static void init_main_thread(void *tp)
{
	char *pd = tp;
	__libc_stack_end = (void *)((uintptr_t *)R.argv - 1);
	list_init(_rtld_global + GLIBC_OFF_GL_DL_STACK_USED);
	list_init(_rtld_global + GLIBC_OFF_GL_DL_STACK_USER);
	list_init(_rtld_global + GLIBC_OFF_GL_DL_STACK_CACHE);
	list_add(pd + GLIBC_OFF_PTHREAD_LIST, _rtld_global + GLIBC_OFF_GL_DL_STACK_USER);
	FIELD(pd, GLIBC_OFF_PTHREAD_TID, int) =
		(int)rsys1(__NR_set_tid_address, (long)(pd + GLIBC_OFF_PTHREAD_TID));
	char *robust = pd + GLIBC_OFF_PTHREAD_ROBUST_HEAD;
	FIELD(pd, GLIBC_OFF_PTHREAD_ROBUST_PREV, void *) = robust;
	FIELD(pd, GLIBC_OFF_PTHREAD_ROBUST_HEAD_LIST, void *) = robust;
	FIELD(pd, GLIBC_OFF_PTHREAD_ROBUST_HEAD_FUTEX_OFFSET, long) = GLIBC_ROBUST_FUTEX_OFFSET;
	rsys2(__NR_set_robust_list, (long)robust, GLIBC_SIZEOF_PTHREAD_ROBUST_HEAD);
	FIELD(pd, GLIBC_OFF_PTHREAD_SPECIFIC, void *) = pd + GLIBC_OFF_PTHREAD_SPECIFIC_1STBLOCK;
	FIELD(pd, GLIBC_OFF_PTHREAD_REPORT_EVENTS, bool) = __nptl_initial_report_events;
	FIELD(pd, GLIBC_OFF_PTHREAD_USER_STACK, bool) = true;
	FIELD(pd, GLIBC_OFF_PTHREAD_STACKBLOCK_SIZE, size_t) = (size_t)__libc_stack_end;
	register_rseq(pd);
}

/* ---- _rtld_global_ro and _rtld_global ---- */

static void trap(void)
{
	fatal("glibc called an ld.so entry point that the dlfcn hook should have replaced");
}

static void no_op(void)
{
}

static void *tls_get_addr_soft(void *map)
{
	struct obj *o = obj_of_shadow(map);
	return o ? tls_block_of(o) : 0;
}

static int find_object(void *pc, struct dl_find_object *res)
{
	if (_dl_find_object(pc, res))
		return -1;
	res->dlfo_link_map = shadow_of((struct obj *)res->dlfo_link_map);
	return 0;
}

static Addr auxv_value(unsigned long type)
{
	for (Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == type)
			return a->a_un.a_val;
	return 0;
}

/* _dl_lookup_symbol_x, which libc calls through GLRO only to find vDSO
 * functions (the time and gettimeofday IFUNCs; dlsym goes through the
 * dlfcn hook).  The scope is the requesting object's own for the vDSO,
 * else the global scope; *ref becomes the definition (NULL if none) and
 * the result is the link map of its object. */
static void *lookup_symbol_x(const char *name, void *undef_map, const Sym **ref, void *scope,
			     const char *version, int type_class, int flags, void *skip)
{
	(void)scope, (void)flags, (void)skip;
	struct obj *o = obj_of_shadow(undef_map);
	struct vername ver, *vp = 0;
	if (version) {
		ver = (struct vername){
			.name = FIELD(version, GLIBC_OFF_R_FOUND_VERSION_NAME, const char *),
			.hash = FIELD(version, GLIBC_OFF_R_FOUND_VERSION_HASH, uint32_t),
			.hidden = FIELD(version, GLIBC_OFF_R_FOUND_VERSION_HIDDEN, int) != 0,
		};
		vp = &ver;
	}
	struct symdef d = { 0, 0 };
	int found;
	if (o && o->is_vdso) {
		struct scope own = { &o, 1 };
		found = lookup_symbol(name, vp, o, &own, 0, &d);
	} else {
		found = lookup_in_scopes(name, vp, o ? o : R.main, (type_class & 1) ? LOOKUP_PLT : 0, &d);
	}
	if (found != 1) {
		*ref = 0;
		return 0;
	}
	*ref = d.sym;
	return shadow_of(d.obj);
}

static void vdso_pointers(void)
{
	struct obj *v = 0;
	for (struct obj *o = R.head; o && !v; o = o->l_next)
		if (o->is_vdso)
			v = o;
	if (!v)
		return;
	static const struct {
		const char *name;
		unsigned off;
	} fns[] = {
		{ "__vdso_clock_gettime", GLIBC_OFF_GLRO_DL_VDSO_CLOCK_GETTIME64 },
		{ "__vdso_gettimeofday", GLIBC_OFF_GLRO_DL_VDSO_GETTIMEOFDAY },
		{ "__vdso_time", GLIBC_OFF_GLRO_DL_VDSO_TIME },
		{ "__vdso_getcpu", GLIBC_OFF_GLRO_DL_VDSO_GETCPU },
		{ "__vdso_clock_getres", GLIBC_OFF_GLRO_DL_VDSO_CLOCK_GETRES_TIME64 },
	};
	struct scope sc = { &v, 1 };
	struct vername ver = { .name = "LINUX_2.6", .hash = sysv_hash("LINUX_2.6") };
	for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
		struct symdef d;
		if (lookup_symbol(fns[i].name, &ver, 0, &sc, LOOKUP_QUIET, &d))
			GLRO(fns[i].off, Addr) = sym_addr(&d);
	}
	GLRO(GLIBC_OFF_GLRO_DL_SYSINFO_DSO, const void *) = R.vdso;
}

static void set_locks_recursive(void)
{
	static const unsigned locks[] = { GLIBC_OFF_GL_DL_LOAD_LOCK, GLIBC_OFF_GL_DL_LOAD_WRITE_LOCK,
					  GLIBC_OFF_GL_DL_LOAD_TLS_LOCK };
	for (size_t i = 0; i < sizeof locks / sizeof locks[0]; i++)
		GL(locks[i] + GLIBC_OFF_PTHREAD_MUTEX_DATA_KIND, int) = GLIBC_PTHREAD_MUTEX_RECURSIVE_NP;
}

typedef void (*debug_printf_fn)(const char *, ...);

/* LD_DEBUG in glibc's bits (DL_DEBUG_*). */
static unsigned debug_mask(void)
{
	static const struct {
		unsigned rtld, glibc;
	} bits[] = {
		{ DBG_LIBS, 1 << 0 }, { DBG_IMPCALLS, 1 << 1 }, { DBG_BINDINGS, 1 << 2 },
		{ DBG_SYMBOLS, 1 << 3 }, { DBG_VERSIONS, 1 << 4 }, { DBG_RELOC, 1 << 5 },
		{ DBG_FILES, 1 << 6 }, { DBG_STATISTICS, 1 << 7 }, { DBG_UNUSED, 1 << 8 },
		{ DBG_SCOPES, 1 << 9 },
	};
	unsigned mask = 0;
	for (size_t i = 0; i < sizeof bits / sizeof bits[0]; i++)
		if (R.debug & bits[i].rtld)
			mask |= bits[i].glibc;
	return mask;
}

static void before_reloc(void)
{
	_dl_argv = R.argv;
	__libc_enable_secure = R.secure;
	GLRO(GLIBC_OFF_GLRO_DL_PAGESIZE, size_t) = R.pagesz;
	/* 0 without AT_MINSIGSTKSZ: glibc_cpu_features then computes it. */
	GLRO(GLIBC_OFF_GLRO_DL_MINSIGSTACKSIZE, size_t) = auxv_value(AT_MINSIGSTKSZ);
	GLRO(GLIBC_OFF_GLRO_DL_CLKTCK, int) = (int)auxv_value(AT_CLKTCK);
	GLRO(GLIBC_OFF_GLRO_DL_FPU_CONTROL, uint16_t) = 0x37f;	/* _FPU_DEFAULT */
	GLRO(GLIBC_OFF_GLRO_DL_HWCAP2, uint64_t) = auxv_value(AT_HWCAP2);
	/* libc's start-up prints its LD_DEBUG lines ("initialize program")
	 * as ld.so's debug output, through dl_debug_printf. */
	GLRO(GLIBC_OFF_GLRO_DL_DEBUG_MASK, unsigned) = debug_mask();
	GLRO(GLIBC_OFF_GLRO_DL_AUXV, void *) = R.auxv;
	/* The kernel's AT_PLATFORM, unless the CPU features name another. */
	GLRO(GLIBC_OFF_GLRO_DL_PLATFORM, const char *) = R.platform && *R.platform ? R.platform : 0;
	/* Also sets dl_hwcap, dl_platform and, if 0, dl_minsigstacksize. */
	glibc_cpu_features(_rtld_global_ro + GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES);
	size_t align = rtld_tls_static_align();
	GLRO(GLIBC_OFF_GLRO_DL_TLS_STATIC_SIZE, size_t) =
		(rtld_tls_static_size() + GLIBC_SIZEOF_PTHREAD + align - 1) & ~(align - 1);
	GLRO(GLIBC_OFF_GLRO_DL_TLS_STATIC_ALIGN, size_t) = align;
	GLRO(GLIBC_OFF_GLRO_DL_TLS_STATIC_SURPLUS, size_t) = glibc_tunables_tls_surplus();
#ifdef GLIBC_OFF_GL_DL_TLS_STATIC_OPTIONAL
	GL(GLIBC_OFF_GL_DL_TLS_STATIC_OPTIONAL, size_t) =
		(size_t)glibc_tunable_num(GLIBC_TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
#endif
	vdso_pointers();
	GLRO(GLIBC_OFF_GLRO_DL_DEBUG_PRINTF, debug_printf_fn) = dbg;
	GLRO(GLIBC_OFF_GLRO_DL_MCOUNT, void *) = (void *)no_op;
	GLRO(GLIBC_OFF_GLRO_DL_LOOKUP_SYMBOL_X, void *) = (void *)lookup_symbol_x;
	GLRO(GLIBC_OFF_GLRO_DL_OPEN, void *) = (void *)trap;
	GLRO(GLIBC_OFF_GLRO_DL_CLOSE, void *) = (void *)trap;
	GLRO(GLIBC_OFF_GLRO_DL_CATCH_ERROR, void *) = (void *)trap;
	GLRO(GLIBC_OFF_GLRO_DL_ERROR_FREE, void *) = (void *)no_op;
	GLRO(GLIBC_OFF_GLRO_DL_TLS_GET_ADDR_SOFT, void *) = (void *)tls_get_addr_soft;
	GLRO(GLIBC_OFF_GLRO_DL_LIBC_FREERES, void *) = (void *)no_op;
	GLRO(GLIBC_OFF_GLRO_DL_FIND_OBJECT, void *) = (void *)find_object;
	GLRO(GLIBC_OFF_GLRO_DL_DLFCN_HOOK, const void *) = glibc_dlfcn_hook;

	GL(GLIBC_OFF_GL_DL_NNS, size_t) = 1;
	set_locks_recursive();
	/* The program's PT_GNU_STACK (stack.c; none at all means PF_X, as
	 * ld.so reads it); libraries that ask for more come after. */
	GL(GLIBC_OFF_GL_DL_STACK_FLAGS, int) = PF_R | PF_W | (R.stack_exec ? PF_X : 0);
	shadows_sync();
	for (struct obj *o = R.head; o; o = o->l_next)
		if (o->is_vdso)
			GLRO(GLIBC_OFF_GLRO_DL_SYSINFO_MAP, void *) = shadow_of(o);
}

/* rtld --list-tunables, as ld.so prints them: after its start-up has
 * derived the CPU's cache thresholds and written them back. */
void glibc_list_tunables(void)
{
	glibc_cpu_features(_rtld_global_ro + GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES);
	glibc_tunables_print();
}

/* Two sets of lookups ld.so makes once the objects are relocated, shown
 * under LD_DEBUG=bindings (and symbols): its malloc family, from the
 * program's scope (for ld.so's own allocations from then on), and the
 * relocation of its own references to the error functions libc also
 * defines (LD_DEBUG=reloc shows that relocation begin). */
static void show_ldso_bindings(void)
{
	static const struct {
		const char *name, *version;
		bool from_self;
	} refs[] = {
		{ "calloc", "GLIBC_2.2.5", false }, { "free", "GLIBC_2.2.5", false },
		{ "malloc", "GLIBC_2.2.5", false }, { "realloc", "GLIBC_2.2.5", false },
		{ "_dl_catch_exception", "GLIBC_PRIVATE", true },
		{ "_dl_signal_exception", "GLIBC_PRIVATE", true },
		{ "_dl_signal_error", "GLIBC_PRIVATE", true },
		{ "_dl_catch_error", "GLIBC_PRIVATE", true },
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		struct vername v = { .name = refs[i].version, .hash = sysv_hash(refs[i].version) };
		struct obj *from = refs[i].from_self ? R.self : R.main;
		/* ld.so relocates itself last, between the two sets. */
		if (refs[i].from_self && !refs[i - 1].from_self && (R.debug & DBG_RELOC) && R.self)
			dbg("\nrelocation processing: %s\n", obj_name(R.self));
		struct symdef d;
		if (from && lookup_in_scopes(refs[i].name, &v, from, 0, &d) &&
		    (R.debug & DBG_BINDINGS))
			debug_binding(from, d.obj, refs[i].name, &v, false);
	}
}

/* After relocation, before any constructor: what glibc's ld.so calls
 * libc for, once. */
static void before_init(void)
{
	if (R.debug & (DBG_BINDINGS | DBG_SYMBOLS | DBG_RELOC))
		show_ldso_bindings();
	Addr early;
	if (!libc_symbol("__libc_early_init", "GLIBC_PRIVATE", &early))
		fatal("%s: __libc_early_init not found", libc->l_name);
	((void (*)(bool))early)(true);
	/* glibc's fork re-initialises its loader locks in the child; rtld's
	 * own lock needs the same (its holder may be a thread the child does
	 * not have).  A NULL dso handle is never unregistered. */
	Addr reg;
	if (libc_symbol("__register_atfork", "GLIBC_2.3.2", &reg))
		((int (*)(void (*)(void), void (*)(void), void (*)(void), void *))reg)(
			0, 0, rtld_lock_after_fork, 0);
}

static void objects_changed(void)
{
	shadows_sync();
}

/* libc frees dynamic TLS blocks itself (when it reuses a thread's stack),
 * so they must come from its malloc. */
static void *(*libc_malloc)(size_t);
static void (*libc_free)(void *);

static void *tls_alloc(size_t n)
{
	if (!libc_malloc) {
		Addr a, f;
		if (!libc_symbol("malloc", 0, &a) || !libc_symbol("free", 0, &f))
			fatal("%s: malloc not found", libc->l_name);
		libc_malloc = (void *(*)(size_t))a;
		libc_free = (void (*)(void *))f;
	}
	return libc_malloc(n);
}

static void tls_free(void *p)
{
	if (libc_free)
		libc_free(p);
}

const struct personality personality_glibc = {
	.name = "glibc",
	.runs_exe_init = false,	/* __libc_start_main runs them */
	.tcb_size = GLIBC_SIZEOF_PTHREAD,
	.hides_rtld_api = true,
	.init_main_thread = init_main_thread,
	.before_reloc = before_reloc,
	.before_init = before_init,
	.objects_changed = objects_changed,
	.obj_gone = shadow_free,
	.dtors_pending = shadow_dtors_pending,
	.tls_alloc = tls_alloc,
	.tls_free = tls_free,
	.stacks_executable = glibc_stacks_executable,
	.tls_surplus = glibc_tunables_tls_surplus,
};
