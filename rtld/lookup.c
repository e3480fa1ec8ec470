/* Symbol lookup over a flat scope.  The name's GNU hash is computed once per
 * lookup; each object costs one bloom-filter word in the common "not here"
 * case.  The SysV hash (only computed if some object lacks DT_GNU_HASH) is
 * the fallback.  No allocation happens here. */
#include "core.h"
#include "hash.h"
#include "out.h"
#include "util.h"
#include "lookup.h"

int def_version(const struct obj *o, size_t i, const struct vername *ver, bool newest)
{
	int vs = o->versym ? o->versym[i] : -1;
	if (o == R.self && R.hidden_api_ver && (vs & 0x7fff) == (int)R.hidden_api_ver)
		return VER_REJECT;
	return version_check(vs, o->vers, o->nvers, ver, newest);
}

/* Returns the symbol if index i of o matches q; may record a candidate.
 * same_name: the caller already knows the names are equal. */
const Sym *lookup_check(const struct obj *o, size_t i, struct query *q, bool same_name)
{
	if (i >= o->symlimit)
		return 0;
	const Sym *s = &o->symtab[i];
	if (!sym_usable(o, s, q->flags) ||
	    (!same_name && r_strcmp(o->strtab + s->st_name, q->name) != 0))
		return 0;
	switch (def_version(o, i, q->ver, (q->flags & LOOKUP_NEWEST) != 0)) {
	case VER_ACCEPT:
		return s;
	case VER_CANDIDATE:
		if (q->ncand++ == 0)
			q->cand = s;
		return 0;
	default:
		return 0;
	}
}

static const Sym *lookup_gnu(const struct obj *o, struct query *q)
{
	if (!gnu_bloom_test(o->gnu_bloom, o->gnu_bloom_size, o->gnu_bloom_shift, q->gh))
		return 0;
	uint32_t i = o->gnu_buckets[q->gh % o->gnu_nbuckets];
	if (i < o->gnu_symoffset)
		return 0;
	for (; i < o->symlimit && i < o->gnu_chain_end; i++) {
		uint32_t h = o->gnu_chain[i];
		if (((h ^ q->gh) >> 1) == 0) {
			const Sym *s = lookup_check(o, i, q, false);
			if (s)
				return s;
		}
		if (h & 1)
			break;
	}
	return 0;
}

static const Sym *lookup_sysv(const struct obj *o, struct query *q)
{
	if (!q->have_sh) {
		q->sh = sysv_hash(q->name);
		q->have_sh = true;
	}
	uint32_t nbucket = o->sysv_hash[0], nchain = o->sysv_hash[1];
	const uint32_t *bucket = o->sysv_hash + 2, *chain = bucket + nbucket;
	uint32_t steps = 0;
	for (uint32_t i = bucket[q->sh % nbucket]; i && i < nchain && steps++ < nchain; i = chain[i]) {
		const Sym *s = lookup_check(o, i, q, false);
		if (s)
			return s;
	}
	return 0;
}

static const Sym *lookup_in(const struct obj *o, struct query *q)
{
	if (!o->symtab)
		return 0;
	q->ncand = 0;
	q->cand = 0;
	const Sym *s = o->gnu_buckets ? lookup_gnu(o, q) : lookup_sysv(o, q);
	if (!s && q->ncand == 1)
		s = q->cand;	/* the only version: ld.so takes it */
	return s;
}

/* STB_GNU_UNIQUE: the first definition found is used by everybody, even
 * objects that would see another one in their own scope. */
#define UNIQUE_SLOTS 256
/* In .lbss, after the bss and the first arena: most programs never touch
 * it, so it must not push hot variables onto another page. */
static __attribute__((section(".lbss"))) struct {
	const char *name;
	uint32_t hash;
	struct symdef def;
} unique[UNIQUE_SLOTS];

