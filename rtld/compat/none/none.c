/* The freestanding personality: programs with no C library (or one linked
 * statically into them).  Nobody else runs the executable's initialisers,
 * so rtld does, after every library's. */
#include "compat.h"
#include "tp.h"
#include "rtld/tls.h"

static void nothing(void)
{
}

/* Spare words of rtld's own thread control block. */
static char **dlerror_slot(void)
{
	return (char **)&((struct rtld_tcb *)arch_tp())->unused[6];
}

const struct personality personality_none = {
	.name = "none",
	.runs_exe_init = true,
	.before_init = nothing,
	.dlerror_slot = dlerror_slot,
};

const struct personality *personality = &personality_none;
