/* t_dlapi: the dlopen family, one group of checks per argument (see
 * tests/dl/cases.py).  The libraries print "init NAME" and "fini NAME"
 * from their constructors and destructors (dl_lib.c). */
#include <elf.h>
#include "dlt.h"

static const char *argv0;

int exe_func(void)
{
	return 100;
}

/* the first of the RTLD_NEXT chain: libnx1.so, libnx2.so and libnx3.so
 * come next (DT_NEEDED) */
void nx_func(char *buf, size_t size)
{
	rt_snprintf(buf, size, "exe ");
	void (*next)(char *, size_t) = (void (*)(char *, size_t))dlsym(RTLD_NEXT, "nx_func");
	if (next)
		next(buf, size);
}

static void *open_lib(const char *name, int mode)
{
	void *h = dlopen(name, mode);

	if (!h)
		rt_printf("FAIL dlopen %s: %s\n", name, dlerror());
	return h;
}

static void *sym(void *h, const char *name)
{
	void *p = dlsym(h, name);

	if (!p)
		rt_printf("FAIL dlsym %s: %s\n", name, dlerror());
	return p;
}

static int call(void *h, const char *name)
{
	int (*f)(void) = (int (*)(void))sym(h, name);

	return f ? f() : -1;
}

static void close_lib(void *h, const char *what)
{
	if (h)
		rt_check_long(dlclose(h), 0, what);
	else
		rt_check(0, what);	/* glibc's dlclose(NULL) crashes */
}

/* "ARGV0: undefined symbol: NAME": glibc names the program after argv[0]
 * when the lookup was for the program (RTLD_DEFAULT from it, its handle) */
static const char *undefined_in_program(const char *name)
{
	static char buf[1024];

	rt_snprintf(buf, sizeof buf, "%s: undefined symbol: %s", argv0, name);
	return buf;
}

/* glibc makes an object in which dlsym(RTLD_DEFAULT) called from the
 * program found a symbol NODELETE (elf/dl-lookup.c, add_dependency:
 * "marking ... as NODELETE due to reference from main program"). */
#define PINNED "found through RTLD_DEFAULT from the program: stays after dlclose"

static struct link_map *linkmap(void *h)
{
	struct link_map *m = 0;

	if (dlinfo(h, RTLD_DI_LINKMAP, &m) != 0)
		rt_printf("FAIL dlinfo RTLD_DI_LINKMAP: %s\n", dlerror());
	return m;
}

static int gone(const char *name)
{
	return !dlt_listed(name) && !dlt_mapped(name);
}

/* --- groups ------------------------------------------------------------- */

static void open(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	rt_check_long(call(h, "dla_func"), 1, "dlsym and call dla_func");
	void *h2 = dlopen("libdla.so", RTLD_LAZY);
	rt_check(h2 == h, "dlopen again: the same handle, no constructor");
	void *h3 = dlopen(dlt_path("libdla.so"), RTLD_NOW);
	rt_check(h3 == h, "dlopen by path: the same handle");
	close_lib(h3, "dlclose: third reference");
	close_lib(h2, "dlclose: second reference");
	rt_check(dlt_listed("libdla.so") && dlt_mapped("libdla.so"), "still loaded");
	rt_puts("dlclose: last reference");
	close_lib(h, "dlclose: last reference");
	rt_check(gone("libdla.so") && gone("libdlb.so") && gone("libdlc.so") && gone("libdld.so"),
		 "unloaded and unmapped with its dependencies");
}

/* dlopen must keep its own copy of the name it was given */
static void name_copy(void)
{
	char name[32];

	rt_snprintf(name, sizeof name, "libdle.so");
	void *e = open_lib(name, RTLD_LAZY);
	rt_snprintf(name, sizeof name, "libdlh.so");
	void *h = open_lib(name, RTLD_LAZY);
	rt_check(e && h && e != h, "two names from one buffer: two handles");
	rt_snprintf(name, sizeof name, "libdle.so");
	rt_check(dlopen(name, RTLD_NOLOAD | RTLD_LAZY) == e, "the first one found again by name");
	struct link_map *m = linkmap(e);
	rt_check_str(m ? dlt_base(m->l_name) : "", "libdle.so", "its l_name");
	rt_snprintf(name, sizeof name, "%s", "libxxx.so");
	rt_check_str(m ? dlt_base(m->l_name) : "", "libdle.so", "its l_name, the buffer changed");
	close_lib(e, "dlclose");
	close_lib(e, "dlclose");
	close_lib(h, "dlclose");
}

