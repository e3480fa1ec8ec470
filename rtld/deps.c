/* Loading the dependency graph breadth-first, building the global scope,
 * and checking the version requirements between objects. */
#include "core.h"
#include "version.h"
#include "out.h"
#include "util.h"

/* An object stands in for a missing library when tracing (--list), so the
 * listing can go on like ldd's "=> not found". */
static struct obj *not_found(const char *name, struct obj *req)
{
	struct obj *o = r_calloc(1, sizeof *o);
	if (!o)
		fatal("cannot allocate memory");
	o->faked = true;
	o->loader = req;
	o->libname = obj_add_name(o, name);
	o->l_name = (char *)"";
	return o;
}

/* Scopes are read by lock-free lookups (readers.c): an array a reader may
 * hold is replaced, never changed under it, and freed once no reader is
 * left; the length is published after the entries it covers. */
int scope_add(struct scope *s, size_t *cap, struct obj *o)
{
	struct obj **old = 0;
	if (s->n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		struct obj **n = r_malloc(ncap * sizeof *n);
		if (!n) {
			set_error("cannot allocate memory");
			return -1;
		}
		r_memcpy(n, s->objs, s->n * sizeof *n);
		old = s->objs;
		__atomic_store_n(&s->objs, n, __ATOMIC_RELEASE);
		*cap = ncap;
	}
	s->objs[s->n] = o;
	__atomic_store_n(&s->n, s->n + 1, __ATOMIC_RELEASE);
	if (old) {
		readers_wait();
		r_free(old);
	}
	return 0;
}

/* A reader may pair the old length with the new array: the slot past
 * the new end repeats the last entry, which only means a second look at
 * the same object. */
void scope_remove(struct scope *s, size_t cap, const struct obj *o)
{
	size_t i = 0;
	while (i < s->n && s->objs[i] != o)
		i++;
	if (i == s->n)
		return;
	struct obj **n = r_malloc(cap * sizeof *n);
	if (!n) {
		/* Out of memory: shift in place.  A reader that runs
		 * meanwhile may miss an object; there is no better choice. */
		for (; i + 1 < s->n; i++)
			s->objs[i] = s->objs[i + 1];
		__atomic_store_n(&s->n, s->n - 1, __ATOMIC_RELEASE);
		readers_wait();
		return;
	}
	r_memcpy(n, s->objs, i * sizeof *n);
	r_memcpy(n + i, s->objs + i + 1, (s->n - i - 1) * sizeof *n);
	n[s->n - 1] = s->n > 1 ? n[s->n - 2] : 0;
	struct obj **old = s->objs;
	__atomic_store_n(&s->objs, n, __ATOMIC_RELEASE);
	__atomic_store_n(&s->n, s->n - 1, __ATOMIC_RELEASE);
	readers_wait();
	r_free(old);
}

static size_t count_needed(const struct obj *o)
{
	size_t n = 0;
	for (const Dyn *d = o->l_ld; d && d->d_tag != DT_NULL; d++)
		n += d->d_tag == DT_NEEDED;
	return n;
}

/* Loads one object's DT_NEEDED entries into o->deps; new objects join the
 * load-order list.  On failure: -1, the error set and R.errobj naming the
 * object the message is about. */
static int load_needed(struct obj *o)
{
	size_t n = count_needed(o);
	o->deps_loaded = true;
	if (!n)
		return 0;
	o->deps = r_calloc(n, sizeof *o->deps);
	if (!o->deps) {
		set_error("cannot allocate memory");
		return -1;
	}
	for (const Dyn *d = o->l_ld; d->d_tag != DT_NULL; d++) {
		if (d->d_tag != DT_NEEDED)
			continue;
		if (d->d_un.d_val >= o->strsz) {
			set_error("invalid DT_NEEDED entry");
			set_errobj(obj_name(o));
			return -1;
		}
		const char *name = o->strtab + d->d_un.d_val;
		struct obj *dep = find_loaded(name);
		if (!dep && R.self && obj_has_name(R.self, name))
			dep = R.self;
		if (!dep) {
			dep = load_library(name, o, "needed by");
			if (!dep) {
				if (!R.trace || R.list_opt) {
					if (!R.errobj[0])
						set_errobj(name);
					return -1;
				}
				dep = not_found(name, o);
			}
		}
		if (!dep->in_list) {
			dep->in_list = true;
			obj_append(dep);
		}
		o->deps[o->ndeps++] = dep;
	}
	return 0;
}

