/* gisa*: programs that need ISA-level-marked libraries (tests/glibc, the
 * isa_* cases).
 *
 * gisa, gisa4 (linked against the libraries): print the level each one
 * names; they start only on a processor with the levels, and ld.so
 * otherwise refuses them before anything runs.
 * gisa_dl LIB...: dlopen each LIB and print the outcome; after a refusal,
 * check that nothing of the library stays loaded.
 * gisa_main4: gisa_dl marked as needing x86-64-v4 itself. */
#include "gl.h"

#ifdef WITH_LIBS
const char *isa_level_name(void);
#endif

int main(int argc, char **argv)
{
#ifdef WITH_LIBS
	printf("libraries: %s\n", isa_level_name());
#endif
	for (int i = 1; i < argc; i++) {
		void *h = dlopen(argv[i], RTLD_NOW);
		if (h) {
			const char *(*name)(void) = (const char *(*)(void))dlsym(h, "isa_level_name");
			printf("dlopen %s: ok, %s\n", gl_base(argv[i]), name ? name() : "?");
			continue;
		}
		printf("dlopen %s: %s\n", gl_base(argv[i]), dlerror());
		gl_check(dlopen(argv[i], RTLD_NOW | RTLD_NOLOAD) == NULL, "not left loaded");
	}
	printf("main done\n");
	return 0;
}
