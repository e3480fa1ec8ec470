/* LD_DEBUG: the categories of glibc's ld.so, in its line format
 * ("<pid>:\t<text>") so that traces can be compared with diff. */
#include "core.h"
#include "cpuid.h"
#include "out.h"
#include "sys.h"
#include "util.h"

static const struct {
	const char *name;
	unsigned mask;
	const char *help;
} cats[] = {
	{ "libs", DBG_LIBS | DBG_IMPCALLS, "display library search paths" },
	{ "reloc", DBG_RELOC | DBG_IMPCALLS, "display relocation processing" },
	{ "files", DBG_FILES | DBG_IMPCALLS, "display progress for input file" },
	{ "symbols", DBG_SYMBOLS | DBG_IMPCALLS, "display symbol table processing" },
	{ "bindings", DBG_BINDINGS | DBG_IMPCALLS, "display information about symbol binding" },
	{ "versions", DBG_VERSIONS | DBG_IMPCALLS, "display version dependencies" },
	{ "scopes", DBG_SCOPES, "display scope information" },
	{ "all", DBG_LIBS | DBG_RELOC | DBG_FILES | DBG_SYMBOLS | DBG_BINDINGS |
		 DBG_VERSIONS | DBG_SCOPES | DBG_IMPCALLS, "all previous options combined" },
	{ "statistics", DBG_STATISTICS, "display relocation statistics" },
	{ "unused", DBG_UNUSED, "determined unused DSOs" },
	{ "help", 0, "display this help message and exit" },
};
#define NCATS (sizeof cats / sizeof cats[0])

static void help(void)
{
	r_dprintf(1, "Valid options for the LD_DEBUG environment variable are:\n\n");
	for (size_t i = 0; i < NCATS; i++)
		r_dprintf(1, "  %-10s  %s\n", cats[i].name, cats[i].help);
	r_dprintf(1, "\nTo direct the debugging output into a file instead of standard output\n"
		     "a filename can be specified using the LD_DEBUG_OUTPUT environment variable.\n");
	sys_exit_group(0);
}

void debug_parse(const char *spec)
{
	R.debug_fd = 2;
	while (*spec) {
		while (*spec == ',' || *spec == ' ' || *spec == ':')
			spec++;
		const char *e = spec;
		while (*e && *e != ',' && *e != ' ' && *e != ':')
			e++;
		size_t len = (size_t)(e - spec);
		if (!len)
			break;
		size_t i;
		for (i = 0; i < NCATS; i++)
			if (r_strlen(cats[i].name) == len && r_strncmp(cats[i].name, spec, len) == 0)
				break;
		if (i == NCATS) {
			char w[64];
			r_strlcpy(w, spec, len + 1 < sizeof w ? len + 1 : sizeof w);
			r_dprintf(2, "warning: debug option `%s' unknown; try LD_DEBUG=help\n", w);
		} else if (!cats[i].mask) {
			help();
		} else {
			R.debug |= cats[i].mask;
		}
		spec = e;
	}
}

void debug_open_output(const char *path)
{
	char name[4096];
	r_snprintf(name, sizeof name, "%s.%ld", path, sys_getpid());
	long fd = sys_openat(R_AT_FDCWD, name, R_O_WRONLY | R_O_CREAT | R_O_APPEND | R_O_CLOEXEC,
			     0666);
	if (fd >= 0)
		R.debug_fd = (int)fd;
}

void dbg(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	r_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	/* Every line of the text gets the pid prefix, as in ld.so. */
	long pid = sys_getpid();
	char *p = buf;
	while (*p) {
		char *nl = r_strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) + 1 : r_strlen(p);
		r_dprintf(R.debug_fd, "%10ld:\t%.*s", pid, (int)n, p);
		p += n;
	}
}

/* LD_DEBUG=scopes at start-up, as ld.so shows it: each object's scopes
 * (the global one; the vDSO also its own; rtld none), one line each,
 * however many objects they hold. */
void debug_scopes(void)
{
	dbg("\nInitial object scopes\n");
	for (const struct obj *o = R.head; o; o = o->l_next) {
		if (o->faked)
			continue;
		dbg("object=%s [0]\n", obj_name(o));
		if (o->is_rtld) {
			dbg(" no scope\n\n");
			continue;
		}
		dbg(" scope 0:");
		for (size_t i = 0; i < R.global.n; i++)
			r_dprintf(R.debug_fd, " %s", obj_name(R.global.objs[i]));
		r_dprintf(R.debug_fd, "\n");
		if (o->is_vdso)
			dbg(" scope 1: %s\n", obj_name(o));
		dbg("\n");
	}
}

/* One line per binding, whatever the length of the names (C++ symbols
 * can pass a kilobyte), written by one writev: no buffer to cut it, no
 * allocation (lazy binding calls this without the loader's lock). */
void debug_binding(const struct obj *from, const struct obj *to, const char *name,
		   const struct vername *ver, bool protected_sym)
{
	char prefix[32];
	int np = r_snprintf(prefix, sizeof prefix, "%10ld:\tbinding file ", sys_getpid());
	const char *parts[] = {
		obj_name(from), " [0] to ", obj_name(to), " [0]: ",
		protected_sym ? "protected" : "normal", " symbol `", name,
		ver ? "' [" : "'", ver ? ver->name : "", ver ? "]\n" : "\n",
	};
	struct r_iovec iov[1 + sizeof parts / sizeof parts[0]];
	iov[0] = (struct r_iovec){ prefix, (size_t)np };
	size_t total = (size_t)np;
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
		iov[i + 1] = (struct r_iovec){ parts[i], r_strlen(parts[i]) };
		total += iov[i + 1].len;
	}
	long w = sys_writev(R.debug_fd, iov, (int)(sizeof iov / sizeof iov[0]));
	if (w >= 0 && (size_t)w < total) {
		/* A short write (a pipe): the rest, piece by piece. */
		size_t skip = (size_t)w;
		for (size_t i = 0; i < sizeof iov / sizeof iov[0]; i++) {
			if (skip >= iov[i].len) {
				skip -= iov[i].len;
				continue;
			}
			r_write_all(R.debug_fd, (const char *)iov[i].base + skip, iov[i].len - skip);
			skip = 0;
		}
	}
}

void debug_statistics(void)
{
	dbg("\nruntime linker statistics:\n");
	dbg("                 number of relocations: %lu\n", R.nrelocs);
	dbg("      number of relocations from cache: %lu\n", R.ncached);
	dbg("        number of relative relocations: %lu\n", R.nrelative);
	dbg("             number of symbol lookups: %lu\n", R.nlookups);
	/* rtld's own: the global scope's index (symindex.c, bindrun.c). */
	dbg("  definitions in the last symbol index: %lu\n", R.nindexed);
	dbg("  relocations bound through the index: %lu\n", R.nindex_bound);
	/* Each one is a VM exit on virtual machines (cpuid.h). */
	dbg("           CPUID instructions executed: %u\n", rtld_cpuid_executed());
}
