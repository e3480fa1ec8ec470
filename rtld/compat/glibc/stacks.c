/* Thread stacks that must become executable (a library's PT_GNU_STACK
 * asks for it).  libc keeps its threads' stacks in GL(dl_stack_used) and
 * its cache in GL(dl_stack_cache), under GL(dl_stack_cache_lock); new
 * stacks follow GL(dl_stack_flags). */
#include "glibc.h"
#include "sys.h"

#define EXPORT __attribute__((visibility("default")))

/* A thread's stack, without its guard area (at the low end), becomes
 * executable. */
EXPORT int __nptl_change_stack_perm(void *pd)
{
	char *block = FIELD(pd, GLIBC_OFF_PTHREAD_STACKBLOCK, char *);
	size_t size = FIELD(pd, GLIBC_OFF_PTHREAD_STACKBLOCK_SIZE, size_t);
	size_t guard = FIELD(pd, GLIBC_OFF_PTHREAD_GUARDSIZE, size_t);
	long r = sys_mprotect(block + guard, size - guard, R_PROT_READ | R_PROT_WRITE | R_PROT_EXEC);
	return r < 0 ? (int)-r : 0;
}

static int change_list(char *head)
{
	for (char *e = FIELD(head, 0, char *); e != head; e = FIELD(e, 0, char *)) {
		int err = __nptl_change_stack_perm(e - GLIBC_OFF_PTHREAD_LIST);
		if (err)
			return err;
	}
	return 0;
}

int glibc_stacks_executable(void)
{
	GL(GLIBC_OFF_GL_DL_STACK_FLAGS, int) |= PF_X;
	/* libc's low-level lock: the same three-state futex word as rtld's. */
	int *lock = &GL(GLIBC_OFF_GL_DL_STACK_CACHE_LOCK, int);
	futex_word_lock(lock);
	int err = change_list(_rtld_global + GLIBC_OFF_GL_DL_STACK_USED);
	if (!err)
		err = change_list(_rtld_global + GLIBC_OFF_GL_DL_STACK_CACHE);
	futex_word_unlock(lock);
	return err;
}
