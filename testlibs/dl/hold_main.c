/* t_dlhold: rtld_tls_dtor_hold / rtld_tls_dtor_release (rtld only: a
 * thread library holds an object while thread_local destructors defined
 * in it are pending).  While a hold is pending, dlclose must not unload the
 * object; once released, it goes if no reference is left. */
#include "dlt.h"

void rtld_tls_dtor_hold(void *addr_in_object);
void rtld_tls_dtor_release(void *addr_in_object);

static void *open_func(void **h)
{
	*h = dlopen("libdlhold.so", RTLD_NOW);
	if (!*h) {
		rt_printf("FAIL dlopen: %s\n", dlerror());
		rt_exit(1);
	}
	return dlsym(*h, "dlhold_func");
}

static int loaded(void)
{
	return dlt_listed("libdlhold.so") && dlt_mapped("libdlhold.so");
}

static int unloaded(void)
{
	return !dlt_listed("libdlhold.so") && !dlt_mapped("libdlhold.so");
}

/* dlopen, hold, dlclose: returns the function held */
static int (*open_hold_close(void **h))(void)
{
	int (*f)(void) = (int (*)(void))open_func(h);

	rtld_tls_dtor_hold((void *)f);
	rt_check_long(dlclose(*h), 0, "dlclose with a hold pending");
	return f;
}

static void release_last(void)
{
	void *h;
	int (*f)(void) = open_hold_close(&h);

	rt_check(loaded(), "held: still loaded");
	rt_check_long(f(), 14, "held: its code still runs");
	rt_puts("release");
	rtld_tls_dtor_release((void *)f);
	rt_check(unloaded(), "released: unloaded");
}

static void close_last(void)
{
	void *h;
	int (*f)(void) = (int (*)(void))open_func(&h);

	rtld_tls_dtor_hold((char *)f + 1);
	rtld_tls_dtor_release((void *)f);
	rt_check(loaded(), "hold and release with the handle open: still loaded");
	rt_puts("dlclose");
	rt_check_long(dlclose(h), 0, "dlclose");
	rt_check(unloaded(), "unloaded");
}

static void two_holds(void)
{
	void *h;
	int *data;
	int (*f)(void) = (int (*)(void))open_func(&h);

	data = dlsym(h, "dlhold_data");
	rtld_tls_dtor_hold((void *)f);
	rtld_tls_dtor_hold(data);
	rt_check_long(dlclose(h), 0, "dlclose with two holds");
	rtld_tls_dtor_release(data);
	rt_check(loaded(), "one released: still loaded");
	rt_puts("release");
	rtld_tls_dtor_release((void *)f);
	rt_check(unloaded(), "both released: unloaded");
}

static void reopen(void)
{
	void *h;
	int (*f)(void) = open_hold_close(&h);
	void *h2 = dlopen("libdlhold.so", RTLD_NOW | RTLD_NOLOAD);
	rt_check(h2 == h, "held: RTLD_NOLOAD still finds it");
	rtld_tls_dtor_release((void *)f);
	rt_check(loaded(), "released, reopened: still loaded");
	rt_puts("dlclose");
	rt_check_long(dlclose(h2), 0, "dlclose");
	rt_check(unloaded(), "unloaded");
}

static const struct rt_group groups[] = {
	{"release_last", release_last}, {"close_last", close_last}, {"two_holds", two_holds},
	{"reopen", reopen},
};

int main(int argc, char **argv)
{
	return RT_RUN_GROUPS(argc, argv, groups);
}