static void reload(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	int *data = sym(h, "dla_data");
	rt_check_long(call(h, "dla_inits"), 1, "constructor ran once");
	rt_check_long(data ? *data : -1, 10, "initialised data");
	if (data)
		*data = 99;
	close_lib(h, "dlclose");
	h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	data = sym(h, "dla_data");
	rt_check_long(call(h, "dla_inits"), 1, "reloaded: constructor ran once in the new copy");
	rt_check_long(data ? *data : -1, 10, "reloaded: data initialised again");
	close_lib(h, "dlclose");
}

static void missing(void)
{
	rt_check(dlopen("libnope.so", RTLD_NOW) == 0, "dlopen libnope.so fails");
	dlt_print_error("dlerror");
	dlt_check_error(0, "dlerror is NULL once read");
	rt_check(dlopen("/nonexistent/libnope.so", RTLD_LAZY) == 0, "dlopen of a missing path fails");
	dlt_print_error("dlerror");
	rt_check(dlopen("", RTLD_LAZY) == dlopen(0, RTLD_LAZY), "dlopen(\"\") is the program");
	rt_check(dlopen("libdla.so", RTLD_GLOBAL) == 0, "dlopen without RTLD_LAZY or RTLD_NOW fails");
	dlt_print_error("dlerror");
	rt_check(!dlt_listed("libdla.so"), "and loads nothing");
}

static void errors(void)
{
	dlt_check_error(0, "no error at start");
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	rt_check(dlsym(h, "nope") == 0, "dlsym of a missing symbol fails");
	rt_check(dlsym(h, "dla_func") != 0, "then a dlsym that works");
	dlt_print_error("dlerror after both");
	dlsym(h, "nope1");
	dlsym(h, "nope2");
	dlt_print_error("dlerror after two failures");
	dlt_check_error(0, "dlerror is NULL once read");
	close_lib(h, "dlclose");
}

static void search(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	rt_printf("dla handle: dl_common from libdl%c, dl_common2 from libdl%c\n",
		  call(h, "dl_common"), call(h, "dl_common2"));
	void *hb = dlopen("libdlb.so", RTLD_NOLOAD | RTLD_LAZY);
	rt_check(hb != 0, "RTLD_NOLOAD handle of the dependency libdlb.so");
	if (hb)
		rt_printf("dlb handle: dl_common from libdl%c, dl_common2 from libdl%c\n",
			  call(hb, "dl_common"), call(hb, "dl_common2"));
	rt_check_long(call(h, "dlb_func"), 2, "a dependency's function through the handle");
	int *data = sym(h, "dlc_data");
	rt_check_long(data ? *data : -1, 30, "a dependency's data through the handle");
	rt_check(dlsym(h, "nope") == 0, "a missing symbol");
	dlt_print_error("dlerror");
	rt_check(dlsym(RTLD_DEFAULT, "dla_func") == 0, "RTLD_DEFAULT: not in the global scope");
	dlt_check_error(undefined_in_program("dla_func"), "RTLD_DEFAULT: dlerror names the program");
	rt_check(dlsym(RTLD_DEFAULT, "exe_func") == (void *)exe_func,
		 "RTLD_DEFAULT: the program's function");
	rt_check(dlsym(RTLD_DEFAULT, "nx_func") == (void *)nx_func,
		 "RTLD_DEFAULT: the program's definition comes first");
	close_lib(hb, "dlclose libdlb.so");
	close_lib(h, "dlclose libdla.so");
}

static void versions(void)
{
	void *h = open_lib("libdlver.so", RTLD_NOW);
	if (!h)
		return;
	int (*v1)(void) = (int (*)(void))dlvsym(h, "vfunc", "V1");
	int (*v2)(void) = (int (*)(void))dlvsym(h, "vfunc", "V2");
	int (*def)(void) = (int (*)(void))dlsym(h, "vfunc");
	rt_check(v1 && v1() == 1, "dlvsym vfunc@V1");
	rt_check(v2 && v2() == 2, "dlvsym vfunc@V2");
	rt_check(def && def() == 2, "dlsym gives the default version, V2");
	rt_check(dlvsym(h, "vfunc", "V3") == 0, "dlvsym of a missing version");
	dlt_print_error("dlerror");
	rt_check(dlvsym(h, "nope", "V1") == 0, "dlvsym of a missing symbol");
	dlt_print_error("dlerror");
	close_lib(h, "dlclose");
}

