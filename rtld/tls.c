/* Thread-local storage, variant II (x86_64).
 *
 * Layout: every initial module with a PT_TLS segment gets a module id (in
 * load order, so the executable is 1 when it has TLS) and a fixed offset
 * below the thread pointer, computed as the ABI requires so that the
 * executable's block sits where the static linker assumed for local-exec
 * accesses.  A surplus is reserved after the initial blocks so that
 * libraries using initial-exec TLS can still be loaded later.
 *
 * The main thread's area is allocated and %fs set BEFORE relocation, since
 * IFUNC resolvers and constructors may use the stack protector (%fs:0x28);
 * the TLS images are copied AFTER relocation, since they may contain
 * relocated pointers. */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "tp.h"
#include "util.h"
#include "rtld/tls.h"

#define TLS_SURPLUS 1664	/* bytes kept for initial-exec TLS of later loads */
#define MIN_ALIGN 64

static size_t static_used;	/* bytes used by the initial modules */
static size_t static_limit;	/* static_used + surplus, aligned: what dlopen may fill */
static size_t static_size = 0;	/* static_limit + rtld's own block, aligned */
static size_t static_align = MIN_ALIGN;
/* Module id -> object (NULL once unloaded; ids are never reused, so a
 * stale dtv entry can never be mistaken for a new module's block). */
static struct obj **modules;
static size_t nmodules, modcap;
static unsigned long generation;

/* Every thread pointer set up through us, so that a module placed in
 * static TLS by dlopen can be initialised in every thread. */
static void **threads;
static size_t nthreads, thread_cap;

__attribute__((visibility("default"))) size_t rtld_tls_static_size(void)
{
	return static_size;
}

__attribute__((visibility("default"))) size_t rtld_tls_static_align(void)
{
	return static_align;
}

static int add_module(struct obj *o)
{
	if (nmodules + 1 >= modcap) {
		size_t cap = modcap ? modcap * 2 : 16;
		struct obj **m = r_realloc(modules, cap * sizeof *m);
		if (!m)
			return -1;
		modules = m;
		for (size_t i = modcap; i < cap; i++)
			m[i] = 0;
		modcap = cap;
	}
	o->tls_modid = ++nmodules;
	modules[o->tls_modid] = o;
	generation++;
	return 0;
}

static void add_thread(void *tp)
{
	if (nthreads == thread_cap) {
		size_t cap = thread_cap ? thread_cap * 2 : 16;
		void **t = r_realloc(threads, cap * sizeof *t);
		if (!t)
			return;	/* only dlopen's static TLS init of it is lost */
		threads = t;
		thread_cap = cap;
	}
	threads[nthreads++] = tp;
}

static void remove_thread(void *tp)
{
	for (size_t i = 0; i < nthreads; i++)
		if (threads[i] == tp) {
			threads[i] = threads[--nthreads];
			return;
		}
}

/* Places o's block in static TLS; returns -1 when the space is exhausted
 * (only possible for objects loaded after start-up). */
static int place_static(struct obj *o, size_t limit)
{
	size_t align = o->tls_align;
	size_t first = (-o->tls_firstbyte) & (align - 1);
	size_t off = ((static_used + o->tls_memsz - first + align - 1) & ~(align - 1)) + first;
	if (limit && off > limit)
		return -1;
	static_used = off;
	o->tls_offset = (ptrdiff_t)off;
	o->tls_static = true;
	if (align > static_align)
		static_align = align;
	return 0;
}

/* rtld's own per-thread words (see tls_self), beyond the surplus: the
 * executable's block stays where the static linker put it, and the
 * surplus left to dlopen is exactly ld.so's (glibc's ld.so itself has no
 * TLS). */
static size_t self_offset;

void tls_layout(void)
{
	for (struct obj *o = R.head; o; o = o->l_next) {
		if (!o->has_tls || o->faked)
			continue;
		if (add_module(o) || place_static(o, 0))
			fatal("cannot allocate TLS block");
	}
	size_t surplus = personality->tls_surplus ? personality->tls_surplus() : TLS_SURPLUS;
	static_limit = (static_used + surplus + static_align - 1) & ~(static_align - 1);
	self_offset = (static_limit + sizeof(struct rtld_self_tls) + 15) & ~(size_t)15;
	static_size = (self_offset + static_align - 1) & ~(static_align - 1);
}

/* The calling thread's rtld data (zeroed when the thread's TLS is set up),
 * whatever thread control block the C library uses. */
struct rtld_self_tls *tls_self(void)
{
	return (struct rtld_self_tls *)((char *)arch_tp() - self_offset);
}

/* A dtv with cap module slots (layout in include/rtld/tls.h). */
static struct rtld_dtv *dtv_new(size_t cap)
{
	struct rtld_dtv *d = r_calloc(cap + 2, sizeof *d);
	if (!d)
		return 0;
	d[0].val = cap;
	return d + 1;
}

