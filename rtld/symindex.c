/* An index of the global scope's definitions, for programs that look up
 * many symbols.
 *
 * Walking the scope costs one bloom-filter probe per object per lookup,
 * so eager binding of a program with L libraries costs O(L) per symbol:
 * glibc takes 0.4 s for 200 libraries of 1000 symbols.  Once lookups
 * times scope length pass a threshold, rtld builds this table once: every defined
 * dynamic symbol of every object in the scope, grouped by name, in scope
 * order.  A lookup is then one hash probe and a walk over the objects that
 * define the name, with the same checks (version, type, PLT class) as the
 * scope walk, so the answer is the same.  Any change to the global scope
 * (dlopen RTLD_GLOBAL, dlclose) drops it; it is built again when needed.
 * Lock-free readers (readers.c) use it too: it is published complete,
 * and freed only once no reader can be using it. */
#include "lookup.h"
#include "hash.h"
#include "sys.h"
#include "util.h"

/* Object probes (lookups x scope length) after which building pays: the
 * build touches a few hundred pages, each fault about 2.5 us here, so a
 * short scope is cheaper to walk. */
#define BUILD_AFTER 400000ul

/* 16 bytes: the name is read from the first candidate. */
struct slot {
	uint32_t hash, first, count, used;
};

struct cand {
	struct obj *obj;
	size_t sym;
};

static struct slot *slots;
static size_t mask;
static struct cand *cands;
static size_t ncands;
static unsigned built_gen;
static bool built;
static unsigned long probes;

static bool indexable(const struct obj *o, const Sym *s)
{
	unsigned bind = ELF64_ST_BIND(s->st_info);
	return s->st_name && s->st_name < o->strsz &&
	       (bind == STB_GLOBAL || bind == STB_WEAK || bind == 10 /* STB_GNU_UNIQUE */) &&
	       !(s->st_shndx == SHN_UNDEF && s->st_value == 0);
}

static uint32_t hash_of(const struct obj *o, size_t i)
{
	/* GNU hash chains store each name's hash: no need to rehash. */
	if (o->gnu_buckets && i >= o->gnu_symoffset && i < o->gnu_chain_end)
		return o->gnu_chain[i] & ~1u;
	return gnu_hash(o->strtab + o->symtab[i].st_name) & ~1u;
}

static const char *name_of(const struct cand *c)
{
	return c->obj->strtab + c->obj->symtab[c->sym].st_name;
}

/* While building, a slot's name is that of the candidate it was created
 * for (cands[first] is filled in the same pass). */
static struct slot *find(const char *name, uint32_t h, const struct cand *c)
{
	for (size_t i = h & mask;; i = (i + 1) & mask) {
		struct slot *s = &slots[i];
		if (!s->used) {
			if (!c)
				return 0;
			s->used = 1;
			s->hash = h;
			s->first = (uint32_t)(c - cands);
			return s;
		}
		if (s->hash == h && r_strcmp(name_of(&cands[s->first]), name) == 0)
			return s;
	}
}

/* Frees an index no reader has seen. */
static void discard(void)
{
	r_free(slots);
	r_free(cands);
	slots = 0;
	cands = 0;
}

/* The global scope changed (the caller holds the lock). */
void symindex_changed(void)
{
	R.global_gen++;
	if (!built)
		return;
	__atomic_store_n(&built, false, __ATOMIC_RELEASE);
	readers_wait();
	discard();
}

static void build(void)
{
	const struct scope *sc = &R.global;
	size_t total = 0;
	for (size_t k = 0; k < sc->n; k++)
		if (sc->objs[k]->symtab)
			total += obj_nsyms(sc->objs[k]);
	size_t cap = 16;
	while (cap < total + total / 2)
		cap *= 2;
	slots = r_calloc(cap, sizeof *slots);
	cands = r_malloc((total + 1) * sizeof *cands);
	uint32_t *where = r_malloc((total + 1) * sizeof *where);
	if (!slots || !cands || !where) {
		r_free(where);
		discard();
		return;
	}
	mask = cap - 1;
	/* Pass 1 keeps the candidates in scope order in a scratch array
	 * (tmp), which also names the slots; pass 2 groups them by name. */
	struct cand *tmp = r_malloc((total + 1) * sizeof *tmp);
	if (!tmp) {
		r_free(where);
		discard();
		return;
	}
	struct cand *final = cands;
	cands = tmp;
	size_t n = 0;
	for (size_t k = 0; k < sc->n; k++) {
		struct obj *o = sc->objs[k];
		size_t ns = o->symtab ? obj_nsyms(o) : 0;
		for (size_t i = 1; i < ns; i++) {
			if (!indexable(o, &o->symtab[i]))
				continue;
			tmp[n] = (struct cand){ o, i };
			struct slot *s = find(o->strtab + o->symtab[i].st_name, hash_of(o, i), &tmp[n]);
			s->count++;
			where[n++] = (uint32_t)(s - slots);
		}
	}
	uint32_t next = 0;
	for (size_t i = 0; i < cap; i++) {
		slots[i].first = next;
		next += slots[i].count;
		slots[i].count = 0;
	}
	cands = final;
	for (size_t j = 0; j < n; j++) {
		struct slot *s = &slots[where[j]];
		cands[s->first + s->count++] = tmp[j];
	}
	ncands = n;
	r_free(tmp);
	r_free(where);
	built_gen = R.global_gen;
	__atomic_store_n(&built, true, __ATOMIC_RELEASE);
}

bool symindex_ready(void)
{
	return __atomic_load_n(&built, __ATOMIC_ACQUIRE) && built_gen == R.global_gen;
}

/* Builds the index once lookups are many.  A lock-free reader builds it
 * only if it can take the lock without waiting (readers.c). */
static bool build_if_due(const struct query *q)
{
	/* A heuristic: lost updates from racing readers do not matter. */
	unsigned long p = __atomic_load_n(&probes, __ATOMIC_RELAXED) + R.global.n;
	__atomic_store_n(&probes, p, __ATOMIC_RELAXED);
	if (p < BUILD_AFTER)
		return false;
	if ((q->flags & LOOKUP_SHARED) && !rtld_trylock())
		return false;
	if (!symindex_ready()) {
		probes = 0;
		build();
	}
	if (q->flags & LOOKUP_SHARED)
		rtld_unlock();
	return symindex_ready();
}

int symindex_lookup(struct query *q, const struct obj *skip, struct symdef *out)
{
	if (!symindex_ready() && !build_if_due(q))
		return 0;
	const struct slot *s = find(q->name, q->gh & ~1u, 0);
	if (!s)
		return 0;
	/* Per object, as a scope walk: the first acceptable definition, or
	 * else the only versioned candidate (version.h). */
	struct obj *cur = 0;
	for (uint32_t k = s->first; k <= s->first + s->count; k++) {
		struct obj *o = k < s->first + s->count ? cands[k].obj : 0;
		if (o != cur) {
			if (cur && q->ncand == 1) {
				out->sym = q->cand;
				out->obj = cur;
				return 1;
			}
			cur = o;
			q->ncand = 0;
			q->cand = 0;
		}
		if (!o || o == skip)
			continue;
		const Sym *sym = lookup_check(o, cands[k].sym, q, true);	/* find() compared it */
		if (sym) {
			out->sym = sym;
			out->obj = o;
			return 1;
		}
	}
	return 0;
}
