/* gdl: the dlopen family as glibc programs use it: plugins, scopes,
 * error texts, dladdr, dl_iterate_phdr, dlinfo, backtrace_symbols. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <pthread.h>
#include <stdint.h>
#include "gl.h"

static void *must_open(const char *name, int mode)
{
	void *h = dlopen(name, mode);
	if (!h)
		printf("dlopen(%s): %s\n", name, dlerror());
	return h;
}

static int local_ie_check(void)
{
	return 0;
}

static void show_error(const char *what)
{
	const char *e = dlerror();
	printf("%s: %s\n", what, e ? e : "no error");
}

/* ---- RTLD_LOCAL and RTLD_GLOBAL ---- */

static int c_scope(int argc, char **argv)
{
	(void)argc, (void)argv;
	void *a = must_open("libgplugA.so", RTLD_NOW | RTLD_LOCAL);
	if (!a)
		return 1;
	printf("A local: RTLD_DEFAULT finds plugA_value: %d\n",
	       dlsym(RTLD_DEFAULT, "plugA_value") != NULL);
	show_error("  dlerror");
	printf("A local: dlopen(libgplugB.so, RTLD_NOW): %s\n",
	       dlopen("libgplugB.so", RTLD_NOW) ? "ok" : "failed");
	show_error("  dlerror");
	printf("libgplugB.so not loaded: %d\n", !gl_loaded("libgplugB.so"));
	void *a2 = dlopen("libgplugA.so", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);
	printf("RTLD_NOLOAD | RTLD_GLOBAL gives the same handle: %d\n", a2 == a);
	printf("A global: RTLD_DEFAULT finds plugA_value: %d\n",
	       dlsym(RTLD_DEFAULT, "plugA_value") != NULL);
	void *b = must_open("libgplugB.so", RTLD_NOW);
	if (!b)
		return 1;
	int (*bf)(void) = (int (*)(void))dlsym(b, "plugB_func");
	printf("plugB_func() = %d\n", bf ? bf() : -1);
	printf("dlclose(B) = %d\n", dlclose(b));
	printf("B unloaded: %d\n", !gl_loaded("libgplugB.so"));
	printf("dlclose(A) = %d\n", dlclose(a));
	printf("A still loaded (a second reference): %d\n", gl_loaded("libgplugA.so"));
	printf("dlclose(A) = %d\n", dlclose(a2));
	printf("A unloaded: %d\n", !gl_loaded("libgplugA.so"));
	return 0;
}

/* ---- dependencies: constructors and destructors in order ---- */

static int c_deps(int argc, char **argv)
{
	(void)argc, (void)argv;
	void *c = must_open("libgplugC.so", RTLD_NOW);
	printf("D loaded as C's dependency: %d\n", gl_loaded("libgplugD.so"));
	void *d = must_open("libgplugD.so", RTLD_NOW);
	printf("dlclose(C) = %d\n", dlclose(c));
	printf("D still loaded (own handle): %d\n", gl_loaded("libgplugD.so"));
	printf("dlclose(D) = %d\n", dlclose(d));
	printf("D unloaded: %d\n", !gl_loaded("libgplugD.so"));
	must_open("libgplugC.so", RTLD_NOW);
	printf("exit with C loaded\n");
	return 0;
}

/* ---- error texts ---- */