static void dtv_free_slot(struct rtld_dtv *slot)
{
	if (slot->to_free)
		personality->tls_free ? personality->tls_free(slot->to_free) : r_free(slot->to_free);
	slot->val = 0;
	slot->to_free = 0;
}

static void copy_images(void *tp)
{
	r_memset((char *)tp - self_offset, 0, sizeof(struct rtld_self_tls));
	for (size_t i = 1; i <= nmodules; i++) {
		struct obj *o = modules[i];
		if (!o || !o->tls_static)
			continue;
		char *block = (char *)tp - o->tls_offset;
		r_memcpy(block, o->tls_image, o->tls_filesz);
		r_memset(block + o->tls_filesz, 0, o->tls_memsz - o->tls_filesz);
	}
}

static int init_tcb(void *tp, uintptr_t guard, uintptr_t pguard)
{
	struct rtld_tcb *t = tp;
	struct rtld_dtv *dtv = dtv_new(modcap ? modcap : 1);
	if (!dtv)
		return -1;
	dtv[0].val = generation;
	for (size_t i = 1; i <= nmodules; i++)
		if (modules[i] && modules[i]->tls_static)
			dtv[i].val = (uintptr_t)tp - (uintptr_t)modules[i]->tls_offset;
	t->tcb = tp;
	t->self = tp;
	t->dtv = dtv;
	t->stack_guard = guard;
	t->pointer_guard = pguard;
	return 0;
}

__attribute__((visibility("default"))) void *rtld_tls_init(void *tp)
{
	const struct rtld_tcb *cur = arch_tp();
	rtld_lock();
	if (init_tcb(tp, cur->stack_guard, cur->pointer_guard)) {
		rtld_unlock();
		return 0;
	}
	copy_images(tp);
	add_thread(tp);
	rtld_unlock();
	return tp;
}

__attribute__((visibility("default"))) void *rtld_tls_alloc(size_t tcb_size)
{
	if (tcb_size < sizeof(struct rtld_tcb))
		tcb_size = sizeof(struct rtld_tcb);
	size_t len = static_size + tcb_size + static_align;
	rtld_lock();
	char *mem = r_malloc(len);
	rtld_unlock();
	if (!mem)
		return 0;
	uintptr_t tp = ((uintptr_t)mem + static_size + static_align - 1) & ~(static_align - 1);
	r_memset(mem, 0, len);
	struct rtld_tcb *t = (struct rtld_tcb *)tp;
	t->unused[8] = (uintptr_t)mem;	/* for rtld_tls_free */
	return rtld_tls_init(t);
}

__attribute__((visibility("default"))) void rtld_tls_free(void *tp)
{
	void *area = (void *)((struct rtld_tcb *)tp)->unused[8];
	tls_release(tp);
	r_free(area);
}

/* A thread is gone: its dtv, dynamic blocks and rtld data; not the area
 * itself, which belongs to whoever allocated it. */
void tls_release(void *tp)
{
	struct rtld_tcb *t = tp;
	rtld_lock();
	remove_thread(tp);
	struct rtld_self_tls *self = (struct rtld_self_tls *)((char *)tp - self_offset);
	r_free(self->dlerror_pending);
	r_free(self->dlerror_returned);
	struct rtld_dtv *dtv = t->dtv;
	for (size_t i = 1; dtv && i <= dtv[-1].val; i++)
		dtv_free_slot(&dtv[i]);
	if (dtv)
		r_free(dtv - 1);
	t->dtv = 0;
	rtld_unlock();
}

/* A thread library reusing a thread's area (whose dtv it cleared): fill
 * the static entries and the images again, keeping the dtv if it is big
 * enough. */
void *tls_reinit(void *tp)
{
	struct rtld_tcb *t = tp;
	rtld_lock();
	struct rtld_dtv *dtv = t->dtv;
	if (!dtv || dtv[-1].val < nmodules) {
		if (dtv)
			r_free(dtv - 1);
		t->dtv = 0;
		rtld_unlock();
		return rtld_tls_init(tp);
	}
	dtv[0].val = generation;
	for (size_t i = 1; i <= nmodules; i++)
		if (modules[i] && modules[i]->tls_static)
			dtv[i].val = (uintptr_t)tp - (uintptr_t)modules[i]->tls_offset;
	copy_images(tp);
	remove_thread(tp);
	add_thread(tp);
	rtld_unlock();
	return tp;
}

/* The main thread: its area, %fs and guards before relocation. */
void tls_setup_main(void)
{
	const unsigned char *rnd = (const unsigned char *)R.random;
	uintptr_t guard = 0, pguard = 0;
	if (rnd) {
		r_memcpy(&guard, rnd, 8);
		r_memcpy(&pguard, rnd + 8, 8);
	}
	guard &= ~(uintptr_t)0xff;	/* a zero byte stops string overreads */
	size_t len = static_size + personality->tcb_size + static_align;
	char *mem = r_calloc(1, len);
	if (!mem)
		fatal("cannot allocate TLS block");
	uintptr_t tp = ((uintptr_t)mem + static_size + static_align - 1) & ~(static_align - 1);
	if (init_tcb((void *)tp, guard, pguard) || arch_set_tp((void *)tp) < 0)
		fatal("cannot set up thread-local storage");
	add_thread((void *)tp);
	personality->init_main_thread((void *)tp);
}

