/* Environment and auxiliary vector. */
#include "rt.h"

char **rt_environ;
unsigned long *rt_auxv;

/* In a shared library nobody calls _start: take envp from the arguments
 * that the dynamic linker passes to constructors. */
__attribute__((constructor(101))) static void rt_env_init(int argc, char **argv, char **envp)
{
	(void)argc;
	(void)argv;
	if (!rt_environ)
		rt_environ = envp;
}

const char *rt_getenv_from(char **envp, const char *name)
{
	size_t n = rt_strlen(name);

	for (char **e = envp; e && *e; e++)
		if (rt_strncmp(*e, name, n) == 0 && (*e)[n] == '=')
			return *e + n + 1;
	return NULL;
}

const char *rt_getenv(const char *name)
{
	return rt_getenv_from(rt_environ, name);
}

unsigned long rt_getauxval(unsigned long type)
{
	unsigned long *av = rt_auxv;

	if (!av) {
		char **e = rt_environ;
		if (!e)
			return 0;
		while (*e)
			e++;
		av = (unsigned long *)(e + 1);
	}
	for (; av[0] != 0 /* AT_NULL */; av += 2)
		if (av[0] == type)
			return av[1];
	return 0;
}
