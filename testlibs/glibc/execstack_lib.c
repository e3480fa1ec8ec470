/* libgexecstack.so: linked with -z execstack, so that dlopen must make
 * the stacks of the process executable. */
int execstack_value(void)
{
	return 5;
}