static void local(void)
{
	void *h = open_lib("libdle.so", RTLD_LAZY);
	void *self = dlopen(0, RTLD_LAZY);
	if (!h || !self)
		return;
	rt_check(dlsym(RTLD_DEFAULT, "dle_func") == 0, "RTLD_LOCAL: not visible through RTLD_DEFAULT");
	dlt_check_error(undefined_in_program("dle_func"), "RTLD_DEFAULT: dlerror names the program");
	rt_check(dlsym(self, "dle_func") == 0, "RTLD_LOCAL: not visible through dlopen(NULL)");
	dlt_check_error(undefined_in_program("dle_func"), "dlopen(NULL): dlerror names the program");
	rt_check_long(call(h, "dle_func"), 5, "RTLD_LOCAL: visible through its handle");
	void *h2 = dlopen("libdle.so", RTLD_NOLOAD | RTLD_GLOBAL | RTLD_LAZY);
	rt_check(h2 == h, "RTLD_NOLOAD | RTLD_GLOBAL: the same handle");
	rt_check(dlsym(self, "dle_func") != 0, "promoted: visible through dlopen(NULL)");
	rt_check(dlsym(RTLD_DEFAULT, "dle_func") != 0, "promoted: visible through RTLD_DEFAULT");
	close_lib(h2, "dlclose");
	close_lib(h, "dlclose");
	rt_check(dlt_listed("libdle.so"), PINNED);
	close_lib(self, "dlclose dlopen(NULL)");
}

static void global(void)
{
	char before[4096], after[4096];

	dlt_snapshot(before, sizeof before);
	rt_check(dlopen("libdlg.so", RTLD_NOW) == 0, "RTLD_NOW with a symbol not yet global: fails");
	dlt_print_error("dlerror");
	dlt_snapshot(after, sizeof after);
	rt_check_str(after, before, "dl_iterate_phdr: the same objects as before");
	void *hf = open_lib("libdlf.so", RTLD_NOW | RTLD_GLOBAL);
	if (!hf)
		return;
	int (*f)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "dlf_func");
	rt_check(f && f() == 6, "RTLD_GLOBAL: visible through RTLD_DEFAULT");
	void *hg = open_lib("libdlg.so", RTLD_NOW);
	if (!hg)
		return;
	rt_check_long(call(hg, "dlg_func"), 6, "a later library binds to it");
	close_lib(hg, "dlclose libdlg.so");
	close_lib(hf, "dlclose libdlf.so");
	rt_check(dlt_listed("libdlf.so"), PINNED);
}

static void noload(void)
{
	rt_check(dlopen("libdlh.so", RTLD_NOLOAD | RTLD_LAZY) == 0, "RTLD_NOLOAD, not loaded: NULL");
	dlt_print_error("dlerror");
	rt_check(!dlt_listed("libdlh.so"), "RTLD_NOLOAD loaded nothing");
	void *h = open_lib("libdlh.so", RTLD_LAZY);
	void *h2 = dlopen("libdlh.so", RTLD_NOLOAD | RTLD_LAZY);
	rt_check(h && h2 == h, "RTLD_NOLOAD, loaded: the same handle");
	close_lib(h, "dlclose");
	rt_check(dlt_listed("libdlh.so"), "RTLD_NOLOAD took a reference: still loaded");
	rt_puts("dlclose: last reference");
	close_lib(h2, "dlclose");
	rt_check(gone("libdlh.so"), "unloaded");
}