static int unique_get(struct query *q, struct symdef *out, struct symdef *found)
{
	for (uint32_t i = 0; i < UNIQUE_SLOTS; i++) {
		uint32_t k = (q->gh + i) % UNIQUE_SLOTS;
		/* The name is published last: a lock-free reader that sees it
		 * sees the rest of the entry. */
		const char *name = __atomic_load_n(&unique[k].name, __ATOMIC_ACQUIRE);
		if (!name) {
			if (q->flags & LOOKUP_SHARED)
				return LOOKUP_BUSY;
			/* Everybody may now use this definition: its object
			 * must stay loaded, as ld.so ensures. */
			found->obj->nodelete = true;
			unique[k].hash = q->gh;
			unique[k].def = *found;
			__atomic_store_n(&unique[k].name, found->obj->strtab + found->sym->st_name,
					 __ATOMIC_RELEASE);
			*out = *found;
			return 1;
		}
		if (unique[k].hash == q->gh && r_strcmp(name, q->name) == 0) {
			*out = unique[k].def;
			return 1;
		}
	}
	*out = *found;	/* table full: fall back to scope order */
	return 1;
}

/* A definition found: unique symbols have one definition for everybody. */
static int found(struct query *q, struct symdef *out)
{
	if (ELF64_ST_BIND(out->sym->st_info) == STB_GNU_UNIQUE_)
		return unique_get(q, out, out);
	return 1;
}

static int scope_lookup(const struct scope *sc, const struct obj *skip, struct query *q,
			struct symdef *out)
{
	/* LD_DEBUG=symbols: every object looked in, as ld.so lists them
	 * (before its hash table is consulted), so not through the index. */
	bool traced = (R.debug & DBG_SYMBOLS) && !(q->flags & LOOKUP_QUIET);
	if (sc == &R.global && !traced) {
		if (symindex_lookup(q, skip, out))
			return found(q, out);
		if (symindex_ready())
			return 0;
	}
	/* The length first: a writer publishes the array before the length
	 * that covers it (readers.c). */
	size_t n = __atomic_load_n(&sc->n, __ATOMIC_ACQUIRE);
	struct obj *const *objs = __atomic_load_n(&sc->objs, __ATOMIC_ACQUIRE);
	for (size_t i = 0; i < n; i++) {
		struct obj *o = objs[i];
		if (o == skip)
			continue;
		if (traced)
			dbg("symbol=%s;  lookup in file=%s [0]\n", q->name, obj_name(o));
		/* Most objects are ruled out by one word of their bloom
		 * filter: tested here, without a call. */
		if (o->gnu_buckets && !gnu_bloom_test(o->gnu_bloom, o->gnu_bloom_size,
							    o->gnu_bloom_shift, q->gh))
			continue;
		const Sym *s = lookup_in(o, q);
		if (s && !held_back(q, o, s)) {
			out->sym = s;
			out->obj = o;
			return found(q, out);
		}
	}
	return 0;
}

int lookup_symbol(const char *name, const struct vername *ver, struct obj *req,
		  const struct scope *sc, int flags, struct symdef *out)
{
	struct query q = { .name = name, .gh = gnu_hash(name), .ver = ver, .flags = flags };
	R.nlookups++;
	const struct obj *skip = (flags & LOOKUP_COPY) ? req : 0;
	if (req && (req->dyn[DT_SYMBOLIC] || (req->flags & DF_SYMBOLIC)) && req != skip) {
		if (R.debug & DBG_SYMBOLS)
			dbg("symbol=%s;  lookup in file=%s [0]\n", name, obj_name(req));
		const Sym *s = lookup_in(req, &q);
		if (s && !held_back(&q, req, s)) {
			out->sym = s;
			out->obj = req;
			return 1;
		}
	}
	int r = scope_lookup(sc, skip, &q, out);
	if (!r && q.weak.sym) {
		*out = q.weak;
		return 1;
	}
	return r;
}

/* The scopes an object's references are resolved in: the global scope,
 * then (for dlopen'd objects) the local scope of the dlopen that loaded
 * it; the other way round under RTLD_DEEPBIND. */
int lookup_in_scopes(const char *name, const struct vername *ver, struct obj *o, int flags,
		     struct symdef *out)
{
	/* RTLD_DEEPBIND: the object's own scope first. */
	const struct scope *first = o->deepbind ? o->lscope : &R.global;
	const struct scope *second = o->deepbind ? &R.global : o->lscope;
	int r = lookup_symbol(name, ver, o, first, flags, out);
	bool weak = r == 1 && weak_only(out->sym);
	if ((r && !weak) || !second)
		return r;
	/* Not found, or (LD_DYNAMIC_WEAK) only weakly: the other scope. */
	struct symdef other;
	int r2 = lookup_symbol(name, ver, o, second, flags, &other);
	if (r2 == LOOKUP_BUSY || (r2 && (!r || !weak_only(other.sym)))) {
		if (r2 != LOOKUP_BUSY)
			*out = other;
		return r2;
	}
	return r;
}

