/* libgbt.so: backtrace() and backtrace_symbols() a few frames down, with
 * a call back into the program on the way. */
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gl.h"

/* Prints the frames without their addresses: "OBJECT(SYMBOL+OFFSET)",
 * OBJECT without its directory. */
__attribute__((noinline)) int bt_inner(void)
{
	void *frames[32];
	int n = backtrace(frames, 32);
	char **s = backtrace_symbols(frames, n);
	for (int i = 0; s && i < n; i++) {
		char *line = s[i], *addr = strstr(line, " [0x");
		if (addr)
			*addr = 0;
		char *paren = strchr(line, '('), *slash = NULL;
		for (char *p = line; *p && (!paren || p < paren); p++)
			if (*p == '/')
				slash = p;
		printf("  %s\n", slash ? slash + 1 : line);
	}
	free(s);
	return n;
}

__attribute__((noinline)) int bt_outer(int (*callback)(void))
{
	int n = callback();
	NO_TAIL_CALL();
	return n;
}