static int c_errors(int argc, char **argv)
{
	(void)argc, (void)argv;
	show_error("no error yet");
	dlopen("libgnope.so", RTLD_NOW);
	show_error("missing library");
	show_error("dlerror again");
	dlopen("/nonexistent/libx.so", RTLD_NOW);
	show_error("missing path");
	dlopen("/etc/passwd", RTLD_NOW);
	show_error("not ELF");
	dlopen("/tmp", RTLD_NOW);
	show_error("a directory");
	dlopen("libgmissdep.so", RTLD_NOW);
	show_error("missing dependency");
	printf("  libgmissdep.so left no trace: %d\n", !gl_loaded("libgmissdep.so"));
	dlopen("libgplugB.so", RTLD_NOW);
	show_error("undefined symbol (RTLD_NOW)");
	dlopen("libgplugA.so", 0);
	show_error("mode 0");
	dlopen("libgplugA.so", RTLD_GLOBAL);
	show_error("mode RTLD_GLOBAL alone");
	printf("  libgplugA.so not loaded: %d\n", !gl_loaded("libgplugA.so"));
	dlopen("libgplugA.so", RTLD_NOW | RTLD_LAZY);
	show_error("mode RTLD_NOW | RTLD_LAZY");
	dlopen("libgplugA.so", RTLD_NOW | 0x40000);
	show_error("an unknown mode bit");
	gl_loaded("libgplugA.so");
	dlopen("libgplugA.so", RTLD_NOLOAD);
	show_error("mode RTLD_NOLOAD alone");
	void *a = must_open("libgplugA.so", RTLD_NOW);
	dlsym(a, "nope");
	show_error("dlsym");
	dlvsym(a, "plugA_func", "V9");
	show_error("dlvsym");
	dlsym(RTLD_DEFAULT, "nope");
	show_error("dlsym(RTLD_DEFAULT)");
	dlsym(RTLD_NEXT, "nope");
	show_error("dlsym(RTLD_NEXT)");
	void *self = dlopen(NULL, RTLD_NOW);
	dlsym(self, "nope");
	show_error("dlsym(dlopen(NULL))");
	void *empty = dlopen("", RTLD_NOW);
	printf("dlopen(\"\") is dlopen(NULL): %d\n", empty == self);
	show_error("dlopen(\"\")");
	dlclose(a);
	return 0;
}

/* ---- dlsym ---- */

int gdl_exported = 11;
int gdl_function(void)
{
	return 12;
}

static int c_dlsym(int argc, char **argv)
{
	(void)argc, (void)argv;
	extern char **environ;
	void *self = dlopen(NULL, RTLD_LAZY);
	gl_check(self != NULL, "dlopen(NULL)");
	gl_check(dlsym(self, "gdl_exported") == &gdl_exported, "dlsym(program, variable)");
	gl_check(dlsym(self, "gdl_function") == (void *)gdl_function, "dlsym(program, function)");
	gl_check(dlsym(self, "printf") == (void *)printf, "dlsym(program, printf) looks in its scope");
	gl_check(dlsym(RTLD_DEFAULT, "printf") == (void *)printf, "dlsym(RTLD_DEFAULT, printf)");
	gl_check(dlsym(RTLD_NEXT, "printf") == (void *)printf, "dlsym(RTLD_NEXT, printf)");
	gl_check(dlsym(RTLD_DEFAULT, "strlen") == (void *)strlen, "an IFUNC: the resolved function");
	gl_check(dlsym(RTLD_DEFAULT, "environ") == (void *)&environ, "environ: the program's copy");
	void *r225 = dlvsym(RTLD_DEFAULT, "realpath", "GLIBC_2.2.5");
	void *r23 = dlvsym(RTLD_DEFAULT, "realpath", "GLIBC_2.3");
	gl_check(r225 && r23 && r225 != r23, "dlvsym: realpath@GLIBC_2.2.5 and realpath@GLIBC_2.3");
	gl_check(r23 == (void *)realpath, "the program's realpath is realpath@GLIBC_2.3");
	gl_check(dlsym(RTLD_DEFAULT, "realpath") == r23, "dlsym gives the default version");
	gl_check(dlvsym(RTLD_DEFAULT, "memcpy", "GLIBC_2.14") == (void *)memcpy,
		 "dlvsym of an IFUNC: the program's memcpy@GLIBC_2.14");
	void *libc = dlopen("libc.so.6", RTLD_NOLOAD | RTLD_NOW);
	gl_check(libc && dlsym(libc, "malloc") == (void *)malloc, "dlsym(libc.so.6 handle, malloc)");
	gl_check(libc && dlsym(libc, "gdl_exported") == NULL, "a handle's scope: no program symbols");
	void *ld = dlopen("ld-linux-x86-64.so.2", RTLD_NOLOAD | RTLD_NOW);
	gl_check(ld != NULL, "the dynamic linker is loaded as ld-linux-x86-64.so.2");
	gl_check(ld && dlsym(ld, "_dl_find_object") == NULL, "_dl_find_object is libc's");
	gl_check(dlsym(RTLD_DEFAULT, "_r_debug") != NULL, "_r_debug");
	return 0;
}

/* ---- initial-exec TLS in a dlopen'd library ---- */

static pthread_barrier_t barrier;
static int (*ie_check)(void);

