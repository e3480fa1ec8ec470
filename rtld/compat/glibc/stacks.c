/* Thread stacks that must become executable (a library's PT_GNU_STACK
 * asks for it).  libc keeps its threads' stacks in GL(dl_stack_used) and
 * its cache in GL(dl_stack_cache), under GL(dl_stack_cache_lock); new
 * stacks follow GL(dl_stack_flags). */
#include "glibc.h"
#include "sys.h"

#define EXPORT __attribute__((visibility("default")))
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

/* libc's stack cache lock is its low-level lock: 0 free, 1 taken, 2 taken
 * with waiters. */
static void lll_lock(int *w)
{
	int c = 0;
	if (__atomic_compare_exchange_n(w, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	while (__atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE) != 0)
		sys_futex(w, FUTEX_WAIT_PRIVATE, 2, 0);
}

static void lll_unlock(int *w)
{
	if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) > 1)
		sys_futex(w, FUTEX_WAKE_PRIVATE, 1, 0);
}

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
	int *lock = &GL(GLIBC_OFF_GL_DL_STACK_CACHE_LOCK, int);
	lll_lock(lock);
	int err = change_list(_rtld_global + GLIBC_OFF_GL_DL_STACK_USED);
	if (!err)
		err = change_list(_rtld_global + GLIBC_OFF_GL_DL_STACK_CACHE);
	lll_unlock(lock);
	return err;
}
