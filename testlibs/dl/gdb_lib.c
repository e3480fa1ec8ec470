/* libdlgdb.so: the function gdb stops in (see gdb_main.c). */
int dlgdb_target(int x)
{
	return x + 1;
}