static void *ie_thread(void *arg)
{
	if (arg)
		pthread_barrier_wait(&barrier);	/* created before the dlopen */
	return (void *)(intptr_t)ie_check();
}

static int c_statictls(int argc, char **argv)
{
	(void)argc, (void)argv;
	pthread_t before, after;
	void *r1, *r2;
	pthread_barrier_init(&barrier, NULL, 2);
	pthread_create(&before, NULL, ie_thread, &barrier);
	void *h = must_open("libgie.so", RTLD_NOW);
	if (h)
		ie_check = (int (*)(void))dlsym(h, "ie_check");
	if (!ie_check)
		ie_check = local_ie_check;
	pthread_barrier_wait(&barrier);
	pthread_join(before, &r1);
	pthread_create(&after, NULL, ie_thread, NULL);
	pthread_join(after, &r2);
	gl_check(ie_check(), "the main thread's block");
	gl_check(r1 != NULL, "a thread that existed before the dlopen");
	gl_check(r2 != NULL, "a thread created after it");
	return 0;
}

/* ---- dladdr and _dl_find_object ---- */

static int local_function(void)
{
	return 1;
}

struct eh {
	uintptr_t base;
	const void *eh_frame;
};

static int find_eh(struct dl_phdr_info *i, size_t size, void *arg)
{
	(void)size;
	struct eh *e = arg;
	if (i->dlpi_addr != e->base)
		return 0;
	for (int k = 0; k < i->dlpi_phnum; k++)
		if (i->dlpi_phdr[k].p_type == PT_GNU_EH_FRAME)
			e->eh_frame = (const void *)(i->dlpi_addr + i->dlpi_phdr[k].p_vaddr);
	return 1;
}

static void show_dladdr(const char *what, const void *addr)
{
	Dl_info di;
	if (!dladdr(addr, &di)) {
		printf("%s: not found\n", what);
		return;
	}
	printf("%s: %s %s (exact %d)\n", what, di.dli_fname, di.dli_sname ? di.dli_sname : "(no symbol)",
	       di.dli_saddr == addr);
}

static int c_dladdr(int argc, char **argv)
{
	(void)argc, (void)argv;
	void *a = must_open("libgplugA.so", RTLD_NOW);
	if (!a)
		return 1;
	void *f = dlsym(a, "plugA_func"), *v = dlsym(a, "plugA_value");
	show_dladdr("plugA_func", f);
	show_dladdr("plugA_func+1", (char *)f + 1);
	show_dladdr("plugA_value", v);
	show_dladdr("printf", (void *)printf);
	show_dladdr("gdl_function", (void *)gdl_function);
	show_dladdr("a static function", (void *)local_function);
	int local;
	show_dladdr("the stack", &local);
	show_dladdr("NULL", NULL);
	Dl_info di;
	struct link_map *lm = NULL, *hm = NULL;
	const ElfW(Sym) *sym = NULL;
	dladdr1(f, &di, (void **)&lm, RTLD_DL_LINKMAP);
	dlinfo(a, RTLD_DI_LINKMAP, &hm);
	gl_check(lm == hm && lm && di.dli_fbase == (void *)lm->l_addr,
		 "dladdr1(RTLD_DL_LINKMAP): the handle's link map, and its base");
	dladdr1(f, &di, (void **)&sym, RTLD_DL_SYMENT);
	gl_check(sym && sym->st_size > 0 && ELF64_ST_TYPE(sym->st_info) == STT_FUNC,
		 "dladdr1(RTLD_DL_SYMENT): the function's symbol");
	struct dl_find_object fo;
	int r = _dl_find_object(f, &fo);
	struct eh e = { lm ? lm->l_addr : 0, NULL };
	dl_iterate_phdr(find_eh, &e);
	gl_check(r == 0, "_dl_find_object(plugA_func) = 0");
	gl_check(fo.dlfo_link_map == lm, "_dl_find_object: the link map");
	gl_check(fo.dlfo_map_start == di.dli_fbase, "_dl_find_object: the start of the mapping");
	gl_check(fo.dlfo_map_end > (void *)f, "_dl_find_object: the end of the mapping");
	gl_check(fo.dlfo_eh_frame == e.eh_frame && e.eh_frame, "_dl_find_object: PT_GNU_EH_FRAME");
	gl_check(_dl_find_object(&local, &fo) == -1, "_dl_find_object(the stack) = -1");
	dlclose(a);
	return 0;
}

