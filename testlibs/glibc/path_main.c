/* gpath_*: which copy of libgvariant.so did the search find? */
#define _GNU_SOURCE
#include <dlfcn.h>
#include "gl.h"

const char *variant_name(void);

int main(void)
{
	Dl_info di;
	printf("variant %s", variant_name());
	if (dladdr((void *)variant_name, &di))
		printf(" from %s", di.dli_fname);
	printf("\n");
	void *h = dlopen("libgvariant2.so", RTLD_NOW);
	printf("dlopen(libgvariant2.so): %s\n", h ? "found" : dlerror());
	return 0;
}
