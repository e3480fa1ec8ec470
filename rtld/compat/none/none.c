/* The freestanding personality: programs with no C library (or one linked
 * statically into them).  Nobody else runs the executable's initialisers,
 * so rtld does, after every library's. */
#include "compat.h"

static void nothing(void)
{
}

const struct personality personality_none = {
	.name = "none",
	.runs_exe_init = true,
	.before_init = nothing,
};

const struct personality *personality = &personality_none;
