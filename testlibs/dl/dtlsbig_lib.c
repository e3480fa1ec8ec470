/* libdtlsbigN.so (BIG_N): 1 KiB of initial-exec TLS each, dlopen'd one
 * after the other until the surplus of static TLS runs out. */
#include "rt.h"

__attribute__((tls_model("initial-exec"), visibility("hidden")))
__thread char big[1024] = {BIG_N, 1};

long dtlsbig_get(void)
{
	return RT_LOAD(big[0]) * 100 + RT_LOAD(big[1]) + RT_LOAD(big[1023]);
}
