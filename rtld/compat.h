/* The seam between the libc-agnostic core and a C library's private
 * contract with its dynamic linker.  The core calls only these hooks; each
 * personality lives in compat/<libc>/ and the core never includes its
 * headers. */
#ifndef RTLD_COMPAT_H
#define RTLD_COMPAT_H

#include <stdbool.h>

struct personality {
	const char *name;
	/* Whether rtld runs the executable's own DT_INIT/DT_INIT_ARRAY (a
	 * libc's start-up code may do that itself, as glibc's does). */
	bool runs_exe_init;
	/* After relocation of every object, before any initialiser. */
	void (*before_init)(void);
};

extern const struct personality *personality;
extern const struct personality personality_none;

#endif
