/* t_misc: what the program gets from the dynamic linker.
 * usage: t_misc [args|argv0|env|secure|auxv|relro]... */
#include <elf.h>
#include "rt.h"

extern const Elf64_Ehdr __ehdr_start __attribute__((visibility("hidden")));
void _start(void);
int dep_func(int x);

static int g_argc;
static char **g_argv, **g_envp;

static void test_args(void)
{
	rt_printf("argc=%d argv[0] basename=%s\n", g_argc, rt_basename(g_argv[0]));
	for (int i = 1; i < g_argc; i++)
		rt_printf("argv[%d]=[%s]\n", i, g_argv[i]);
	rt_check(g_argv[g_argc] == NULL, "args: argv is NULL-terminated");
}

static void test_argv0(void)
{
	rt_printf("argv[0]=[%s]\n", g_argv[0]);
}

static void test_env(void)
{
	const char *names[] = {"TEST_VAR1", "TEST_VAR2", "TEST_UNSET"};

	for (int i = 0; i < 3; i++) {
		const char *v = rt_getenv_from(g_envp, names[i]);
		rt_printf("%s=%s\n", names[i], v ? v : "(unset)");
	}
	rt_check(g_envp == rt_environ, "env: main's envp is the one after argv");
}

/* What survives secure mode (tests/secure.sh runs this setuid). */
static void test_secure(void)
{
	const char *names[] = {"LD_LIBRARY_PATH", "LD_PRELOAD", "LD_DEBUG_OUTPUT", "TMPDIR",
			       "LD_BIND_NOW", "TEST_VAR1"};

	for (int i = 0; i < 6; i++) {
		const char *v = rt_getenv_from(g_envp, names[i]);
		rt_printf("%s=%s\n", names[i], v ? v : "(unset)");
	}
}

static void test_auxv(void)
{
	const char *phdr = (const char *)&__ehdr_start + __ehdr_start.e_phoff;

	rt_check(rt_getauxval(AT_PHDR) == (unsigned long)phdr, "auxv: AT_PHDR is this program's");
	rt_check_long(rt_getauxval(AT_PHNUM), __ehdr_start.e_phnum, "auxv: AT_PHNUM");
	rt_check_long(rt_getauxval(AT_PHENT), sizeof(Elf64_Phdr), "auxv: AT_PHENT");
	rt_check(rt_getauxval(AT_ENTRY) == (unsigned long)_start, "auxv: AT_ENTRY is this program's _start");
	rt_check_long(rt_getauxval(AT_PAGESZ), 4096, "auxv: AT_PAGESZ");
	rt_check(rt_getauxval(AT_RANDOM) != 0, "auxv: AT_RANDOM present");
}

/* Linked with -z now -z relro: the GOT is read-only once the program
 * runs, so this store must die with SIGSEGV. */
static void test_relro(void)
{
	void **slot = rt_plt_slot("dep_func");

	rt_check_long(dep_func(2), 6, "relro: call through the GOT");
	rt_check(slot != NULL, "relro: found the GOT slot");
	rt_puts("storing into the GOT");
	*(void *volatile *)slot = 0;
	rt_puts("FAIL relro: the store did not fault");
	rt_exit(1);
}

static const struct rt_group groups[] = {
	{"args", test_args}, {"argv0", test_argv0}, {"env", test_env}, {"secure", test_secure},
	{"auxv", test_auxv}, {"relro", test_relro},
};

int main(int argc, char **argv, char **envp)
{
	g_argc = argc;
	g_argv = argv;
	g_envp = envp;
	/* Only the first argument selects groups: the rest are data for
	 * the args group. */
	return RT_RUN_GROUPS(argc > 1 ? 2 : 1, argv, groups);
}
