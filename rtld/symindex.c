/* An index of the global scope's definitions, for programs that look up
 * many symbols.
 *
 * Walking the scope costs one bloom-filter probe per object per lookup,
 * so eager binding of a program with L libraries costs O(L) per symbol:
 * glibc takes 0.4 s for 200 libraries of 1000 symbols.  When that walk
 * would cost more than building (worth_building), rtld builds this table
 * once: every defined
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

/* When building pays.  Walking the scope costs a bloom-filter probe per
 * object and lookup (a few ns); building costs about one cache miss per
 * symbol in the scope, some 32 probes' worth.  So the index is built when
 * the probes made (or, for a run of relocations, the probes ahead) reach
 * 32 times the symbols it would hold; past that point walking on would
 * cost more than the build, and the first rule can at most double the
 * cost (the ski-rental rule). */
#define PROBES_PER_SYMBOL 32
#define BUILD_MIN 100000ul	/* below this, never worth a table */

/* 8 bytes: a name's hash and its first candidate (0: empty slot). */
struct slot {
	uint32_t hash, head;
};

/* The definitions of one name are chained in scope order.  The name is
 * kept here so that telling names apart reads only the string, not the
 * object and its symbol table (each a cache miss when the scope is
 * large). */
struct cand {
	const char *name;
	struct obj *obj;
	uint32_t sym, next;
};

static struct slot *slots;
static size_t mask;
static unsigned shift;		/* 64 - log2(number of slots) */
static struct cand *cands;
/* Every change to the global scope drops the index (symindex_changed),
 * so a built index is always current. */
static bool built;
static unsigned long probes;
static unsigned scope_gen;		/* bumped when the global scope changes */
static unsigned long scope_syms;	/* symbols of the global scope ... */
static unsigned scope_syms_gen = ~0u;	/* ... as of this generation */

/* What a build would have to index (an upper bound: all dynamic symbols). */
static unsigned long syms_in_scope(void)
{
	if (scope_syms_gen != scope_gen) {
		unsigned long n = 0;
		for (size_t k = 0; k < R.global.n; k++)
			if (R.global.objs[k]->symtab)
				n += obj_nsyms(R.global.objs[k]);
		scope_syms = n;
		scope_syms_gen = scope_gen;
	}
	return scope_syms;
}

static bool worth_building(unsigned long probes_ahead)
{
	return probes_ahead >= BUILD_MIN && probes_ahead >= PROBES_PER_SYMBOL * syms_in_scope();
}

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

/* GNU hashes of names that differ in their last characters are
 * neighbours, so the hash is scrambled (Fibonacci hashing) before it
 * picks a slot: linear probing would otherwise walk long runs of them. */
static size_t slot_index(uint32_t h)
{
	return (size_t)((h * 0x9e3779b97f4a7c15ull) >> shift);
}

/* While building, a slot's name is that of the candidate it was created
 * for (cands[head] is filled in the same pass). */