static void nodelete(void)
{
	void *h = open_lib("libdli.so", RTLD_LAZY | RTLD_NODELETE);
	close_lib(h, "dlclose");
	rt_check(dlt_listed("libdli.so") && dlt_mapped("libdli.so"), "RTLD_NODELETE: still loaded");
	void *again = dlopen("libdli.so", RTLD_NOLOAD | RTLD_LAZY);
	rt_check(again != 0, "RTLD_NODELETE: RTLD_NOLOAD finds it");
	rt_check_long(again ? call(again, "dli_func") : -1, 9, "RTLD_NODELETE: still works");

	h = open_lib("libdlj.so", RTLD_LAZY);
	close_lib(h, "dlclose");
	rt_check(dlt_listed("libdlj.so") && dlt_mapped("libdlj.so"), "DF_1_NODELETE: still loaded");

	h = open_lib("libdlk.so", RTLD_LAZY);
	void *h2 = dlopen("libdlk.so", RTLD_NOLOAD | RTLD_NODELETE | RTLD_LAZY);
	rt_check(h && h2 == h, "RTLD_NOLOAD | RTLD_NODELETE: the same handle");
	close_lib(h2, "dlclose");
	close_lib(h, "dlclose");
	rt_check(dlt_listed("libdlk.so"), "RTLD_NODELETE added later: still loaded");
}

static void self(void)
{
	void *s = dlopen(0, RTLD_LAZY);
	void *s2 = dlopen(0, RTLD_NOW);
	rt_check(s != 0 && s2 == s, "dlopen(NULL): the same handle twice");
	if (!s)
		return;
	rt_check(dlsym(s, "exe_func") == (void *)exe_func, "dlopen(NULL): the program's function");
	rt_check(dlsym(s, "dla_func") == 0, "dlopen(NULL): nothing from libdla.so yet");
	dlt_check_error(undefined_in_program("dla_func"), "dlopen(NULL): dlerror names the program");
	void *h = open_lib("libdla.so", RTLD_LAZY | RTLD_GLOBAL);
	if (!h)
		return;
	rt_check(dlsym(s, "dla_func") != 0, "dlopen(NULL): sees a RTLD_GLOBAL library");
	rt_check(dlsym(s, "dlc_func") != 0, "dlopen(NULL): and its dependencies");
	rt_check(dlsym(RTLD_DEFAULT, "dlc_func") != 0, "RTLD_DEFAULT: the same");
	close_lib(h, "dlclose libdla.so");
	rt_check(!dlt_listed("libdla.so") && dlt_listed("libdlc.so"), PINNED);
	close_lib(s2, "dlclose dlopen(NULL)");
	close_lib(s, "dlclose dlopen(NULL)");
	rt_check_long(exe_func(), 100, "the program is still there");
}

static void soname(void)
{
	rt_check(dlopen("libdlsn.so.1", RTLD_LAZY) == 0, "dlopen by a soname not loaded, no such file");
	dlt_print_error("dlerror");
	void *h = open_lib("libdlsnfile.so", RTLD_LAZY);
	void *h2 = dlopen("libdlsn.so.1", RTLD_LAZY);
	rt_check(h && h2 == h, "dlopen by the soname of a loaded library: the same handle");
	close_lib(h2, "dlclose");
	close_lib(h, "dlclose");
	rt_check(gone("libdlsnfile.so"), "unloaded");
	void *n = dlopen("libnx1.so", RTLD_NOLOAD | RTLD_LAZY);
	rt_check(n != 0, "a library loaded at start-up, by name");
	void *ld = dlopen("ld-linux-x86-64.so.2", RTLD_NOLOAD | RTLD_LAZY);
	rt_check(ld != 0, "the dynamic linker, by its soname");
	close_lib(n, "dlclose");
	close_lib(ld, "dlclose");
	rt_check(dlt_listed("libnx1.so") && dlt_listed("libnx3.so"),
		 "libraries loaded at start-up stay");
}

static void next(void)
{
	char buf[1024];

	nx_func(buf, sizeof buf);
	rt_printf("chain: %s\n", buf);
}

