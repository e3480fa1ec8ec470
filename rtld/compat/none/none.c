/* The freestanding personality: programs with no C library (or one linked
 * statically into them).  Nobody else runs the executable's initialisers,
 * so rtld does, after every library's. */
#include "compat.h"
#include "rtld/tls.h"

static void nothing(void)
{
}

static void nothing_tp(void *tp)
{
	(void)tp;
}

const struct personality personality_none = {
	.name = "none",
	.runs_exe_init = true,
	.tcb_size = sizeof(struct rtld_tcb),
	.init_main_thread = nothing_tp,
	.before_reloc = nothing,
	.before_init = nothing,
	.objects_changed = nothing,
};
