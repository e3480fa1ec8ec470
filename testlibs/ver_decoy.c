/* libverdecoy.so: foo@@DECOY, ahead of libver.so in the lookup scope; a
 * reference to foo@V1 or foo@V2 must skip it. */
const char *foo(void)
{
	return "foo@@DECOY";
}
