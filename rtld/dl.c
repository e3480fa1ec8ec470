/* Run-time loading: dlopen, dlclose, dlsym, dlvsym, dlerror.
 *
 * Everything runs under the loader lock (lock.c), which is recursive so
 * that constructors may call dlopen.  A failed dlopen unloads whatever it
 * had loaded, so no half-loaded object stays in any list or mapping.
 * Objects loaded at start-up are never unloaded; a dlopen'd object lives
 * while a handle, a dependent, an object that bound to it, RTLD_NODELETE
 * or a pending thread_local destructor still needs it (a mark-and-sweep
 * over those edges, as ld.so does, so cycles are no problem). */
#include "core.h"
#include "compat.h"
#include "hash.h"
#include "out.h"
#include "util.h"
#include "rtld/dlfcn.h"
#include "rtld/tls.h"

#define EXPORT __attribute__((visibility("default")))

/* ---- per-thread error state ---- */

static void dl_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void dl_error(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	r_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	struct rtld_self_tls *t = tls_self();
	r_free(t->dlerror_pending);
	t->dlerror_pending = r_strdup(buf);
}

void dl_set_error(const char *msg)
{
	dl_error("%s", msg);
}

/* A call that succeeds leaves no error behind from earlier ones. */
static void dl_clear(void)
{
	struct rtld_self_tls *t = tls_self();
	r_free(t->dlerror_pending);
	t->dlerror_pending = 0;
}

EXPORT char *dlerror(void)
{
	rtld_lock();
	struct rtld_self_tls *t = tls_self();
	r_free(t->dlerror_returned);
	t->dlerror_returned = t->dlerror_pending;
	t->dlerror_pending = 0;
	rtld_unlock();
	return t->dlerror_returned;
}

/* ---- finding objects ---- */

struct obj *obj_at(const void *addr)
{
	Addr a = (Addr)addr;
	for (struct obj *o = R.head; o; o = o->l_next)
		if (!o->faked && a >= o->map_start && a - o->map_start < o->map_len)
			return o;
	struct obj *s = R.self;
	if (s && a >= s->map_start && a - s->map_start < s->map_len)
		return s;
	return 0;
}

bool live_handle(const void *h)
{
	for (struct obj *o = R.head; o; o = o->l_next)
		if (o == h && !o->faked)
			return true;
	return h == R.self;
}

/* The object and its dependencies, breadth-first: what a handle sees. */
static int local_scope(struct obj *o)
{
	if (o->local.n)
		return 0;
	size_t cap = 0;
	if (scope_add(&o->local, &cap, o) || load_closure(&o->local, &cap))
		return -1;
	return 0;
}

static void make_global(struct obj *o)
{
	for (size_t i = 0; i < R.global.n; i++)
		if (R.global.objs[i] == o)
			return;
	if (scope_add(&R.global, &R.global_cap, o) == 0) {
		o->global = true;
		symindex_changed();
	}
}

/* ---- unloading ---- */

static void keep(struct obj *o, unsigned stamp)
{
	if (o->mark == stamp)
		return;
	o->mark = stamp;
	for (size_t i = 0; i < o->ndeps; i++)
		keep(o->deps[i], stamp);
	for (size_t i = 0; i < o->nreldeps; i++)
		keep(o->reldeps[i], stamp);
}

static bool in_gc, gc_again;

static void forget(struct obj *o)
{
	size_t n = R.global.n;
	scope_remove(&R.global, R.global_cap, o);
	if (R.global.n != n)
		symindex_changed();
	if (o->l_prev)
		o->l_prev->l_next = o->l_next;
	else
		R.head = o->l_next;
	if (o->l_next)
		o->l_next->l_prev = o->l_prev;
	else
		R.tail = o->l_prev;
	tls_remove(o);
	if (personality->obj_gone)
		personality->obj_gone(o);
	readers_wait();		/* a lock-free lookup may be reading o */
	r_free(o->local.objs);
	r_free(o->reldeps);
	if (R.debug & DBG_FILES)
		dbg("\nfile=%s [0];  destroying link map\n", o->l_name);
	obj_unmap(o);
}

/* Unloads every dlopen'd object nothing needs any more.  Finalisers may
 * dlclose in turn: that only asks for another round. */
static void collect(void)
{
	if (in_gc) {
		gc_again = true;
		return;
	}
	in_gc = true;
	do {
		gc_again = false;
		unsigned live = ++R.stamp;
		for (struct obj *o = R.head; o; o = o->l_next)
			if (!o->dlopened || o->opencount || o->nodelete || o->tls_dtor_count ||
			    (personality->dtors_pending && personality->dtors_pending(o)))
				keep(o, live);
		size_t n = 0;
		for (struct obj *o = R.head; o; o = o->l_next)
			if (o->mark != live) {
				o->dying = true;	/* marks may change under finalisers */
				n++;
			}
		if (!n)
			break;
		debugger_delete();
		run_fini_dying();
		for (struct obj *o = R.head, *next; o; o = next) {
			next = o->l_next;
			if (o->dying) {
				forget(o);
				R.subs++;
			}
		}
		personality->objects_changed();
		debugger_end();
	} while (gc_again);
	in_gc = false;
}

