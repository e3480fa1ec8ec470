/* libipa.so, libipb.so (IP_ID A or B): two libraries defining the same
 * symbols, to show which definition each caller gets; and libpre.so,
 * libpre2.so (IP_ID pre or pre2, IP_PRELOAD): libraries to LD_PRELOAD,
 * which also define t_weak's weak undefined symbols. */
#include "rt.h"

#define SELF "lib" RT_STR(IP_ID)

const char *ip_everywhere(void);	/* also in t_interpose */
const char *ip_libs(void);

__attribute__((constructor)) static void init(void)
{
	rt_printf("init %s\n", SELF);
}

const char *ip_everywhere(void)
{
	return "ip_everywhere from " SELF;
}

const char *ip_libs(void)
{
	return "ip_libs from " SELF;
}

#ifdef IP_PRELOAD
int weak_fn(int x)
{
	return x + 40;
}

int weak_var = 1234;
#else
const char *ip_weak(void);
const char *prot_func(void);		/* protected in libprot, also in t_interpose */
extern int prot_var;			/* protected in libprot only */

/* libipa's definition is weak, libipb's strong: the dynamic linker takes
 * the first one in the lookup scope regardless. */
#ifdef IP_WEAK
__attribute__((weak))
#endif
const char *ip_weak(void)
{
	return "ip_weak from " SELF;
}

/* What this library's own references resolve to. */
void RT_CAT(ip_view_, IP_ID)(void)
{
	rt_printf("%s sees: %s; %s; %s; %s; prot_var=%d\n", SELF, ip_everywhere(), ip_libs(),
		  ip_weak(), prot_func(), prot_var);
}
#endif
