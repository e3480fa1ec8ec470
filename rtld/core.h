/* Interfaces between the machine-independent parts of rtld. */
#ifndef RTLD_CORE_H
#define RTLD_CORE_H

#include "rtld.h"
#include "version.h"

struct kstat;

/* error.c-style message buffer in R (out.c); the caller decides whether the
 * error is fatal (start-up) or reported (dlopen). */
void set_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *last_error(void);
/* main.c: names the object an error is about (R.errobj). */
void set_errobj(const char *name);

/* map.c */
/* The first bytes of a file: read once by whoever opens it, so that the
 * headers are read by a single pread per object. */
#define HDRBUF 1024
struct filehead {
	char buf[HDRBUF] __attribute__((aligned(8)));
	long len;
};
struct obj *map_object(int fd, const char *path, const struct kstat *st, bool is_main,
		       const struct filehead *head);
int read_head(int fd, struct filehead *h);
struct obj *obj_from_phdrs(const Phdr *phdr, size_t phnum, Addr entry);
/* The load bias of a program the kernel mapped, its headers at phdr:
 * what the first PT_PHDR gives, or 0 without one. */
Addr phdr_bias(const Phdr *phdr, size_t phnum);
void obj_append(struct obj *o);
void obj_protect_relro(struct obj *o);
void obj_unmap(struct obj *o);

/* cpuneeds.c: what objects need of the processor (arch prop.h) */
void read_cpu_needs(struct obj *o, const Phdr *ph, size_t phnum, const struct filehead *head);
/* The first object of sc, in the order of initialisation, that needs
 * more than the processor has (rtld and initialised objects aside). */
struct obj *cpu_needs_unmet(const struct scope *sc);
void check_cpu_needs_at_start(void);

/* dynamic.c */
int dynamic_parse(struct obj *o);
const char *obj_name(const struct obj *o);	/* for messages: path or progname */
size_t obj_nsyms(const struct obj *o);

/* search.c */
struct obj *find_loaded(const char *name);
const char *origin_of(struct obj *o);
/* The directories a search from o would try, in order (no cache). */
void search_dirs(struct obj *o, void (*fn)(const char *dir, void *ctx), void *ctx);
const char *obj_add_name(struct obj *o, const char *name);
bool obj_has_name(const struct obj *o, const char *name);
/* why: "needed by" or "dynamically loaded by", for LD_DEBUG=files (0:
 * a preload, which ld.so attributes to nobody). */
struct obj *load_library(const char *name, struct obj *requester, const char *why);
void debug_mapped(const struct obj *o, const char *name);
void search_init(void);

/* deps.c */
void load_dependencies(struct obj *first, size_t npre, struct obj **pre);
/* Breadth-first closure: loads the dependencies of q's objects and appends
 * every object reached (once) to q. */
int load_closure(struct scope *q, size_t *cap);
int scope_add(struct scope *s, size_t *cap, struct obj *o);
void scope_remove(struct scope *s, size_t cap, const struct obj *o);
int check_versions(struct obj *o, bool report);

/* lookup.c */
enum {
	LOOKUP_PLT = 1,		/* JUMP_SLOT: skip undefined PLT-address symbols */
	LOOKUP_COPY = 2,	/* COPY: skip the executable */
	LOOKUP_NEWEST = 4,	/* dlsym-style: accept the default version */
	LOOKUP_SHARED = 8,	/* without the lock: change nothing (readers.c) */
	LOOKUP_QUIET = 16,	/* rtld's own, which ld.so makes silently or not at all */
};
/* What a LOOKUP_SHARED lookup returns when the answer needs a change to
 * shared state (a unique symbol's first use, a new dependency): the caller
 * takes the lock and asks again. */
#define LOOKUP_BUSY 2
struct symdef {
	const Sym *sym;
	struct obj *obj;
};
int lookup_symbol(const char *name, const struct vername *ver, struct obj *requester,
		  const struct scope *scope, int flags, struct symdef *out);
int lookup_in_scopes(const char *name, const struct vername *ver, struct obj *o, int flags,
		     struct symdef *out);
void note_reldep(struct obj *o, struct obj *d);
/* symindex.c: the global scope changed (lock held) */
void symindex_changed(void);
/* bindrun.c: binds a table of eager relocations through the index when
 * it is worth building; 0 if it did not (the caller applies them), 1 when
 * done, -1 on an error. */
int bind_table(struct obj *o, const Rela *r, size_t n, size_t *skipped);
int resolve_sym(struct obj *o, size_t symidx, int flags, struct symdef *out);
/* The version a reference from o's symbol symidx asks for, or null. */
static inline const struct vername *sym_version_req(const struct obj *o, size_t symidx)
{
	if (!o->versym)
		return 0;
	unsigned v = o->versym[symidx] & 0x7fff;
	if (v < 2 || v >= o->nvers || !o->vers[v].name || !o->vers[v].hash)
		return 0;
	return &o->vers[v];
}
Addr sym_addr(const struct symdef *d);
/* The address symbol s of o stands for (sym_addr without the null case). */
static inline Addr def_addr(const struct obj *o, const Sym *s)
{
	return s->st_shndx == SHN_ABS ? s->st_value : o->l_addr + s->st_value;
}