static void iterate(void)
{
	struct dlt_counts c0 = dlt_counts();
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	struct dlt_counts c1 = dlt_counts();
	rt_printf("after dlopen: adds +%llu, subs +%llu, objects +%d\n", c1.adds - c0.adds,
		  c1.subs - c0.subs, c1.objects - c0.objects);
	struct dl_phdr_info info;
	struct link_map *m = linkmap(h);
	rt_check(dlt_phdr_info("libdla.so", &info), "libdla.so listed");
	rt_check(m && info.dlpi_addr == m->l_addr, "dlpi_addr is l_addr");
	rt_check(m && rt_strcmp(info.dlpi_name, m->l_name) == 0, "dlpi_name is l_name");
	int load = 0, dyn = 0;
	for (int i = 0; i < info.dlpi_phnum; i++) {
		const Elf64_Phdr *p = &info.dlpi_phdr[i];
		load |= p->p_type == PT_LOAD;
		dyn |= p->p_type == PT_DYNAMIC && m &&
		       (Elf64_Dyn *)(info.dlpi_addr + p->p_vaddr) == m->l_ld;
	}
	rt_check(load && dyn, "dlpi_phdr: its program headers (PT_LOAD, PT_DYNAMIC at l_ld)");
	close_lib(h, "dlclose");
	struct dlt_counts c2 = dlt_counts();
	rt_printf("after dlclose: adds +%llu, subs +%llu, objects +%d\n", c2.adds - c0.adds,
		  c2.subs - c0.subs, c2.objects - c0.objects);
}

static int stop_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	int *calls = data;

	(*calls)++;
	rt_check(size >= sizeof *info, "dl_iterate_phdr: size covers the whole structure");
	rt_check(info->dlpi_phdr == (const Elf64_Phdr *)rt_getauxval(3 /* AT_PHDR */),
		 "dl_iterate_phdr: the program comes first");
	return 7;
}

static void iterate_stop(void)
{
	int calls = 0;

	rt_check_long(dl_iterate_phdr(stop_cb, &calls), 7, "dl_iterate_phdr returns the callback's value");
	rt_check_long(calls, 1, "dl_iterate_phdr stops at the first non-zero value");
}

static void addr(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	struct link_map *m = linkmap(h);
	char *f = sym(h, "dla_func");
	char *d = sym(h, "dla_data");
	int local = 0;
	Dl_info i;

	rt_check(dladdr(f, &i) != 0, "dladdr: a function");
	rt_printf("dladdr: %s, %s\n", i.dli_fname, i.dli_sname);
	rt_check(i.dli_saddr == f, "dladdr: dli_saddr");
	rt_check(m && i.dli_fbase == (void *)m->l_addr, "dladdr: dli_fbase is the base");
	rt_check(dladdr(f + 1, &i) != 0 && i.dli_saddr == f &&
		 rt_strcmp(i.dli_sname, "dla_func") == 0, "dladdr: inside a function");
	rt_check(dladdr(d, &i) != 0 && i.dli_saddr == d && rt_strcmp(i.dli_sname, "dla_data") == 0,
		 "dladdr: a data object");
	rt_check(dladdr(&local, &i) == 0, "dladdr: an address in no object");
	rt_check(dladdr((void *)exe_func, &i) != 0 && i.dli_saddr == (void *)exe_func &&
		 rt_strcmp(i.dli_sname, "exe_func") == 0, "dladdr: the program's function");
	rt_check(i.dli_fbase == (void *)rt_self_base(), "dladdr: the program's base");

	const Elf64_Sym *s = 0;
	rt_check(dladdr1(f, &i, (void **)&s, RTLD_DL_SYMENT) != 0 && s &&
		 ELF64_ST_TYPE(s->st_info) == STT_FUNC && m && m->l_addr + s->st_value == (Elf64_Addr)f,
		 "dladdr1 RTLD_DL_SYMENT: the function's symbol");
	s = 0;
	rt_check(dladdr1(d, &i, (void **)&s, RTLD_DL_SYMENT) != 0 && s &&
		 ELF64_ST_TYPE(s->st_info) == STT_OBJECT && s->st_size == sizeof(int),
		 "dladdr1 RTLD_DL_SYMENT: the data object's symbol");
	struct link_map *lm = 0;
	rt_check(dladdr1(f, &i, (void **)&lm, RTLD_DL_LINKMAP) != 0 && lm == m,
		 "dladdr1 RTLD_DL_LINKMAP: the object's link map");
	rt_check(dladdr1(&local, &i, (void **)&lm, RTLD_DL_LINKMAP) == 0,
		 "dladdr1: an address in no object");
	close_lib(h, "dlclose");
	rt_check(dladdr(f, &i) == 0, "dladdr after dlclose: in no object");
}

