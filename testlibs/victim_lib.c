/* libvictim.so (victim/, and a 32-bit build in m32/): the library that the
 * tests copy and damage. */
const char *victim(void)
{
	return "libvictim";
}