static struct slot *find(const char *name, uint32_t h, bool add)
{
	for (size_t i = slot_index(h);; i = (i + 1) & mask) {
		struct slot *s = &slots[i];
		if (!s->head) {
			if (!add)
				return 0;
			s->hash = h;
			return s;
		}
		if (s->hash == h && r_strcmp(cands[s->head].name, name) == 0)
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
	scope_gen++;
	if (!built)
		return;
	__atomic_store_n(&built, false, __ATOMIC_RELEASE);
	readers_wait();
	discard();
}

/* One pass over the scope, backwards, each definition pushed in front
 * of its name's chain: the chains come out in scope order. */
static void build(void)
{
	const struct scope *sc = &R.global;
	size_t total = syms_in_scope();
	probes = 0;
	size_t cap = 16;
	shift = 60;
	while (cap < total + total / 2) {
		cap *= 2;
		shift--;
	}
	slots = r_calloc_large(cap, sizeof *slots);
	cands = r_calloc_large(total + 1, sizeof *cands);
	if (!slots || !cands) {
		discard();
		return;
	}
	mask = cap - 1;
	uint32_t n = 1;		/* candidate 0 stands for "none" */
	for (size_t k = sc->n; k-- > 0;) {
		struct obj *o = sc->objs[k];
		size_t ns = o->symtab ? obj_nsyms(o) : 0;
		for (size_t i = ns; i-- > 1;) {
			if (!indexable(o, &o->symtab[i]))
				continue;
			const char *name = o->strtab + o->symtab[i].st_name;
			struct slot *s = find(name, hash_of(o, i), true);
			cands[n] = (struct cand){ name, o, (uint32_t)i, s->head };
			s->head = n++;
		}
	}
	__atomic_store_n(&built, true, __ATOMIC_RELEASE);
}

/* ---- prefetching for a run of lookups ----
 *
 * Eager binding of a program with many libraries looks up names that are
 * all different, each in a table far larger than the caches: the slot,
 * the candidate, the definer's name and symbol are four cache misses in
 * a row.  The relocations are known in advance, so while relocation i is
 * looked up, i + 32 has its symbol entry prefetched, i + 24 its name,
 * i + 16 its name hashed and its slot prefetched, i + 8 its candidate,
 * and i + 4 the definer's name and symbol.  Only a hint: the lookup
 * itself does not depend on it. */
enum { AHEAD_REF = 32, AHEAD_NAME = 24, AHEAD_SLOT = 16, AHEAD_CAND = 8, AHEAD_SYM = 4,
       RING = 32 };
static struct {
	const char *name;	/* whose hash this is (the entry may be stale) */
	uint32_t hash;		/* the full GNU hash */
	const struct slot *slot;
} ring[RING];

/* The name of the relocation being bound and its hash from the ring, so
 * that the lookup does not hash it again (lookup.c asks; lock held). */
static const char *hint_name;
static uint32_t hint_hash;

bool symindex_known_hash(const char *name, uint32_t *h)
{
	if (name != hint_name)
		return false;
	*h = hint_hash;
	return true;
}

/* The end of a run: names in the ring may point into objects that are
 * later unloaded, and another string may then sit at the same address. */
void symindex_prefetch_done(void)
{
	hint_name = 0;
	for (size_t k = 0; k < RING; k++)
		ring[k].name = 0;
}

static const char *reloc_name(const struct obj *o, const Rela *r)
{
	size_t idx = ELF64_R_SYM(r->r_info);
	if (!idx || idx >= o->symlimit || o->symtab[idx].st_name >= o->strsz)
		return 0;
	return o->strtab + o->symtab[idx].st_name;
}

static const struct slot *first_slot(uint32_t h)
{
	for (size_t i = slot_index(h);; i = (i + 1) & mask)
		if (!slots[i].head || slots[i].hash == h)
			return slots[i].head ? &slots[i] : 0;
}

void symindex_prefetch(const struct obj *o, const Rela *r, size_t i, size_t n)
{
	if (!built)
		return;
	/* Entries are skipped where a run of simple relocations went by, so
	 * the hint is given only when the entry is this relocation's. */
	const char *cur = reloc_name(o, &r[i]);
	if (cur && ring[i % RING].name == cur) {
		hint_name = cur;
		hint_hash = ring[i % RING].hash;
	} else {
		hint_name = 0;
	}
	if (i + AHEAD_REF < n) {
		size_t idx = ELF64_R_SYM(r[i + AHEAD_REF].r_info);
		if (idx < o->symlimit)
			__builtin_prefetch(&o->symtab[idx]);
	}
	if (i + AHEAD_NAME < n) {
		const char *name = reloc_name(o, &r[i + AHEAD_NAME]);
		if (name)
			__builtin_prefetch(name);
	}
	if (i + AHEAD_SLOT < n) {
		const char *name = reloc_name(o, &r[i + AHEAD_SLOT]);
		uint32_t full = name ? gnu_hash(name) : 0, h = full & ~1u;
		ring[(i + AHEAD_SLOT) % RING].name = name;
		ring[(i + AHEAD_SLOT) % RING].hash = full;
		ring[(i + AHEAD_SLOT) % RING].slot = 0;
		if (name)
			__builtin_prefetch(&slots[slot_index(h)]);
	}
	if (i + AHEAD_CAND < n && i + AHEAD_CAND >= AHEAD_SLOT) {
		size_t k = (i + AHEAD_CAND) % RING;
		const struct slot *s = ring[k].hash ? first_slot(ring[k].hash & ~1u) : 0;
		ring[k].slot = s;
		if (s)
			__builtin_prefetch(&cands[s->head]);
	}
	if (i + AHEAD_SYM < n && i + AHEAD_SYM >= AHEAD_SLOT) {
		const struct slot *s = ring[(i + AHEAD_SYM) % RING].slot;
		if (s) {
			const struct cand *c = &cands[s->head];
			__builtin_prefetch(c->name);
			__builtin_prefetch(&c->obj->symtab[c->sym]);
			if (c->obj->versym)
				__builtin_prefetch(&c->obj->versym[c->sym]);
		}
	}
}

/* A run of n eager relocations is about to be bound (lock held): if
 * walking the scope for all of them would cost more than building, build
 * now rather than after the first rule's share of them. */
void symindex_plan(size_t n)
{
	if (!symindex_ready() && worth_building((unsigned long)n * R.global.n))
		build();
}

bool symindex_ready(void)
{
	return __atomic_load_n(&built, __ATOMIC_ACQUIRE);
}

/* Builds the index once lookups are many.  A lock-free reader builds it
 * only if it can take the lock without waiting (readers.c). */
static bool build_if_due(const struct query *q)
{
	/* A heuristic: lost updates from racing readers do not matter. */
	unsigned long p = __atomic_load_n(&probes, __ATOMIC_RELAXED) + R.global.n;
	__atomic_store_n(&probes, p, __ATOMIC_RELAXED);
	if (p < BUILD_MIN)
		return false;
	if ((q->flags & LOOKUP_SHARED) && !rtld_trylock())
		return false;
	if (!worth_building(p)) {
		if (q->flags & LOOKUP_SHARED)
			rtld_unlock();
		return false;
	}
	if (!symindex_ready())
		build();
	if (q->flags & LOOKUP_SHARED)
		rtld_unlock();
	return symindex_ready();
}

int symindex_lookup(struct query *q, const struct obj *skip, struct symdef *out)
{
	if (!symindex_ready() && !build_if_due(q))
		return 0;
	const struct slot *s = find(q->name, q->gh & ~1u, false);
	if (!s)
		return 0;
	/* Per object, as a scope walk: the first acceptable definition, or
	 * else the only versioned candidate (version.h). */
	struct obj *cur = 0;
	for (uint32_t k = s->head;; k = cands[k].next) {
		struct obj *o = k ? cands[k].obj : 0;
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
		if (!o)
			break;
		if (o == skip)
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