static void info(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	struct link_map *m = linkmap(h);
	if (!m)
		return;
	rt_printf("l_name: %s\n", m->l_name);
	rt_print("l_next from it:");
	for (struct link_map *l = m; l; l = l->l_next)
		rt_printf(" %s", dlt_base(l->l_name));
	rt_print("\n");
	int back = 0;
	for (struct link_map *l = m; l && l->l_prev; l = l->l_prev)
		back |= l->l_prev->l_next != l;
	rt_check(!back, "l_prev and l_next agree");

	char origin[4096];
	rt_check_long(dlinfo(h, RTLD_DI_ORIGIN, origin), 0, "RTLD_DI_ORIGIN");
	rt_printf("origin: %s\n", origin);

	Dl_serinfo size;
	rt_check_long(dlinfo(h, RTLD_DI_SERINFOSIZE, &size), 0, "RTLD_DI_SERINFOSIZE");
	static union {
		Dl_serinfo si;
		char space[8192];
	} u;
	if (size.dls_size <= sizeof u) {
		u.si.dls_size = size.dls_size;
		u.si.dls_cnt = size.dls_cnt;
		rt_check_long(dlinfo(h, RTLD_DI_SERINFO, &u.si), 0, "RTLD_DI_SERINFO");
		for (unsigned i = 0; i < u.si.dls_cnt; i++)
			rt_printf("search path: %s (flags 0x%x)\n", u.si.dls_serpath[i].dls_name,
				  u.si.dls_serpath[i].dls_flags);
		char *end = (char *)&u.si + size.dls_size;
		int inside = 1;
		for (unsigned i = 0; i < u.si.dls_cnt; i++)
			inside &= u.si.dls_serpath[i].dls_name + rt_strlen(u.si.dls_serpath[i].dls_name) < end;
		rt_check(inside, "RTLD_DI_SERINFO: the strings fit in RTLD_DI_SERINFOSIZE's size");
	}

	size_t modid = 1;
	void *data = (void *)1;
	rt_check(dlinfo(h, RTLD_DI_TLS_MODID, &modid) == 0 && modid == 0,
		 "RTLD_DI_TLS_MODID: 0 without TLS");
	rt_check(dlinfo(h, RTLD_DI_TLS_DATA, &data) == 0 && data == 0,
		 "RTLD_DI_TLS_DATA: NULL without TLS");
	long lmid = 1;
	rt_check(dlinfo(h, RTLD_DI_LMID, &lmid) == 0 && lmid == 0, "RTLD_DI_LMID: the base namespace");
	rt_check_long(dlinfo(h, 99, origin), -1, "an unknown request fails");
	dlt_print_error("dlerror");
	close_lib(h, "dlclose");
}

static void find(void)
{
	void *h = open_lib("libdla.so", RTLD_LAZY);
	if (!h)
		return;
	struct link_map *m = linkmap(h);
	char *f = sym(h, "dla_func");
	struct dl_find_object fo;
	struct dl_phdr_info info;
	void *eh = 0;

	if (dlt_phdr_info("libdla.so", &info))
		for (int i = 0; i < info.dlpi_phnum; i++)
			if (info.dlpi_phdr[i].p_type == PT_GNU_EH_FRAME)
				eh = (void *)(info.dlpi_addr + info.dlpi_phdr[i].p_vaddr);
	rt_check(eh != 0, "libdla.so has PT_GNU_EH_FRAME");
	rt_check_long(_dl_find_object(f, &fo), 0, "_dl_find_object: a function of libdla.so");
	rt_check((char *)fo.dlfo_map_start <= f && f < (char *)fo.dlfo_map_end,
		 "_dl_find_object: the bounds contain it");
	rt_check(m && fo.dlfo_map_start == (void *)m->l_addr, "_dl_find_object: the start is the base");
	rt_check(fo.dlfo_link_map == m, "_dl_find_object: the link map");
	rt_check(fo.dlfo_eh_frame == eh, "_dl_find_object: dlfo_eh_frame is PT_GNU_EH_FRAME");
	rt_check_long(_dl_find_object((void *)exe_func, &fo), 0, "_dl_find_object: the program");
	rt_check(fo.dlfo_map_start == (void *)rt_self_base() && fo.dlfo_eh_frame != 0,
		 "_dl_find_object: the program's base and eh_frame");
	int local;
	rt_check_long(_dl_find_object(&local, &fo), -1, "_dl_find_object: an address in no object");
	close_lib(h, "dlclose");
	rt_check_long(_dl_find_object(f, &fo), -1, "_dl_find_object after dlclose");
}

