/* liblazynow.so, linked with -z now: its own PLT slots are bound before its
 * constructor runs even when the rest of the process binds lazily. */
#include "lazy.h"
#include "rt.h"

static int bound_at_init = -1;

__attribute__((constructor)) static void init(void)
{
	void **slot = rt_plt_slot("lazy_dep_probe");

	bound_at_init = slot ? !rt_in_self(*slot) : -1;
}

int lazynow_bound_at_init(void)
{
	return bound_at_init;
}

int lazynow_call(void)
{
	return lazy_dep_probe();
}
