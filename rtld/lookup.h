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
};

/* The symbol if index i of o matches q (name unless same_name, type,
 * binding, version); may record an unversioned candidate in q. */
const Sym *lookup_check(const struct obj *o, size_t i, struct query *q, bool same_name);

/* symindex.c: the global scope's index, used once lookups are many. */
bool symindex_ready(void);
/* The GNU hash of name if prefetching computed it for the relocation
 * being bound (lock held). */
bool symindex_known_hash(const char *name, uint32_t *h);
int symindex_lookup(struct query *q, const struct obj *skip, struct symdef *out);

#endif
