/* The libraries of the dlopen tests (LIBID names each build: libLIBID.so).
 * The constructor and destructor print the name.  Exported: LIBID_func
 * (returns LIBVAL), LIBID_data (LIBVAL * 10), LIBID_inits (how often the
 * constructor ran in this mapping), and with COMMON / COMMON2 the functions
 * dl_common / dl_common2, which several libraries define (returning that
 * character), for the search-order checks.  UNDEF: LIBID_func calls a
 * function that no library defines. */
#include "rt.h"

#define NAME RT_STR(LIBID)
#define SYM(s) RT_CAT(LIBID, s)

static int inits;

__attribute__((constructor)) static void init(void)
{
	inits++;
	rt_printf("init %s\n", NAME);
}

__attribute__((destructor)) static void fini(void)
{
	rt_printf("fini %s\n", NAME);
}

int SYM(_data) = LIBVAL * 10;

#ifdef UNDEF
int UNDEF(void);
#endif

int SYM(_func)(void)
{
#ifdef UNDEF
	return UNDEF();
#else
	return LIBVAL;
#endif
}

int SYM(_inits)(void)
{
	return inits;
}

#ifdef COMMON
int dl_common(void)
{
	return COMMON;
}
#endif

#ifdef COMMON2
int dl_common2(void)
{
	return COMMON2;
}
#endif
