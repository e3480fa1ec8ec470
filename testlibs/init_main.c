/* t_init_chain, t_init_diamond, t_init_cycle, t_init_graph: the executable
 * of the init-order tests.  Its own DT_PREINIT_ARRAY runs before any
 * library's constructor, its DT_INIT_ARRAY after all of them. */
#include "rt.h"

static void preinit(int argc, char **argv, char **envp)
{
	(void)argv;
	(void)envp;
	rt_printf("preinit exe argc=%d\n", argc);
}

__attribute__((section(".preinit_array"), used)) static void (*const preinit_entry)(int, char **, char **) = preinit;

__attribute__((constructor)) static void init(void)
{
	rt_puts("init exe");
}

__attribute__((destructor)) static void fini(void)
{
	rt_puts("fini exe");
}

int main(void)
{
	rt_puts("main");
	return 0;
}