EXPORT int dlclose(void *h)
{
	rtld_lock();
	int r = 0;
	struct obj *o = h;
	dl_clear();
	if (!h || !live_handle(h) || !o->opencount) {
		dl_error("shared object not open");
		r = -1;
	} else if (--o->opencount == 0 && o->dlopened) {
		collect();
	}
	rtld_unlock();
	return r;
}

/* Undoes a failed dlopen: every object after mark in the load order. */
static void roll_back(struct obj *mark)
{
	struct obj *o = mark ? mark->l_next : R.head;
	while (o) {
		struct obj *next = o->l_next;
		forget(o);
		o = next;
	}
	debugger_end();
}

/* ---- dlopen ---- */

static void fail_load(const char *name)
{
	const char *obj = R.errobj[0] ? R.errobj : name;
	dl_error("%s: %s", obj, last_error());
}

static struct obj *open_new(const char *file, int mode, struct obj *caller)
{
	struct obj *mark = R.tail;
	debugger_add();
	struct obj *o = load_library(file, caller, "dynamically loaded by");	/* it copies the name */
	if (!o) {
		fail_load(file);
		debugger_end();
		return 0;
	}
	/* Already loaded under another name (the same file by another path):
	 * load_library added the name; it is an open of that object. */
	if (o->in_list) {
		debugger_end();
		return o;
	}
	o->in_list = true;
	obj_append(o);
	if (local_scope(o)) {
		fail_load(file);
		goto undo;
	}
	for (struct obj *n = mark->l_next; n; n = n->l_next) {
		n->dlopened = true;
		n->lscope = &o->local;
		n->deepbind = (mode & RTLD_DEEPBIND) != 0;
		if (n->flags_1 & DF_1_NODELETE)
			n->nodelete = true;
	}
	for (struct obj *n = mark->l_next; n; n = n->l_next) {
		if (n->exec_stack && stack_make_executable()) {
			dl_error("%s: %s", obj_name(n), last_error());
			goto undo;
		}
		if (check_versions(n, false)) {
			dl_error("%s: %s", R.errobj, last_error());
			goto undo;
		}
	}
	/* After every version check and before relocation, as ld.so. */
	struct obj *unmet = cpu_needs_unmet(&o->local);
	if (unmet) {
		dl_error("%s: %s", obj_name(unmet), ARCH_PROPS_UNMET);
		goto undo;
	}
	for (struct obj *n = mark->l_next; n; n = n->l_next) {
		if (n->has_tls && tls_add_loaded(n)) {
			dl_error("%s: %s", obj_name(n), last_error());
			goto undo;
		}
	}
	if (relocate_scope(&o->local, (mode & RTLD_NOW) || R.bind_now)) {
		dl_error("%s", last_error());
		goto undo;
	}
	for (struct obj *n = mark->l_next; n; n = n->l_next) {
		tls_fill_static(n);
		R.adds++;	/* dl_iterate_phdr's counters count objects */
	}
	return o;
undo:
	roll_back(mark);
	return 0;
}

static void *do_dlopen(const char *file, int mode, struct obj *caller)
{
	if (mode & ~(RTLD_LAZY | RTLD_NOW | RTLD_NOLOAD | RTLD_DEEPBIND | RTLD_GLOBAL |
		     RTLD_NODELETE)) {
		dl_error("invalid mode parameter");
		return 0;
	}
	if (!(mode & (RTLD_LAZY | RTLD_NOW))) {
		dl_error("%s: invalid mode for dlopen(): Invalid argument", file ? file : "");
		return 0;
	}
	if (!file || !*file) {
		R.main->opencount++;
		return R.main;
	}
	struct obj *o = find_loaded(file);
	if (!o && R.self && obj_has_name(R.self, file))
		o = R.self;
	if (!o && (mode & RTLD_NOLOAD))
		return 0;
	bool fresh = !o;
	if (fresh) {
		struct obj *tail = R.tail;
		R.in_dlopen++;
		o = open_new(file, mode, caller ? caller : R.main);
		R.in_dlopen--;
		if (!o)
			return 0;
		fresh = R.tail != tail;	/* else an object loaded before */
	}
	if (!fresh && local_scope(o)) {
		dl_error("%s: %s", file, last_error());
		return 0;
	}
	if (mode & RTLD_GLOBAL)
		for (size_t i = 0; i < o->local.n; i++)
			make_global(o->local.objs[i]);
	if (mode & RTLD_NODELETE)
		o->nodelete = true;
	o->opencount++;
	if (fresh) {
		personality->objects_changed();
		debugger_end();
		run_init_scope(&o->local);
	}
	if (R.debug & DBG_FILES)
		dbg("opening file=%s [0]; direct_opencount=%lu\n\n", o->l_name,
		    (unsigned long)o->opencount);
	return o;
}

