/* t_ver_new, t_ver_old, t_ver_unv, t_ver_missing, t_ver_symmiss: which
 * version of foo, bar and baz each reference gets.  HAVE_BAR and
 * HAVE_USER say what the link-time libraries provide. */
#include "rt.h"

const char *foo(void);
const char *bar(void);
const char *baz(void);
const char *veruser_foo(void);

int main(void)
{
	rt_printf("foo -> %s\n", foo());
	rt_printf("baz -> %s\n", baz());
#ifdef HAVE_BAR
	rt_printf("bar -> %s\n", bar());
#endif
#ifdef HAVE_USER
	rt_printf("libveruser's foo -> %s\n", veruser_foo());
#endif
	return 0;
}
