/* gexec_as PROGRAM ARGV0 [ARGS...]: runs PROGRAM with the given argv[0].
 * Linked statically, so that the LD_* variables meant for PROGRAM do not
 * act on it. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: gexec_as PROGRAM ARGV0 [ARGS...]\n");
		return 2;
	}
	execv(argv[1], argv + 2);
	perror(argv[1]);
	return 127;
}
