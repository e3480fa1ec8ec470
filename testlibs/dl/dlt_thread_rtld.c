/* Threads for the freestanding builds: rtld's TLS interface and clone. */
#include "dlt.h"
#include "rtld/tls.h"

int dlt_thread_start(struct dlt_thread *t, int (*fn)(void *), void *arg)
{
	t->tp = rtld_tls_alloc(sizeof(struct rtld_tcb));
	if (!t->tp)
		return -1;
	if (rt_thread_start(&t->rt, t->tp, fn, arg) < 0) {
		rtld_tls_free(t->tp);
		return -1;
	}
	return 0;
}

int dlt_thread_join(struct dlt_thread *t)
{
	int ret = rt_thread_join(&t->rt);

	rtld_tls_free(t->tp);
	return ret;
}
