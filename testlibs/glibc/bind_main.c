/* gbind: lazy binding of a library whose undefined function is only
 * called with the argument "call". */
#include <string.h>
#include "gl.h"

int undef_defined(void);
int undef_caller(void);

int main(int argc, char **argv)
{
	printf("defined: %d\n", undef_defined());
	fflush(stdout);
	if (argc > 1 && strcmp(argv[1], "call") == 0)
		printf("caller: %d\n", undef_caller());
	return 0;
}
