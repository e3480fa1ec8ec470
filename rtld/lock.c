/* The one lock that serialises the loader's state (the object list, the
 * scopes, TLS modules) across threads.  Recursive, because constructors
 * and IFUNC resolvers run under it and may call dlopen or dlsym; the owner
 * is identified by its thread pointer, so taking it costs no system call.
 * A three-state futex word: 0 free, 1 taken, 2 taken with waiters. */
#include "core.h"
#include "sys.h"
#include "tp.h"

#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static int word;
static void *owner;
static unsigned depth;

/* The futex word itself (also glibc's low-level lock, which the glibc
 * personality takes with these). */
void futex_word_lock(int *w)
{
	int c = 0;
	if (__atomic_compare_exchange_n(w, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		sys_futex(w, FUTEX_WAIT_PRIVATE, 2, 0);
		c = __atomic_exchange_n(w, 2, __ATOMIC_ACQUIRE);
	}
}

void futex_word_unlock(int *w)
{
	if (__atomic_exchange_n(w, 0, __ATOMIC_RELEASE) == 2)
		sys_futex(w, FUTEX_WAKE_PRIVATE, 1, 0);
}

void rtld_lock(void)
{
	void *me = arch_tp();
	if (__atomic_load_n(&owner, __ATOMIC_RELAXED) == me) {
		depth++;
		return;
	}
	futex_word_lock(&word);
	__atomic_store_n(&owner, me, __ATOMIC_RELAXED);
	depth = 1;
}

/* Never waits: for work that can be skipped when the lock is busy. */
bool rtld_trylock(void)
{
	void *me = arch_tp();
	if (__atomic_load_n(&owner, __ATOMIC_RELAXED) == me) {
		depth++;
		return true;
	}
	int c = 0;
	if (!__atomic_compare_exchange_n(&word, &c, 1, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return false;
	__atomic_store_n(&owner, me, __ATOMIC_RELAXED);
	depth = 1;
	return true;
}

/* In the child of a fork: another thread of the parent may have held the
 * lock, and that thread does not exist here.  The forking thread keeps
 * the lock if it held it (a constructor that forks). */
void rtld_lock_after_fork(void)
{
	if (__atomic_load_n(&owner, __ATOMIC_RELAXED) != arch_tp()) {
		owner = 0;
		depth = 0;
		word = 0;
	}
	readers_reset();
}

void rtld_unlock(void)
{
	if (--depth)
		return;
	__atomic_store_n(&owner, (void *)0, __ATOMIC_RELAXED);
	futex_word_unlock(&word);
}
