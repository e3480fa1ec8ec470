/* A libc program for the ulexec tests, built with glibc (static, static
 * PIE, dynamic, with an executable stack) and musl (static).  Its output
 * does not change from run to run, so that the kernel's execve and ulexec
 * can be compared: arguments, an environment variable, heap use (malloc
 * through brk and mmap), thread-local storage, the stack's permissions
 * and its exit status (the first argument, if numeric). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static __thread int tls_counter = 41;

static const char *stack_perms(void)
{
	static char perms[8] = "?";
	char line[512];
	FILE *f = fopen("/proc/self/maps", "r");
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, "[stack]"))
			sscanf(line, "%*s %7s", perms);
	if (f)
		fclose(f);
	return perms;
}

int main(int argc, char **argv)
{
	printf("argc=%d\n", argc);
	for (int i = 1; i < argc; i++)
		printf("argv[%d]=%s\n", i, argv[i]);
	const char *v = getenv("HELLO_VAR");
	printf("HELLO_VAR=%s\n", v ? v : "(unset)");

	unsigned long sum = 0;
	for (int i = 0; i < 2000; i++) {
		size_t n = (size_t)(i % 7 == 0 ? 200000 : 100 + i);
		unsigned char *p = malloc(n);
		if (!p)
			return 99;
		memset(p, i & 0xff, n);
		sum += p[n - 1];
		if (i % 3)
			free(p);
	}
	printf("heap sum=%lu\n", sum);
	printf("tls=%d\n", ++tls_counter);
	printf("stack %s\n", stack_perms());
	return argc > 1 ? atoi(argv[1]) : 0;
}
