/* --list and LD_TRACE_LOADED_OBJECTS: the listing ldd prints. */
#include "core.h"
#include "out.h"
#include "sys.h"
#include "util.h"

/* Whether the program names any library (DT_NEEDED); dynamic.c checked
 * its dynamic section. */
static bool needs_libraries(const struct obj *m)
{
	for (const Dyn *d = m->l_ld; d && d->d_tag != DT_NULL; d++)
		if (d->d_tag == DT_NEEDED)
			return true;
	return false;
}

void trace_objects(void)
{
	/* ld.so's word for a program without DT_NEEDED, whatever else is
	 * loaded (the vDSO, preloads). */
	if (!needs_libraries(R.main)) {
		r_dprintf(1, "\tstatically linked\n");
		return;
	}
	for (struct obj *o = R.head; o; o = o->l_next) {
		if (o->is_main)
			continue;
		const char *lib = o->libname ? o->libname : o->l_name;
		if (o->faked)
			r_dprintf(1, "\t%s => not found\n", lib);
		else if (r_strcmp(lib, o->l_name) == 0)
			r_dprintf(1, "\t%s (0x%016lx)\n", lib, (unsigned long)o->map_start);
		else
			r_dprintf(1, "\t%s => %s (0x%016lx)\n", lib, o->l_name,
				  (unsigned long)o->map_start);
	}
}

/* One line of the version listing: a version n's file needs, and the
 * loaded object that defines it. */
static int show_need(const Elf64_Verneed *n, const Elf64_Vernaux *a, void *ctx)
{
	const struct obj *o = ctx;
	if (!a || n->vn_file >= o->strsz || a->vna_name >= o->strsz)
		return 0;
	const char *file = o->strtab + n->vn_file, *name = o->strtab + a->vna_name;
	const struct obj *needed = find_loaded(file);
	struct vername want = { .name = name, .hash = a->vna_hash };
	bool found = needed && !needed->faked && defines_version(needed, &want);
	r_dprintf(1, "\t\t%s (%s) %s=> %s\n", file, name,
		  a->vna_flags & VER_FLG_WEAK ? "[WEAK] " : "", found ? needed->l_name : "not found");
	return 0;
}

/* LD_VERBOSE with the listing (ldd -v): each object's DT_VERNEED in file
 * order, and which loaded object defines each version (dynamic.c checked
 * the section). */
void trace_versions(void)
{
	bool first = true;
	for (struct obj *o = R.head; o; o = o->l_next) {
		if (!o->verneed || o->faked)
			continue;
		if (first)
			r_dprintf(1, "\n\tVersion information:\n");
		first = false;
		r_dprintf(1, "\t%s:\n", obj_name(o));
		verneed_each(o->verneed, o->nverneed, o->verneed_avail, show_need, o);
	}
}

/* LD_DEBUG=unused with the listing (ldd -u): the program is relocated
 * eagerly (what fails is not reported, reloc.c) and each direct
 * dependency no lookup found a definition in is listed; status 1 if there
 * is one.
 * Dependencies are paired with DT_NEEDED entries in load order, the vDSO
 * skipped, as ld.so pairs them. */
void trace_unused(void)
{
	tls_layout();	/* the offsets TLS relocations write */
	relocate_object(R.main, true);
	bool first = true;
	struct obj *l = R.main;
	for (const Dyn *d = R.main->l_ld; d && d->d_tag != DT_NULL && l; d++) {
		if (d->d_tag != DT_NEEDED)
			continue;
		l = l->l_next;
		if (l && l->is_vdso)
			l = l->l_next;
		if (!l || l->used)
			continue;
		if (first)
			r_dprintf(1, "Unused direct dependencies:\n");
		first = false;
		/* A library not found has only the name it was asked by. */
		r_dprintf(1, "\t%s\n", l->faked && l->libname ? l->libname : l->l_name);
	}
	sys_exit_group(first ? 0 : 1);
}

/* LD_WARN with the listing (ldd -d, and ldd -r with LD_BIND_NOW): every
 * object relocated as at start-up, each reference that fails reported
 * and the next one tried (reloc.c); no IFUNC resolver runs. */
void trace_warnings(void)
{
	tls_layout();	/* the offsets TLS relocations write */
	relocate_scope(&R.global, R.bind_now);
}
