/* Lookups that run without the loader's lock: lazy binding.
 *
 * Constructors and destructors run with the lock held (dlopen, dlclose,
 * exit).  If one of them waits for another thread, and that thread makes
 * its first call through a PLT slot, a locked lazy binder would wait for
 * the constructor forever.  glibc binds without its lock; so does rtld.
 *
 * The protocol, which only costs readers two atomic additions:
 *  - a lock-free reader counts itself in `active` for the duration of a
 *    lookup and never changes shared state (lookup.c returns LOOKUP_BUSY
 *    when the answer needs a change: it then takes the lock);
 *  - writers (who hold the lock) publish new arrays before the lengths
 *    that cover them, and free what a reader may still be reading only
 *    after readers_wait() saw no reader.  Lookups are short and never
 *    block, so the wait is short too. */
#include "core.h"
#include "sys.h"
#include "tp.h"

static unsigned long active;

void readers_enter(void)
{
	/* Sequentially consistent: a writer that then waits sees us, or we
	 * see everything it published before waiting. */
	__atomic_add_fetch(&active, 1, __ATOMIC_SEQ_CST);
}

void readers_leave(void)
{
	__atomic_sub_fetch(&active, 1, __ATOMIC_RELEASE);
}

void readers_wait(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (unsigned spins = 0; __atomic_load_n(&active, __ATOMIC_ACQUIRE); spins++) {
		if (spins < 100)
			arch_relax();
		else
			sys_sched_yield();
	}
}

/* In a child after fork only the forking thread exists: readers that
 * were counted in other threads are gone. */
void readers_reset(void)
{
	__atomic_store_n(&active, 0, __ATOMIC_RELAXED);
}