/* dlopen on behalf of code at caller (whose RPATH/RUNPATH and $ORIGIN
 * apply); the C library's wrappers pass their own caller. */
void *dl_open_at(const char *file, int mode, const void *caller)
{
	rtld_lock();
	dl_clear();
	void *h = do_dlopen(file, mode, caller ? obj_at(caller) : 0);
	rtld_unlock();
	return h;
}

EXPORT void *dlopen(const char *file, int mode)
{
	return dl_open_at(file, mode, __builtin_return_address(0));
}

/* ---- dlsym ---- */

static void *symbol_value(const struct symdef *d)
{
	if (ELF64_ST_TYPE(d->sym->st_info) == STT_TLS) {
		struct rtld_tls_index ti = { d->obj->tls_modid, d->sym->st_value };
		return __tls_get_addr(&ti);
	}
	Addr v = sym_addr(d);
	if (ELF64_ST_TYPE(d->sym->st_info) == STT_GNU_IFUNC)
		v = arch_call_ifunc(d->obj, v);
	return (void *)v;
}

/* RTLD_NEXT: the definitions after the caller in the scope it is in. */
static int lookup_next(const char *name, const struct vername *ver, struct obj *caller,
		       struct symdef *d)
{
	const struct scope *sc = &R.global;
	size_t i = 0;
	while (i < sc->n && sc->objs[i] != caller)
		i++;
	if (i == sc->n && caller->lscope) {
		sc = caller->lscope;
		for (i = 0; i < sc->n && sc->objs[i] != caller; i++)
			;
	}
	if (i >= sc->n)
		return 0;
	struct scope rest = { sc->objs + i + 1, sc->n - i - 1 };
	return lookup_symbol(name, ver, 0, &rest, LOOKUP_NEWEST, d);
}

static void *do_dlsym(void *h, const char *name, const struct vername *ver, struct obj *caller)
{
	struct symdef d = { 0, 0 };
	int found;
	int flags = ver ? 0 : LOOKUP_NEWEST;
	const char *where;
	struct obj *from;	/* who asks, for LD_DEBUG=bindings (as ld.so names it) */
	if (h == RTLD_DEFAULT) {
		from = caller ? caller : R.main;
		found = lookup_in_scopes(name, ver, from, flags, &d);
		/* The caller now uses the definer: keep it loaded (ld.so's
		 * DL_LOOKUP_ADD_DEPENDENCY). */
		if (found && d.obj->dlopened)
			note_reldep(from, d.obj);
		where = obj_name(from);
	} else if (h == RTLD_NEXT) {
		if (!caller) {
			dl_error("RTLD_NEXT used in code not dynamically loaded");
			return 0;
		}
		found = lookup_next(name, ver, caller, &d);
		from = caller;
		where = obj_name(caller);
	} else {
		struct obj *o = h;
		if (!live_handle(h) || local_scope(o)) {
			dl_error("invalid handle");
			return 0;
		}
		found = lookup_symbol(name, ver, 0, o == R.main ? &R.global : &o->local, flags, &d);
		from = o;
		where = obj_name(o);
	}
	if (!found) {
		if (ver)
			dl_error("%s%sundefined symbol: %s, version %s", where, *where ? ": " : "",
				 name, ver->name);
		else
			dl_error("%s%sundefined symbol: %s", where, *where ? ": " : "", name);
		return 0;
	}
	if (R.debug & DBG_BINDINGS)
		debug_binding(from, d.obj, name, ver, false);
	return symbol_value(&d);
}

void *dl_sym_at(void *h, const char *name, const char *version, const void *caller)
{
	/* dlvsym asks as a hidden reference: only that version will do. */
	struct vername v = { .name = version, .hash = version ? sysv_hash(version) : 0, .hidden = 1 };
	rtld_lock();
	dl_clear();
	void *r = do_dlsym(h, name, version ? &v : 0, caller ? obj_at(caller) : 0);
	rtld_unlock();
	return r;
}

EXPORT void *dlsym(void *h, const char *name)
{
	return dl_sym_at(h, name, 0, __builtin_return_address(0));
}

EXPORT void *dlvsym(void *h, const char *name, const char *version)
{
	return dl_sym_at(h, name, version, __builtin_return_address(0));
}

/* ---- thread_local destructors (for a thread library's
 * __cxa_thread_atexit): an object must outlive the destructors it
 * registered. ---- */

EXPORT void rtld_tls_dtor_hold(void *addr)
{
	rtld_lock();
	struct obj *o = obj_at(addr);
	if (o)
		o->tls_dtor_count++;
	rtld_unlock();
}

EXPORT void rtld_tls_dtor_release(void *addr)
{
	rtld_lock();
	struct obj *o = obj_at(addr);
	if (o && o->tls_dtor_count && --o->tls_dtor_count == 0 && o->dlopened)
		collect();
	rtld_unlock();
}
