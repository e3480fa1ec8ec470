/* libgisa4dep.so: no note of its own, but needs libgisa4.so, so a dlopen
 * of it fails on a processor below x86-64-v4 for its dependency. */
const char *isa_level_name(void);

const char *isa_dep_name(void)
{
	return isa_level_name();
}
