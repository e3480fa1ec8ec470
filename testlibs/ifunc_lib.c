/* libifunc.so: STT_GNU_IFUNC symbols in a library.  The resolvers read
 * only plain data (no relocation needed), and pick the second
 * implementation, so a loader that called the resolver's address instead
 * of the function it returns would get a wrong answer. */
#include "rt.h"

typedef int fn_t(int);

static int add_1000(int x) { return x + 1000; }
static int add_2000(int x) { return x + 2000; }
static int add_3000(int x) { return x + 3000; }
static int add_4000(int x) { return x + 4000; }
static volatile int choose_second = 1;

static fn_t *resolve_lib_ifunc(void) { return choose_second ? add_2000 : add_1000; }
static fn_t *resolve_local(void) { return choose_second ? add_4000 : add_3000; }

/* exported: t_ifunc's JUMP_SLOT and GLOB_DAT relocations refer to it */
int lib_ifunc(int) __attribute__((ifunc("resolve_lib_ifunc")));
/* local: R_X86_64_IRELATIVE */
static int lib_local_ifunc(int) __attribute__((ifunc("resolve_local")));

int lib_call_local(int x)
{
	return lib_local_ifunc(x);
}

fn_t *lib_local_ifunc_addr(void)
{
	return lib_local_ifunc;
}

fn_t *lib_ifunc_addr(void)
{
	return lib_ifunc;
}
