/* Threads made with clone(2), for the tests of testlibs/dl.  The caller
 * supplies the thread pointer (the new thread's %fs), normally from its
 * dynamic linker's TLS interface; rt knows nothing about TLS. */
#include "rt.h"

#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_THREAD 0x00010000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000

#define STACK_SIZE (256 * 1024)

long rt_clone(unsigned long flags, void *stack, volatile int *ptid, volatile int *ctid,
	      void *tls, int (*fn)(void *), void *arg);

static int entry(void *p)
{
	struct rt_thread *t = p;

	t->ret = t->fn(t->arg);
	return 0;
}

int rt_thread_start(struct rt_thread *t, void *tp, int (*fn)(void *), void *arg)
{
	t->fn = fn;
	t->arg = arg;
	t->ret = 0;
	t->stack_size = STACK_SIZE;
	t->stack = rt_mmap(NULL, STACK_SIZE, 3 /* PROT_READ|PROT_WRITE */,
			   0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
	if (!t->stack)
		return -12; /* ENOMEM */
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
			      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID |
			      CLONE_CHILD_CLEARTID;
	long r = rt_clone(flags, (char *)t->stack + STACK_SIZE, &t->tid, &t->tid, tp, entry, t);
	if (r < 0) {
		rt_munmap(t->stack, STACK_SIZE);
		return (int)r;
	}
	return 0;
}

int rt_thread_join(struct rt_thread *t)
{
	int tid;

	/* the kernel clears tid and wakes us when the thread has exited */
	while ((tid = t->tid) != 0)
		rt_futex_wait(&t->tid, tid);
	rt_munmap(t->stack, t->stack_size);
	return t->ret;
}