/* reloc.c */
int relocate_object(struct obj *o, bool now);
void relocate_all(void);
int relocate_scope(const struct scope *sc, bool now);

/* lazy.c */
Addr lazy_fixup(struct obj *o, size_t index);
int lazy_setup(struct obj *o);

/* deps.c: whether d defines the version v names (name and hash) */
bool defines_version(const struct obj *d, const struct vername *v);
/* list.c: LD_VERBOSE's part of the listing */
void trace_versions(void);
/* list.c: LD_DEBUG=unused with the listing (exits) */
void trace_unused(void);
/* list.c: LD_WARN with the listing */
void trace_warnings(void);
/* showauxv.c: LD_SHOW_AUXV */
void show_auxv(void);

/* Whether [where, where + len) lies in o's reservation. */
static inline bool obj_contains(const struct obj *o, Addr where, size_t len)
{
	return where >= o->map_start && where - o->map_start <= o->map_len &&
	       len <= o->map_len - (where - o->map_start);
}

/* dynamic.c: whether rtld may read [vaddr, vaddr + size) of o. */
bool obj_readable(const struct obj *o, Addr vaddr, size_t size);
void check_code(const struct obj *o, Addr a, const char *what);

/* window.c: where relocations may write. */
void reloc_window(struct obj *o);
bool reloc_target_split(const struct obj *o, Addr off, size_t width);

/* Whether a relocation may write width bytes at l_addr + off: inside a
 * writable page of o, never a read-only or unmapped one (a damaged file
 * must not make rtld fault). */
static inline bool reloc_target_ok(const struct obj *o, Addr off, size_t width)
{
	if (o->wr_len >= width && off - o->wr_lo <= o->wr_len - width)
		return true;
	return o->wr_split && reloc_target_split(o, off, width);
}

/* arch reloc_arch.c */
int arch_reloc(struct obj *o, const Rela *r, bool lazy_plt);
size_t arch_reloc_run(struct obj *o, const Rela *r, size_t n, bool lazy_plt);
void arch_reloc_begin(void);
Addr arch_call_ifunc(const struct obj *def, Addr resolver);
/* arch cpu.c: the value of $PLATFORM (kernel: AT_PLATFORM). */
const char *arch_platform(const char *kernel);
/* The same during lazy binding: the vector registers survive (plt.S). */
Addr arch_call_ifunc_preserving(Addr resolver);
void arch_plt_init(struct obj *o);

/* init.c */
void run_initialisers(void);
void run_init_scope(const struct scope *sc);
/* ld.so's dependency order of sc's objects (dependencies first). */
size_t init_order(const struct scope *sc, struct obj **order);
void run_fini_dying(void);
void rtld_fini(void);

/* tls.c */
struct rtld_self_tls {
	char *dlerror_pending;		/* dlerror's message, not yet read */
	char *dlerror_returned;		/* the one dlerror returned last */
};
struct rtld_self_tls *tls_self(void);
void tls_layout(void);
void tls_setup_main(void);
void tls_finish_main(void);
int tls_add_loaded(struct obj *o);
void tls_remove(struct obj *o);
void tls_fill_static(struct obj *o);
void tls_release(void *tp);
void *tls_reinit(void *tp);
void *tls_block_of(struct obj *o);

/* dl.c */
struct obj *obj_at(const void *addr);
void *dl_open_at(const char *file, int mode, const void *caller);
void *dl_sym_at(void *h, const char *name, const char *version, const void *caller);
bool live_handle(const void *h);
void dl_set_error(const char *msg);

/* lock.c */
void rtld_lock(void);
void rtld_unlock(void);
bool rtld_trylock(void);
/* A three-state futex word (0 free, 1 taken, 2 waiters), not recursive. */
void futex_word_lock(int *w);
void futex_word_unlock(int *w);
void rtld_lock_after_fork(void);

/* stack.c */
void stack_init(void);
int stack_make_executable(void);

/* readers.c: lookups without the lock (lazy binding) */
void readers_enter(void);
void readers_leave(void);
void readers_wait(void);
void readers_reset(void);

/* debugger.c */
void debugger_begin(void);
void debugger_end(void);
void debugger_delete(void);
void debugger_add(void);

/* list.c */
void trace_objects(void);

/* debug.c */
enum {
	DBG_LIBS = 1, DBG_RELOC = 2, DBG_FILES = 4, DBG_SYMBOLS = 8,
	DBG_BINDINGS = 16, DBG_VERSIONS = 32, DBG_SCOPES = 64,
	DBG_STATISTICS = 128, DBG_UNUSED = 256,
	/* Calls of initialisers and finalisers: shown with most categories
	 * (glibc's DL_DEBUG_IMPCALLS), never asked for by name. */
	DBG_IMPCALLS = 512,
};
void debug_parse(const char *spec);
void debug_scopes(void);
void debug_open_output(const char *path);
void dbg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void debug_binding(const struct obj *from, const struct obj *to, const char *name,
		   const struct vername *ver, bool protected_sym);
void debug_statistics(void);

/* env.c */
void env_process(void);

/* direct.c */
uintptr_t *direct_start(uintptr_t *sp);

#endif
