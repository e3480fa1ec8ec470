/* libifuncx.so: calls exe_ifunc, an IFUNC defined in t_ifunc.  glibc
 * refuses to bind that eagerly (the executable, whose resolver it is, is
 * relocated after this library), so it is apart from libifunc.so. */
int exe_ifunc(int x);

int lib_call_exe_ifunc(int x)
{
	return exe_ifunc(x);
}
