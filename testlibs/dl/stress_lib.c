/* libdlstN.so (ST_N): loaded and unloaded over and over by the threads of
 * t_dlstress.  Each thread's copy of st_tls starts at ST_N + 1. */
#include "rt.h"

static __thread long st_tls[8] = {ST_N + 1};

long st_work(long x)
{
	st_tls[0] += x;
	return st_tls[0];
}