static void no_trace(const char *lib, int mode, const char *also)
{
	char before[4096], after[4096];

	dlt_snapshot(before, sizeof before);
	rt_check(dlopen(lib, mode) == 0, "dlopen fails");
	dlt_print_error("dlerror");
	dlt_snapshot(after, sizeof after);
	rt_check_str(after, before, "dl_iterate_phdr: the same objects as before");
	rt_check(!dlt_mapped(dlt_base(lib)) && (!also || !dlt_mapped(also)),
		 "/proc/self/maps: nothing of it");
	rt_check(dlopen(lib, mode) == 0, "dlopen fails again");
	dlt_print_error("dlerror");
}

static void fail_dep(void)
{
	no_trace("libdlmiss.so", RTLD_NOW, "libdlok.so");
	void *h = open_lib("libdlok.so", RTLD_NOW);
	close_lib(h, "the dependency alone loads");
}

static void fail_sym(void)
{
	no_trace("libdlundef.so", RTLD_NOW, "libdlok.so");
	void *h = open_lib("libdlundef.so", RTLD_LAZY);
	close_lib(h, "RTLD_LAZY: loads, the function is not called");
}

static void fail_bad(void)
{
	const char *bad = rt_getenv("DLT_BAD");

	if (!bad)
		rt_skip("DLT_BAD (the path of a damaged library) is not set");
	no_trace(bad, RTLD_NOW, 0);
}

static void ctor(void)
{
	void *h = open_lib("libdlre.so", RTLD_NOW);
	if (!h)
		return;
	rt_check_long(call(h, "dlre_func"), 7, "dlre_func");
	close_lib(h, "dlclose");
	rt_check(gone("libdlre.so") && gone("libdlre2.so"), "both unloaded");
}

static void fini_order(void)
{
	void *h = open_lib("libfotop.so", RTLD_NOW);
	rt_puts("dlclose libfotop.so");
	close_lib(h, "dlclose");
	h = open_lib("libfotop.so", RTLD_NOW);
	void *l = open_lib("libfol.so", RTLD_NOW);
	rt_puts("dlclose libfotop.so, libfol.so still open");
	close_lib(h, "dlclose");
	rt_puts("dlclose libfol.so");
	close_lib(l, "dlclose");
}

static volatile int ev_err;

static int err_thread(void *arg)
{
	(void)arg;
	dlt_check_error(0, "thread: the main thread's error is not its own");
	rt_check(dlsym(RTLD_DEFAULT, "nope_thread") == 0, "thread: a failed dlsym");
	dlt_check_error(undefined_in_program("nope_thread"), "thread: its own error");
	dlsym(RTLD_DEFAULT, "nope_thread2");
	return 0;
}

static void err_threads(void)
{
	struct dlt_thread t;

	rt_check(dlsym(RTLD_DEFAULT, "nope_main") == 0, "main thread: a failed dlsym");
	if (dlt_thread_start(&t, err_thread, 0) < 0)
		rt_exit(1);
	dlt_thread_join(&t);
	dlt_check_error(undefined_in_program("nope_main"), "main thread: still its own error");
}

static const struct rt_group groups[] = {
	{"open", open}, {"name_copy", name_copy}, {"reload", reload}, {"missing", missing}, {"dlerror", errors},
	{"dlsym", search}, {"dlvsym", versions}, {"local", local}, {"global", global},
	{"noload", noload}, {"nodelete", nodelete}, {"self", self}, {"soname", soname},
	{"next", next}, {"iterate", iterate}, {"iterate_stop", iterate_stop}, {"dladdr", addr},
	{"dlinfo", info}, {"find", find}, {"fail_dep", fail_dep}, {"fail_sym", fail_sym},
	{"fail_bad", fail_bad}, {"ctor", ctor}, {"fini_order", fini_order},
	{"dlerror_threads", err_threads},
};

int main(int argc, char **argv)
{
	argv0 = argv[0];
	dlt_set_dir(argv[0]);
	rt_exit(RT_RUN_GROUPS(argc, argv, groups));
}
