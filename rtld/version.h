/* Symbol versioning: decoding DT_VERDEF/DT_VERNEED and the matching rule
 * glibc's ld.so applies when it considers a candidate definition.  Pure. */
#ifndef RTLD_VERSION_H
#define RTLD_VERSION_H

#include <elf.h>
#include <stddef.h>
#include <stdint.h>

/* A version name; tables of these are indexed by a Versym value & 0x7fff. */
struct vername {
	const char *name;	/* NULL: no version with this index */
	uint32_t hash;		/* ELF (SysV) hash of name, as stored in the file */
	int hidden;		/* for a requirement: must match a hidden definition too */
	const char *file;	/* for a requirement: the vn_file it is needed from */
	int weak;		/* VER_FLG_WEAK requirement */
};

enum { VER_REJECT = 0, VER_ACCEPT = 1, VER_CANDIDATE = 2 };

/* May a definition with Versym value def_versym (-1 when the defining object
 * has no DT_VERSYM) satisfy a reference asking for version req (NULL for an
 * unversioned reference)?  defs/ndefs is the definer's table from
 * version_defs().  VER_CANDIDATE means "an unversioned reference meets a
 * non-hidden versioned definition": ld.so accepts it only when it is the
 * only such candidate in that object (dlsym-style 'newest' lookups pass
 * newest=1, which also accepts index 2). */
int version_check(int def_versym, const struct vername *defs, size_t ndefs,
		  const struct vername *req, int newest);

/* Decodes DT_VERDEF (num entries at vd, which lies in a region of avail
 * bytes) into tab[0..tabsz), indexed by vd_ndx.  Returns the highest index
 * + 1, or -1 when the section is malformed (bad offsets, index too large,
 * name outside strtab). */
long version_defs(const Elf64_Verdef *vd, size_t num, size_t avail,
		  const char *strtab, size_t strsz, struct vername *tab, size_t tabsz);

/* Decodes DT_VERNEED likewise, indexed by vna_other.  file names go in
 * tab[i].file. */
long version_needs(const Elf64_Verneed *vn, size_t num, size_t avail,
		   const char *strtab, size_t strsz, struct vername *tab, size_t tabsz);

/* Walks DT_VERNEED (num entries at vn, in a region of avail bytes) in
 * file order: each(n, NULL, ctx) for an entry, then each(n, a, ctx) for
 * each of its Vernaux.  Returns each's first nonzero answer, -1 when an
 * entry lies outside the region, else 0. */
int verneed_each(const Elf64_Verneed *vn, size_t num, size_t avail,
		 int (*each)(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx), void *ctx);

/* Highest version index used by DT_VERDEF/DT_VERNEED, or -1 if malformed:
 * the size a table must have. */
long version_max_index(const Elf64_Verdef *vd, size_t vdnum,
		       const Elf64_Verneed *vn, size_t vnnum, size_t avail);

#endif
