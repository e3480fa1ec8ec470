/* libver.so in four builds (VER_NEW, VER_OLD, VER_UNV, VER_BAR; see the
 * version scripts in ver/), all with soname libver.so:
 *   new (testlibs/):      foo@V1, foo@@V2, bar@@V2, baz@@V1
 *   old (verold/):        foo@@V1, baz@@V1              (link-time only)
 *   unversioned (verunv/): foo, bar, baz                 (link-time only)
 *   bar (verbar/):        foo@V1, foo@@V2, bar@@V1, baz@@V1 */
#if defined VER_NEW || defined VER_BAR
const char *foo_v1(void)
{
	return "foo@V1";
}
const char *foo_v2(void)
{
	return "foo@@V2";
}
__asm__(".symver foo_v1, foo@V1");
__asm__(".symver foo_v2, foo@@V2");
#else
const char *foo(void)
{
	return "foo (link-time library)";
}
#endif

#ifndef VER_OLD
const char *bar(void)
{
#ifdef VER_BAR
	return "bar@@V1";
#else
	return "bar@@V2";
#endif
}
#endif

const char *baz(void)
{
	return "baz@@V1";
}
