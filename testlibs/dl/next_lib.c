/* libnxN.so (NX_ID=N): nx_func appends "nxN " and calls the next
 * definition of nx_func (dlsym RTLD_NEXT); the last one appends what
 * dlerror says about the failed lookup. */
#include "rt.h"
#include "rtld/dlfcn.h"

void nx_func(char *buf, size_t size)
{
	size_t n = rt_strlen(buf);

	rt_snprintf(buf + n, size - n, "nx%d ", NX_ID);
	void (*next)(char *, size_t) = (void (*)(char *, size_t))dlsym(RTLD_NEXT, "nx_func");
	if (next) {
		next(buf, size);
		return;
	}
	const char *e = dlerror();
	n = rt_strlen(buf);
	rt_snprintf(buf + n, size - n, "end (%s)", e ? e : "no error");
}