/* ---- dl_iterate_phdr ---- */

struct walk {
	int print, n;
	unsigned long long adds, subs;
};

static int walk_cb(struct dl_phdr_info *i, size_t size, void *arg)
{
	struct walk *w = arg;
	int tls = 0;
	for (int k = 0; k < i->dlpi_phnum; k++)
		tls |= i->dlpi_phdr[k].p_type == PT_TLS;
	if (w->print)
		printf("  [%d] \"%s\" tls %d size ok %d\n", w->n, i->dlpi_name, tls,
		       size >= sizeof *i);
	w->n++;
	w->adds = i->dlpi_adds;
	w->subs = i->dlpi_subs;
	return 0;
}

static struct walk walk(int print)
{
	struct walk w = { print, 0, 0, 0 };
	dl_iterate_phdr(walk_cb, &w);
	return w;
}

/* Returns 77 on the second object, so that dl_iterate_phdr stops. */
static int stop_cb(struct dl_phdr_info *i, size_t size, void *arg)
{
	(void)i, (void)size;
	return ++*(int *)arg == 2 ? 77 : 0;
}

static int c_phdr(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct walk w0 = walk(1), w;
	printf("%d objects\n", w0.n);
	void *c = must_open("libgplugC.so", RTLD_NOW);
	w = walk(0);
	printf("after dlopen: %d objects, adds +%llu, subs +%llu\n", w.n, w.adds - w0.adds,
	       w.subs - w0.subs);
	dlclose(c);
	w = walk(0);
	printf("after dlclose: %d objects, adds +%llu, subs +%llu\n", w.n, w.adds - w0.adds,
	       w.subs - w0.subs);
	int seen = 0, r = dl_iterate_phdr(stop_cb, &seen);
	printf("a callback that returns 77 on the second object: %d after %d\n", r, seen);
	return 0;
}

/* ---- dlinfo ---- */

static int c_dlinfo(int argc, char **argv)
{
	(void)argc, (void)argv;
	void *c = must_open("libgplugC.so", RTLD_NOW);
	struct link_map *lm = NULL;
	if (!c || dlinfo(c, RTLD_DI_LINKMAP, &lm) || !lm)
		return 1;
	printf("RTLD_DI_LINKMAP: %s\n", lm->l_name);
	while (lm->l_prev)
		lm = lm->l_prev;
	printf("the link map list:\n");
	for (; lm; lm = lm->l_next)
		printf("  \"%s\"\n", lm->l_name);
	char origin[4096];
	if (dlinfo(c, RTLD_DI_ORIGIN, origin) == 0)
		printf("RTLD_DI_ORIGIN: %s\n", origin);
	size_t modid = 99;
	printf("RTLD_DI_TLS_MODID: %d, %zu\n", dlinfo(c, RTLD_DI_TLS_MODID, &modid), modid);
	void *data = &modid;
	printf("RTLD_DI_TLS_DATA: %d, %s\n", dlinfo(c, RTLD_DI_TLS_DATA, &data),
	       data ? "not NULL" : "NULL");
	printf("bad request: %d\n", dlinfo(c, 12345, &data));
	show_error("  dlerror");
	dlclose(c);
	return 0;
}

/* ---- backtrace_symbols ---- */

int bt_inner(void);
int bt_outer(int (*callback)(void));

__attribute__((noinline)) int gdl_bt_callback(void)
{
	int n = bt_inner();
	NO_TAIL_CALL();
	return n;
}

__attribute__((noinline)) int gdl_bt_start(void)
{
	int n = bt_outer(gdl_bt_callback);
	NO_TAIL_CALL();
	return n;
}

static int c_backtrace(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("backtrace:\n");
	int n = gdl_bt_start();
	printf("%d frames\n", n);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct gl_cmd cmds[] = {
		{ "scope", c_scope }, { "deps", c_deps }, { "errors", c_errors }, { "dlsym", c_dlsym },
		{ "dladdr", c_dladdr }, { "phdr", c_phdr }, { "dlinfo", c_dlinfo },
		{ "backtrace", c_backtrace }, { "statictls", c_statictls }, { 0, 0 },
	};
	return gl_dispatch(cmds, argc, argv);
}
