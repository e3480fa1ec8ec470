/* Running initialisers and finalisers in glibc 2.36's order.
 *
 * ld.so sorts the global scope with a depth-first walk: the roots are
 * taken from the END of the breadth-first search list backwards, each
 * object's dependencies in DT_NEEDED order, and an object is placed when
 * all its dependencies are.  Initialisers run in the order objects are
 * placed; the executable is forced last.  Finalisers run in the reverse of
 * the order in which initialisers actually ran. */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "util.h"

typedef void (*initfn)(int, char **, char **);
typedef void (*finifn)(void);

static void place(struct obj *o, struct obj **order, size_t *n)
{
	if (o->visited || o->faked)
		return;
	o->visited = true;
	for (size_t i = 0; i < o->ndeps; i++)
		if (!o->deps[i]->visited && !o->deps[i]->is_main)
			place(o->deps[i], order, n);
	order[(*n)++] = o;
}

/* Fills order[] (capacity sc->n) with the initialisation order. */
size_t init_order(const struct scope *sc, struct obj **order)
{
	size_t n = 0;
	for (size_t i = 0; i < sc->n; i++)
		sc->objs[i]->visited = false;
	for (size_t i = sc->n; i-- > 0 && n < sc->n;)
		if (!sc->objs[i]->is_main)
			place(sc->objs[i], order, &n);
	for (size_t i = 0; i < sc->n; i++)
		if (sc->objs[i]->is_main)
			order[n++] = sc->objs[i];
	return n;
}

/* Records o in the order of initialisation, which finalisers reverse. */
static void record_init(struct obj *o)
{
	if (R.ninit == R.init_cap) {
		size_t cap = R.init_cap ? R.init_cap * 2 : 32;
		struct obj **n = r_realloc(R.init_order, cap * sizeof *n);
		if (!n)
			fatal("cannot allocate memory");
		R.init_order = n;
		R.init_cap = cap;
	}
	R.init_order[R.ninit++] = o;
	o->init_called = true;
}

/* As ld.so: every object of the order is "called", with a line under
 * LD_DEBUG (most categories) whether or not it has initialisers; its
 * finalisers' turn comes at exit.  rtld itself (when libc needs it) has
 * none to run. */
static void call_init(struct obj *o)
{
	if (o->init_called)
		return;
	record_init(o);
	if ((R.debug & DBG_IMPCALLS) && !o->is_main)
		dbg("\ncalling init: %s\n\n", obj_name(o));
	if (o->is_rtld)
		return;
	if (o->dyn[DT_INIT])
		((initfn)(o->l_addr + o->dyn[DT_INIT]))(R.argc, R.argv, R.envp);
	initfn *a = (initfn *)o->dyn[DT_INIT_ARRAY];
	size_t n = o->dyn[DT_INIT_ARRAYSZ] / sizeof(initfn);
	for (size_t i = 0; a && i < n; i++)
		a[i](R.argc, R.argv, R.envp);
}

/* Runs the initialisers of sc's objects that have not run yet, in
 * ld.so's order (used at start-up and by dlopen).  The program's own run
 * without a line, as under ld.so, where its start-up code runs them. */
void run_init_scope(const struct scope *sc)
{
	struct obj **order = r_calloc(sc->n + 1, sizeof *order);
	if (!order)
		fatal("cannot allocate memory");
	size_t n = init_order(sc, order);
	for (size_t i = 0; i < n; i++) {
		struct obj *o = order[i];
		if (o->init_called)
			continue;
		if (o->is_main && !personality->runs_exe_init)
			record_init(o);	/* libc runs them; we still finalise */
		else
			call_init(o);
	}
	r_free(order);
}

void run_initialisers(void)
{
	struct obj *m = R.main;
	initfn *pre = (initfn *)m->dyn[DT_PREINIT_ARRAY];
	size_t n = m->dyn[DT_PREINIT_ARRAYSZ] / sizeof(initfn);
	if (pre && n && (R.debug & DBG_IMPCALLS))
		dbg("\ncalling preinit: %s\n\n", obj_name(m));
	for (size_t i = 0; pre && i < n; i++)
		pre[i](R.argc, R.argv, R.envp);
	run_init_scope(&R.global);
}

/* ld.so names the program "" here. */
static void call_fini(struct obj *o)
{
	if (o->fini_called)
		return;
	o->fini_called = true;
	if (R.debug & DBG_IMPCALLS)
		dbg("\ncalling fini: %s [0]\n\n", o->is_main ? "" : obj_name(o));
	if (o->is_rtld)
		return;
	finifn *a = (finifn *)o->dyn[DT_FINI_ARRAY];
	for (size_t i = o->dyn[DT_FINI_ARRAYSZ] / sizeof(finifn); a && i-- > 0;)
		a[i]();
	if (o->dyn[DT_FINI])
		((finifn)(o->l_addr + o->dyn[DT_FINI]))();
}

/* Given to the program in %rdx; its exit path calls it once. */
void rtld_fini(void)
{
	rtld_lock();
	for (size_t i = R.ninit; i-- > 0;)
		call_fini(R.init_order[i]);
	rtld_unlock();
}

/* dlclose: finalises the dying objects, in the reverse of their
 * initialisation, and forgets them. */
void run_fini_dying(void)
{
	for (size_t i = R.ninit; i-- > 0;)
		if (i < R.ninit && R.init_order[i]->dying)
			call_fini(R.init_order[i]);
	size_t k = 0;
	for (size_t i = 0; i < R.ninit; i++)
		if (!R.init_order[i]->dying)
			R.init_order[k++] = R.init_order[i];
	R.ninit = k;
}
