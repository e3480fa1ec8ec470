/* t_copysz: a copy relocation whose object has grown in the library since
 * the program was linked: glibc copies what fits and warns. */
#include "rt.h"

extern long copy_obj[2];
long copy_obj_word(int i);

int main(void)
{
	rt_printf("copy_obj = %ld %ld\n", copy_obj[0], copy_obj[1]);
	copy_obj[1] = 99;
	rt_printf("library sees %ld %ld\n", copy_obj_word(0), copy_obj_word(1));
	return 0;
}
