/* Shared by lookup.c and symindex.c. */
#ifndef RTLD_LOOKUP_H
#define RTLD_LOOKUP_H

#include "core.h"

struct query {
	const char *name;
	uint32_t gh, sh;
	bool have_sh;
	const struct vername *ver;
	int flags;
	/* unversioned reference meeting versioned definitions (see version.h) */
	const Sym *cand;
	int ncand;
	/* LD_DYNAMIC_WEAK: the first weak definition met, used if no global
	 * one turns up */
	struct symdef weak;
};

/* A definition LD_DYNAMIC_WEAK lets a later global one replace (ld.so's
 * rule before glibc 2.2). */
static inline bool weak_only(const Sym *s)
{
	return R.dynamic_weak && s && ELF64_ST_BIND(s->st_info) == STB_WEAK;
}

/* Whether definition s of o is only kept in q as the fallback while the
 * search goes on (weak_only). */
static inline bool held_back(struct query *q, struct obj *o, const Sym *s)
{
	if (!weak_only(s))
		return false;
	if (!q->weak.sym) {
		q->weak.sym = s;
		q->weak.obj = o;
	}
	return true;
}

/* The symbol if index i of o matches q (name unless same_name, type,
 * binding, version); may record an unversioned candidate in q. */
const Sym *lookup_check(const struct obj *o, size_t i, struct query *q, bool same_name);

#define STB_GNU_UNIQUE_ 10
#define STT_GNU_IFUNC_ 10

/* Whether symbol s of o may satisfy a lookup of class flags (LOOKUP_PLT),
 * its name and version aside. */
static inline bool sym_usable(const struct obj *o, const Sym *s, int flags)
{
	unsigned type = ELF64_ST_TYPE(s->st_info);
	unsigned bind = ELF64_ST_BIND(s->st_info);
	if (s->st_value == 0 && s->st_shndx != SHN_ABS && type != STT_TLS)
		return false;
	if (type > STT_TLS && type != STT_GNU_IFUNC_)
		return false;
	if (type == STT_SECTION || type == STT_FILE)
		return false;
	if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE_)
		return false;
	if ((flags & LOOKUP_PLT) && s->st_shndx == SHN_UNDEF)
		return false;
	if (s->st_name >= o->strsz)
		return false;
	return true;
}
/* What version check definition i of o passes for a reference asking for
 * ver (NULL: unversioned): VER_ACCEPT, VER_CANDIDATE or VER_REJECT. */
int def_version(const struct obj *o, size_t i, const struct vername *ver, bool newest);

/* symindex.c: the global scope's index, used once lookups are many. */
bool symindex_ready(void);
int symindex_lookup(struct query *q, const struct obj *skip, struct symdef *out);

#endif