int load_closure(struct scope *q, size_t *cap)
{
	unsigned stamp = ++R.stamp;
	for (size_t i = 0; i < q->n; i++)
		q->objs[i]->mark = stamp;
	for (size_t i = 0; i < q->n; i++) {
		struct obj *o = q->objs[i];
		if (o->faked)
			continue;
		if (!o->deps_loaded && load_needed(o))
			return -1;
		for (size_t k = 0; k < o->ndeps; k++) {
			struct obj *d = o->deps[k];
			if (d->mark == stamp)
				continue;
			d->mark = stamp;
			if (scope_add(q, cap, d))
				return -1;
		}
	}
	return 0;
}

void load_dependencies(struct obj *first, size_t npre, struct obj **pre)
{
	struct scope *q = &R.global;
	size_t cap = 0;
	if (scope_add(q, &cap, first))
		fatal("cannot allocate memory");
	for (size_t i = 0; i < npre; i++)
		if (scope_add(q, &cap, pre[i]))
			fatal("cannot allocate memory");
	if (load_closure(q, &cap))
		fatal_load(R.errobj, last_error());
	/* Objects that are only stand-ins are not part of the lookup scope. */
	size_t k = 0;
	for (size_t i = 0; i < q->n; i++)
		if (!q->objs[i]->faked)
			q->objs[k++] = q->objs[i];
	q->n = k;
	R.global_cap = cap;
}

static struct obj *dep_named(struct obj *o, const char *file)
{
	for (size_t i = 0; i < o->ndeps; i++)
		if (obj_has_name(o->deps[i], file))
			return o->deps[i];
	return find_loaded(file);
}

bool defines_version(const struct obj *d, const struct vername *v)
{
	for (size_t i = 0; i < d->nvers; i++) {
		const struct vername *x = &d->vers[i];
		if (x->name && !x->file && x->hash == v->hash && r_strcmp(x->name, v->name) == 0)
			return true;
	}
	return false;
}

/* On stderr, tracing or not (ld.so's print_missing_version). */
static void version_msg(const struct obj *d, const struct obj *o, const char *what)
{
	r_dprintf(2, "%s: %s: %s (required by %s)\n", R.progname, obj_name(d), what,
		  obj_name(o));
}

/* LD_DEBUG=versions' line for one needed version, in DT_VERNEED's order
 * (as ld.so checks them), of a file that is loaded. */
static int show_check(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx)
{
	struct obj *o = ctx;
	if (!a || n->vn_file >= o->strsz || a->vna_name >= o->strsz)
		return 0;
	const struct obj *d = dep_named(o, o->strtab + n->vn_file);
	if (d && !d->faked)
		dbg("checking for version `%s' in file %s [0] required by file %s [0]\n",
		    o->strtab + a->vna_name, obj_name(d), obj_name(o));
	return 0;
}

/* Every version an object needs must be defined by the file it names.  A
 * file without version definitions only draws a warning; a missing weak
 * version is silent unless tracing.  Returns the number of errors, after
 * reporting all of them as ld.so does. */
int check_versions(struct obj *o, bool report)
{
	int errors = 0;
	char what[300];
	if ((R.debug & DBG_VERSIONS) && o->verneed)
		verneed_each(o->verneed, o->nverneed, o->verneed_avail, show_check, o);
	for (size_t i = 0; i < o->nvers; i++) {
		const struct vername *v = &o->vers[i];
		if (!v->name || !v->file)
			continue;
		struct obj *d = dep_named(o, v->file);
		if (!d || d->faked || !d->dyn[DT_STRTAB])
			continue;
		if (!d->has_verdef) {
			if (report)
				version_msg(d, o, "no version information available");
			continue;
		}
		if (defines_version(d, v))
			continue;
		if (v->weak && !R.trace)
			continue;
		r_snprintf(what, sizeof what, "%sversion `%s' not found", v->weak ? "weak " : "",
			   v->name);
		if (!report) {
			/* dlopen: the first error becomes dlerror's text. */
			set_error("%s (required by %s)", what, obj_name(o));
			set_errobj(obj_name(d));
			return 1;
		}
		version_msg(d, o, what);
		errors += !v->weak;
	}
	return errors;
}
