/* t_path_*: which libvariant.so the library search finds.  PATH_VIA names
 * the library through which libvariant is reached, if any. */
#include "rt.h"

const char *variant(void);
#ifdef PATH_VIA
const char *PATH_VIA(void);
#endif

int main(void)
{
#ifdef PATH_VIA
	rt_printf("found %s\n", PATH_VIA());
#else
	rt_printf("found %s\n", variant());
#endif
	return 0;
}
