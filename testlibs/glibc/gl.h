/* Helpers of the glibc test programs (testlibs/glibc): ordinary programs
 * built with gcc and g++ against the system's glibc, run by tests/glibc
 * under glibc's ld.so and under rtld.  Whatever they print must not
 * depend on addresses, pids or timing, so that the outputs of both
 * linkers can be compared byte for byte. */
#ifndef GL_H
#define GL_H

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* After a call, so that it is not a tail call: the caller's frame stays
 * (backtraces) and the call is made from the caller's object (dlopen
 * searches the caller's DT_RUNPATH). */
#define NO_TAIL_CALL() __asm__ volatile("" ::: "memory")

/* Prints "ok WHAT" or "FAIL WHAT". */
static inline int gl_check(int ok, const char *what)
{
	printf("%s %s\n", ok ? "ok" : "FAIL", what);
	return ok;
}

/* The last component of a path. */
static inline const char *gl_base(const char *path)
{
	const char *s = path ? strrchr(path, '/') : NULL;
	return s ? s + 1 : path ? path : "(null)";
}

/* Whether an object of that name is loaded (without keeping a
 * reference to it). */
static inline int gl_loaded(const char *name)
{
	void *h = dlopen(name, RTLD_NOLOAD | RTLD_LAZY);
	if (h)
		dlclose(h);
	return h != NULL;
}

/* A subcommand table: { "name", function } ... { 0, 0 }; runs the one
 * named by argv[1] and returns its status. */
struct gl_cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static inline int gl_dispatch(const struct gl_cmd *cmds, int argc, char **argv)
{
	for (const struct gl_cmd *c = cmds; argc > 1 && c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->fn(argc - 1, argv + 1);
	fprintf(stderr, "usage: %s COMMAND (", gl_base(argv[0]));
	for (const struct gl_cmd *c = cmds; c->name; c++)
		fprintf(stderr, "%s%s", c == cmds ? "" : " ", c->name);
	fprintf(stderr, ")\n");
	return 2;
}

#endif
