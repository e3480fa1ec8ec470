/* C part of the executable start-up (see start.S).
 *
 * glibc's ld.so does not run the executable's own initialisers (libc's
 * __libc_start_main does that since glibc 2.34), while rtld runs them before
 * jumping to the entry point.  So that a test program behaves the same
 * under both, a priority-101 constructor (the first one in the executable's
 * .init_array) sets rt_init_done; if it is still clear when we get here,
 * nobody ran the array and we run it ourselves, with the same
 * (argc, argv, envp) arguments a dynamic linker passes. */
#include "rt.h"

typedef void (*init_fn)(int, char **, char **);

extern init_fn __init_array_start[] __attribute__((visibility("hidden")));
extern init_fn __init_array_end[] __attribute__((visibility("hidden")));

/* Provided by the test program, which may also define it with fewer
 * parameters. */
int main(int argc, char **argv, char **envp);

static int rt_init_done;

__attribute__((constructor(101))) static void rt_mark_init_done(void)
{
	rt_init_done = 1;
}

__attribute__((noreturn, used)) void rt_start_c(long *sp, void (*fini)(void))
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	while (*p)
		p++;
	rt_auxv = (unsigned long *)(p + 1);
	rt_environ = envp;

	if (!rt_init_done) {
		for (init_fn *f = __init_array_start; f < __init_array_end; f++)
			(*f)(argc, argv, envp);
	}

	int status = main(argc, argv, envp);

	/* The %rdx function is only called on request: glibc's _dl_fini
	 * asserts in a process without libc. */
	const char *cf = rt_getenv("RT_CALL_FINI");
	if (cf && rt_strcmp(cf, "1") == 0 && fini)
		fini();
	rt_exit(status);
}
