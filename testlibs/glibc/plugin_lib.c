/* The plugins of gdl: built as libgplugA.so, libgplugB.so... with
 * -DPLUG=name -DPLUGVAL=n; -DUSES=other makes PLUG_func read other's
 * PLUG_value, which the plugin does not link against. */
#include <stdio.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define STR_(a) #a
#define STR(a) STR_(a)

int CAT(PLUG, _value) = PLUGVAL;

__attribute__((constructor)) static void plugin_init(void)
{
	printf("%s: init\n", STR(PLUG));
}

__attribute__((destructor)) static void plugin_fini(void)
{
	printf("%s: fini\n", STR(PLUG));
}

#ifdef USES
extern int CAT(USES, _value);
#endif

int CAT(PLUG, _func)(void)
{
#ifdef USES
	return CAT(USES, _value) + 1;
#else
	return CAT(PLUG, _value);
#endif
}