static bool in_scope(const struct scope *sc, const struct obj *o)
{
	for (size_t i = 0; sc && i < sc->n; i++)
		if (sc->objs[i] == o)
			return true;
	return false;
}

/* o now depends on d, which may be unloaded by dlclose unless o's binding
 * keeps it (ld.so's l_reldeps). */
void note_reldep(struct obj *o, struct obj *d)
{
	if (d == o || in_scope(o->lscope, d))
		return;
	for (size_t i = 0; i < o->nreldeps; i++)
		if (o->reldeps[i] == d)
			return;
	struct obj **n = r_realloc(o->reldeps, (o->nreldeps + 1) * sizeof *n);
	if (!n)
		return;
	o->reldeps = n;
	o->reldeps[o->nreldeps++] = d;
}

/* A reference from o to a symbol o defines with protected visibility binds
 * to o's own definition, except where ld.so keeps the executable's: its
 * copy of protected data, or its canonical PLT address of a protected
 * function (so that function pointers compare equal). */
static int protect(struct obj *o, const Sym *ref, const char *name,
		   const struct vername *ver, int flags, struct symdef *out)
{
	if (out->obj == o || ref->st_shndx == SHN_UNDEF)
		return 0;
	if (!(flags & LOOKUP_PLT) && out->obj->is_main) {
		if (ELF64_ST_TYPE(ref->st_info) == STT_OBJECT)
			return 0;
		struct symdef again;
		if (out->sym->st_shndx == SHN_UNDEF) {
			int r = lookup_symbol(name, ver, o, &R.global,
					      LOOKUP_PLT | (flags & LOOKUP_SHARED), &again);
			if (r == LOOKUP_BUSY)
				return r;
			if (r && again.obj == o)
				return 0;
		}
	}
	out->sym = ref;
	out->obj = o;
	return 0;
}

int resolve_sym(struct obj *o, size_t symidx, int flags, struct symdef *out)
{
	if (symidx >= o->symlimit) {
		set_error("%s: invalid symbol index in relocation", obj_name(o));
		return -1;
	}
	const Sym *ref = &o->symtab[symidx];
	unsigned vis = ELF64_ST_VISIBILITY(ref->st_other);
	if (ELF64_ST_BIND(ref->st_info) == STB_LOCAL || vis == STV_HIDDEN || vis == STV_INTERNAL) {
		out->sym = ref;
		out->obj = o;
		return 0;
	}
	if (ref->st_name >= o->strsz) {
		set_error("%s: invalid symbol name in relocation", obj_name(o));
		return -1;
	}
	const char *name = o->strtab + ref->st_name;
	const struct vername *ver = sym_version_req(o, symidx);
	int r = lookup_in_scopes(name, ver, o, flags, out);
	if (r == LOOKUP_BUSY)
		return r;
	if (!r) {
		if (ELF64_ST_BIND(ref->st_info) == STB_WEAK) {
			out->sym = 0;
			out->obj = 0;
			return 0;
		}
		if (ver)
			set_error("%s: undefined symbol: %s, version %s", obj_name(o), name, ver->name);
		else
			set_error("%s: undefined symbol: %s", obj_name(o), name);
		R.lookup_failed = true;
		return -1;
	}
	if (R.trace)
		out->obj->used = true;	/* for ldd -u only: no write otherwise */
	bool prot = vis == STV_PROTECTED;
	if (prot && protect(o, ref, name, ver, flags, out))
		return LOOKUP_BUSY;
	if (out->obj->dlopened && out->obj != o && !in_scope(o->lscope, out->obj)) {
		if (flags & LOOKUP_SHARED)
			return LOOKUP_BUSY;	/* o's dependencies change */
		note_reldep(o, out->obj);
	}
	if (R.debug & DBG_BINDINGS)
		debug_binding(o, out->obj, name, ver, prot);
	return 0;
}

Addr sym_addr(const struct symdef *d)
{
	return d->sym ? def_addr(d->obj, d->sym) : 0;
}
