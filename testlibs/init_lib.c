/* Libraries of the init-order tests (LIBNAME names each build).  The
 * constructor and destructor print the library's name.  PRINT_ARGS: the
 * constructor also prints the (argc, argv, envp) it receives.
 * USE_DT_INIT: the library also has DT_INIT/DT_FINI functions (linked with
 * -init/-fini), which run before DT_INIT_ARRAY and after DT_FINI_ARRAY. */
#include "rt.h"

__attribute__((constructor)) static void init(int argc, char **argv, char **envp)
{
	rt_printf("init %s\n", LIBNAME);
#ifdef PRINT_ARGS
	rt_printf("  %s: argc=%d", LIBNAME, argc);
	for (int i = 1; i < argc; i++)
		rt_printf(" [%s]", argv[i]);
	const char *v = rt_getenv_from(envp, "INIT_ENV");
	rt_printf(" INIT_ENV=%s\n", v ? v : "(unset)");
#else
	(void)argc;
	(void)argv;
	(void)envp;
#endif
}

__attribute__((destructor)) static void fini(void)
{
	rt_printf("fini %s\n", LIBNAME);
}

#ifdef USE_DT_INIT
void lib_dt_init(void)
{
	rt_printf("dt_init %s\n", LIBNAME);
}

void lib_dt_fini(void)
{
	rt_printf("dt_fini %s\n", LIBNAME);
}
#endif
