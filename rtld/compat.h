/* The seam between the libc-agnostic core and a C library's private
 * contract with its dynamic linker.  The core calls only these hooks; each
 * personality lives in compat/<libc>/ and the core never includes its
 * headers. */
#ifndef RTLD_COMPAT_H
#define RTLD_COMPAT_H

#include <stdbool.h>
#include <stddef.h>

struct obj;

struct personality {
	const char *name;
	/* Whether rtld runs the executable's own DT_INIT/DT_INIT_ARRAY (a
	 * libc's start-up code may do that itself, as glibc's does). */
	bool runs_exe_init;
	/* Bytes of thread control block at the thread pointer (at least
	 * sizeof(struct rtld_tcb)); static TLS lies below it. */
	size_t tcb_size;
	/* rtld's own API (version RTLD_1.0) stays out of symbol lookups: the
	 * C library has its own dlopen and friends, which ld.so does not
	 * export. */
	bool hides_rtld_api;
	/* The main thread's TCB, just after %fs is set (before relocation,
	 * so IFUNC resolvers and the stack protector find what they need). */
	void (*init_main_thread)(void *tp);
	/* After the TLS layout, before relocation. */
	void (*before_reloc)(void);
	/* After relocation of every object, before any initialiser. */
	void (*before_init)(void);
	/* After dlopen or dlclose changed the set of objects. */
	void (*objects_changed)(void);
	/* dlclose is about to free o (NULL: nothing to do). */
	void (*obj_gone)(struct obj *o);
	/* thread_local destructors the C library registered for o that have
	 * not run yet (NULL: none are tracked outside rtld). */
	unsigned long (*dtors_pending)(struct obj *o);
	/* Every thread stack must now be executable (the main thread's is):
	 * nonzero on failure.  NULL: there are no other stacks to know. */
	int (*stacks_executable)(void);
	/* Dynamic TLS blocks (a libc may free them itself); NULL: rtld's. */
	void *(*tls_alloc)(size_t size);
	void (*tls_free)(void *p);
	/* Bytes of static TLS kept after the initial modules for the
	 * initial-exec TLS of objects loaded later; NULL: rtld's default. */
	size_t (*tls_surplus)(void);
};

extern const struct personality *personality;
extern const struct personality personality_none;

/* Chooses the personality for the loaded program (compat/select.c):
 * glibc's when libc.so.6 is loaded, else none.  Exits with a message
 * when the program needs a personality this build cannot provide. */
void personality_select(void);
/* rtld --list-tunables (exits). */
void personality_list_tunables(void);
/* rtld --list-diagnostics (exits). */
void personality_list_diagnostics(void);
/* For --version: the personalities this build has. */
const char *personality_list(void);
/* At start-up, before anything is loaded and before env_process reads the
 * LD_* variables: the variables of the C libraries built in, which their
 * dynamic linkers read for every program (and, in secure mode, rewrite or
 * remove) whatever it turns out to load.  glibc: its tunables. */
void personality_read_env(void);

#endif