/* A module loaded by dlopen: a block in the static surplus when it uses
 * the initial-exec model (DF_STATIC_TLS), else allocated on first use. */
int tls_add_loaded(struct obj *o)
{
	if (add_module(o)) {
		set_error("cannot allocate memory for thread-local data");
		return -1;
	}
	if (!(o->flags & DF_STATIC_TLS))
		return 0;
	size_t saved = static_used;
	if (place_static(o, static_limit) == 0)
		return 0;
	static_used = saved;
	modules[o->tls_modid] = 0;
	set_error("cannot allocate memory in static TLS block");
	return -1;
}

/* After relocation of a module dlopen placed in static TLS: its image
 * goes into the block of every thread that exists. */
void tls_fill_static(struct obj *o)
{
	if (!o->tls_static)
		return;
	for (size_t i = 0; i < nthreads; i++) {
		char *block = (char *)threads[i] - o->tls_offset;
		r_memcpy(block, o->tls_image, o->tls_filesz);
		r_memset(block + o->tls_filesz, 0, o->tls_memsz - o->tls_filesz);
	}
}

/* dlclose: the module id dies with the object (never reused).  Blocks
 * other threads allocated for it are freed when those threads end. */
void tls_remove(struct obj *o)
{
	if (!o->tls_modid)
		return;
	struct rtld_tcb *t = arch_tp();
	struct rtld_dtv *dtv = t->dtv;
	size_t m = o->tls_modid;
	if (dtv && m <= dtv[-1].val)
		dtv_free_slot(&dtv[m]);
	modules[m] = 0;
	generation++;
}

/* The calling thread's block of o, or NULL if it has none yet. */
void *tls_block_of(struct obj *o)
{
	if (!o->tls_modid || !modules[o->tls_modid])
		return 0;
	if (o->tls_static)
		return (char *)arch_tp() - o->tls_offset;
	struct rtld_dtv *dtv = ((struct rtld_tcb *)arch_tp())->dtv;
	size_t m = o->tls_modid;
	return m <= dtv[-1].val ? (void *)dtv[m].val : 0;
}

void tls_finish_main(void)
{
	copy_images(arch_tp());
}

/* A block for a module outside static TLS, allocated on first access. */
static uintptr_t dynamic_block(struct obj *o, void **to_free)
{
	size_t align = o->tls_align < 16 ? 16 : o->tls_align;
	size_t n = o->tls_memsz + align;
	char *mem = personality->tls_alloc ? personality->tls_alloc(n) : r_malloc(n);
	if (!mem)
		fatal("cannot allocate memory for thread-local data");
	uintptr_t b = ((uintptr_t)mem + align - 1) & ~(align - 1);
	*to_free = mem;
	r_memcpy((void *)b, o->tls_image, o->tls_filesz);
	r_memset((char *)b + o->tls_filesz, 0, o->tls_memsz - o->tls_filesz);
	return b;
}

static void *tls_get_slow_locked(struct rtld_tls_index *ti)
{
	struct rtld_tcb *t = arch_tp();
	struct rtld_dtv *dtv = t->dtv;
	size_t m = ti->module;
	if (m == 0 || m > nmodules || !modules[m])
		fatal("invalid TLS module %lu", (unsigned long)m);
	if (m > dtv[-1].val) {
		struct rtld_dtv *nd = dtv_new(modcap);
		if (!nd)
			fatal("cannot allocate memory for thread-local data");
		r_memcpy(nd, dtv, (dtv[-1].val + 1) * sizeof *dtv);
		r_free(dtv - 1);
		t->dtv = dtv = nd;
	}
	if (!dtv[m].val) {
		struct obj *o = modules[m];
		if (o->tls_static)
			dtv[m].val = (uintptr_t)t - (uintptr_t)o->tls_offset;
		else
			dtv[m].val = dynamic_block(o, &dtv[m].to_free);
	}
	dtv[0].val = generation;
	return (void *)(dtv[m].val + ti->offset);
}

/* Allocation and the module table need the loader's lock. */
static void *tls_get_slow(struct rtld_tls_index *ti)
{
	rtld_lock();
	void *p = tls_get_slow_locked(ti);
	rtld_unlock();
	return p;
}

/* GCC may call this with the stack only 8-byte aligned (GCC bug 58066);
 * rtld uses no SSE, so that is harmless here. */
__attribute__((visibility("default"))) void *__tls_get_addr(struct rtld_tls_index *ti)
{
	struct rtld_dtv *dtv = ((struct rtld_tcb *)arch_tp())->dtv;
	size_t m = ti->module;
	if (m <= dtv[-1].val && dtv[m].val)
		return (void *)(dtv[m].val + ti->offset);
	return tls_get_slow(ti);
}
