/* libdlre.so: its constructor dlopens libdlre2.so and calls into it; its
 * destructor dlcloses it (dlopen and dlclose from inside dlopen and
 * dlclose). */
#include "rt.h"
#include "rtld/dlfcn.h"

static void *h;

__attribute__((constructor)) static void init(void)
{
	rt_printf("init dlre: dlopen libdlre2.so\n");
	h = dlopen("libdlre2.so", RTLD_NOW);
	if (!h) {
		const char *e = dlerror();
		rt_printf("init dlre: dlopen failed: %s\n", e ? e : "no error");
		return;
	}
	int (*f)(void) = (int (*)(void))dlsym(h, "dlre2_func");
	rt_printf("init dlre: dlre2_func() = %d\n", f ? f() : -1);
}

__attribute__((destructor)) static void fini(void)
{
	rt_printf("fini dlre: dlclose libdlre2.so\n");
	if (h)
		rt_printf("fini dlre: dlclose = %d\n", dlclose(h));
}

int dlre_func(void)
{
	return 7;
}
