/* Threads for the glibc builds (g_*): pthreads.  This file sees glibc's
 * headers; the others see only rt.h and rtld/dlfcn.h. */
#include <pthread.h>
#include "dlt.h"

static void *run(void *p)
{
	struct dlt_thread *t = p;

	t->rt.ret = t->rt.fn(t->rt.arg);
	return NULL;
}

int dlt_thread_start(struct dlt_thread *t, int (*fn)(void *), void *arg)
{
	pthread_t id;

	t->rt.fn = fn;
	t->rt.arg = arg;
	if (pthread_create(&id, NULL, run, t) != 0)
		return -1;
	t->handle = (unsigned long)id;
	return 0;
}

int dlt_thread_join(struct dlt_thread *t)
{
	pthread_join((pthread_t)t->handle, NULL);
	return t->rt.ret;
}
