/* The 50 TLS modules libtm0.so ... libtm49.so (TM_N), half of them built
 * with TLSDESC.  tm_get_N reads the module's variables through its own
 * dynamic accesses; the executable reads tm_var_N through initial-exec. */
#include "rt.h"

__thread long RT_CAT(tm_var_, TM_N) = TM_N * 1000 + 7;
__thread long RT_CAT(tm_zero_, TM_N);

long RT_CAT(tm_get_, TM_N)(void)
{
	return RT_CAT(tm_var_, TM_N) + RT_CAT(tm_zero_, TM_N);
}

long *RT_CAT(tm_addr_, TM_N)(void)
{
	return &RT_CAT(tm_var_, TM_N);
}
