/* Running rtld as a command: `rtld [OPTIONS] PROGRAM [ARGS...]`.
 *
 * rtld maps the program itself, then rewrites the initial stack in place
 * so that the program sees what the kernel would have given it: argc and
 * argv start at the program's name (the words below are dropped by moving
 * the stack pointer up), and the auxv describes the program (AT_PHDR,
 * AT_PHNUM, AT_ENTRY, AT_EXECFN) with rtld as its interpreter (AT_BASE). */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "sys.h"
#include "util.h"

static void usage(int status)
{
	r_dprintf(1,
		  "Usage: rtld [OPTION]... EXECUTABLE-FILE [ARGS-FOR-PROGRAM...]\n"
		  "You have invoked 'rtld', the program interpreter for dynamically-linked\n"
		  "ELF programs.  Usually, the program interpreter is invoked automatically\n"
		  "when a dynamically-linked executable is started.\n"
		  "\n"
		  "You may invoke the program interpreter program directly from the command\n"
		  "line to load and run an ELF executable file; this is like executing that\n"
		  "file itself, but always uses the program interpreter you invoked,\n"
		  "instead of the program interpreter specified in the executable file you\n"
		  "run.  Invoking the program interpreter directly provides access to\n"
		  "additional diagnostics, and changing the dynamic linker behavior without\n"
		  "setting environment variables (which would be inherited by subprocesses).\n"
		  "\n"
		  "  --list                list all dependencies and how they are resolved\n"
		  "  --verify              verify that the file is a dynamically linked object\n"
		  "                        rtld can handle (status 0, or 2 without interpreter)\n"
		  "  --inhibit-cache       Do not use /etc/ld.so.cache\n"
		  "  --library-path PATH   use given PATH instead of content of the environment\n"
		  "                        variable LD_LIBRARY_PATH\n"
		  "  --inhibit-rpath LIST  ignore RUNPATH and RPATH information in object names\n"
		  "                        in LIST\n"
		  "  --preload LIST        preload objects named in LIST\n"
		  "  --argv0 STRING        set argv[0] to STRING before running\n"
		  "  --list-tunables       list all tunables with minimum and maximum values\n"
		  "  --list-diagnostics    list diagnostics information\n"
		  "  --help                display this help and exit\n"
		  "  --version             output version information and exit\n");
	sys_exit_group(status);
}

static void version(void)
{
	r_dprintf(1, "rtld (independent ELF run-time linker) 0.1.0\n"
		     "Personalities: %s\n", personality_list());
	sys_exit_group(0);
}

/* --verify, as ld.so answers it (Debian's ldd asks it which loader can
 * handle a file): 0 for a dynamically linked object with an interpreter,
 * 2 for one without (a shared library, a static-pie), 1 for anything
 * that cannot be loaded.  Nothing is printed. */
static bool verify;
static bool diagnostics;	/* --list-diagnostics */

/* Parses options; returns the index of the program in argv. */
static int parse_options(const char **argv0)
{
	int i = 1;
	while (i < R.argc && R.argv[i][0] == '-' && R.argv[i][1] == '-') {
		const char *a = R.argv[i];
		bool has_arg = i + 1 < R.argc;
		if (r_strcmp(a, "--list") == 0) {
			R.trace = R.list_opt = true;
		} else if (r_strcmp(a, "--inhibit-cache") == 0) {
			R.inhibit_cache = true;
		} else if (r_strcmp(a, "--library-path") == 0 && has_arg) {
			R.library_path = R.argv[++i];
		} else if (r_strcmp(a, "--inhibit-rpath") == 0 && has_arg) {
			R.inhibit_rpath = R.argv[++i];
		} else if (r_strcmp(a, "--preload") == 0 && has_arg) {
			R.preload_opt = R.argv[++i];
		} else if (r_strcmp(a, "--argv0") == 0 && has_arg) {
			*argv0 = R.argv[++i];
		} else if (r_strcmp(a, "--verify") == 0) {
			verify = true;
		} else if (r_strcmp(a, "--list-tunables") == 0) {
			personality_list_tunables();
		} else if (r_strcmp(a, "--list-diagnostics") == 0) {
			diagnostics = true;	/* after the other options, as ld.so */
		} else if (r_strcmp(a, "--help") == 0) {
			usage(0);
		} else if (r_strcmp(a, "--version") == 0) {
			version();
		} else if (r_strcmp(a, "--") == 0) {
			i++;
			break;
		} else {
			r_dprintf(2, "rtld: unrecognized option '%s'\n"
				     "Try 'rtld --help' for more information.\n", a);
			sys_exit_group(127);
		}
		i++;
	}
	if (diagnostics)
		personality_list_diagnostics();
	if (i >= R.argc)
		usage(127);
	return i;
}

/* A program that cannot be loaded: ld.so's message, or --verify's 1. */
__attribute__((noreturn)) static void fail(const char *path, const char *msg)
{
	if (verify)
		sys_exit_group(1);
	fatal_load(path, msg);
}

static struct obj *open_program(const char *path)
{
	long fd = sys_open(path, R_O_RDONLY);
	if (fd < 0)
		fail(path, fd == -2 ? "cannot open shared object file: No such file or directory"
				    : errno_str((int)-fd));
	struct kstat st;
	if (sys_fstat((int)fd, &st) < 0)
		fail(path, "cannot stat shared object");
	if ((st.st_mode & 0170000) != 0100000)
		fail(path, "cannot read file data: Error 21"); /* ld.so prints EISDIR so */
	static struct filehead head;
	if (read_head((int)fd, &head))
		fail(path, last_error());
	struct obj *o = map_object((int)fd, path, &st, true, &head);
	sys_close((int)fd);
	if (!o)
		fail(path, last_error());
	if (R.debug & DBG_FILES)
		debug_mapped(o, path);
	return o;
}

static void verify_program(const char *path)
{
	struct obj *o = open_program(path);
	if (!o->l_ld)
		sys_exit_group(1);
	for (size_t i = 0; i < o->phnum; i++)
		if (o->phdr[i].p_type == PT_INTERP)
			sys_exit_group(0);
	sys_exit_group(2);
}

static void rewrite_auxv(struct obj *m, const char *path)
{
	extern const Ehdr __ehdr_start __attribute__((visibility("hidden")));
	for (Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++) {
		switch (a->a_type) {
		case AT_PHDR: a->a_un.a_val = (Addr)m->phdr; break;
		case AT_PHNUM: a->a_un.a_val = m->phnum; break;
		case AT_ENTRY: a->a_un.a_val = m->entry; break;
		case AT_EXECFN: a->a_un.a_val = (Addr)path; break;
		case AT_BASE: a->a_un.a_val = (Addr)&__ehdr_start; break;
		}
	}
}

uintptr_t *direct_start(uintptr_t *sp)
{
	const char *argv0 = 0;
	int k = parse_options(&argv0);
	const char *path = R.argv[k];
	R.progname = path;
	if (verify)
		verify_program(path);
	struct obj *m = open_program(path);
	R.main = m;
	rewrite_auxv(m, path);
	/* Drop rtld's own arguments: the new argc goes where argv[k-1] was. */
	uintptr_t *nsp = sp + k;
	nsp[0] = (uintptr_t)(R.argc - k);
	if (argv0)
		nsp[1] = (uintptr_t)argv0;
	return nsp;
}
