/* t_dlstress: 4 threads dlopen, dlsym, call and dlclose libraries in a
 * loop for about 2 seconds, while using dl_iterate_phdr and dladdr.  Each
 * thread has a library of its own (whose TLS must start afresh at every
 * load) and all share one.  No crash, no deadlock (the runner's timeout),
 * and the memory used stays bounded. */
#include "dlt.h"

#define THREADS 4
#define WARMUP_NS 500000000L
#define RUN_NS 1500000000L

struct worker {
	struct dlt_thread t;
	int n;
	long deadline;
	long loops, errors, stale;
	char error[256];
};

static int nop_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)info;
	(void)size;
	++*(int *)data;
	return 0;
}

static void fail(struct worker *w, const char *what)
{
	const char *e = dlerror();

	if (!w->errors++)
		rt_snprintf(w->error, sizeof w->error, "%s: %s", what, e ? e : "no error");
}

static int work(void *arg)
{
	struct worker *w = arg;
	char own[32];

	rt_snprintf(own, sizeof own, "libdlst%d.so", w->n);
	while (rt_now_ns() < w->deadline) {
		void *h = dlopen(own, RTLD_NOW);
		void *c = dlopen("libdlst9.so", (w->loops & 1) ? RTLD_LAZY : RTLD_NOW | RTLD_GLOBAL);
		if (!h || !c) {
			fail(w, "dlopen");
			break;
		}
		long (*f)(long) = (long (*)(long))dlsym(h, "st_work");
		long (*g)(long) = (long (*)(long))dlsym(c, "st_work");
		if (!f || !g) {
			fail(w, "dlsym");
			break;
		}
		/* its own library was unloaded at the end of the last loop */
		if (f(1) != w->n + 2)
			w->stale++;
		g(1);
		Dl_info info;
		if (!dladdr((void *)f, &info) || info.dli_saddr != (void *)f)
			fail(w, "dladdr");
		int objects = 0;
		dl_iterate_phdr(nop_cb, &objects);
		if (dlclose(h) || dlclose(c)) {
			fail(w, "dlclose");
			break;
		}
		w->loops++;
	}
	return 0;
}

static void run(struct worker *w, long ns)
{
	long deadline = rt_now_ns() + ns;

	for (int i = 0; i < THREADS; i++) {
		w[i].n = i;
		w[i].deadline = deadline;
		if (dlt_thread_start(&w[i].t, work, &w[i]) < 0) {
			rt_check(0, "thread started");
			rt_exit(1);
		}
	}
	for (int i = 0; i < THREADS; i++)
		dlt_thread_join(&w[i].t);
}

int main(void)
{
	static struct worker w[THREADS];

	run(w, WARMUP_NS);
	long rss0 = dlt_vmrss_kb();
	run(w, RUN_NS);
	long rss1 = dlt_vmrss_kb();
	long loops = 0, errors = 0, stale = 0;
	for (int i = 0; i < THREADS; i++) {
		loops += w[i].loops;
		errors += w[i].errors;
		stale += w[i].stale;
		if (w[i].errors)
			rt_printf("thread %d: %s\n", i, w[i].error);
	}
	rt_check(loops >= 4 * THREADS, "every thread looped");
	rt_check_long(errors, 0, "no failed call");
	rt_check_long(stale, 0, "a thread's own library starts with fresh TLS at every load");
	rt_check(!dlt_listed("libdlst0.so") && !dlt_listed("libdlst9.so"), "all unloaded");
	if (!rt_check(rss0 > 0 && rss1 - rss0 < 4096, "VmRSS grew by less than 4 MiB"))
		rt_printf("VmRSS %ld kB -> %ld kB over %ld loops\n", rss0, rss1, loops);
	if (rt_getenv("DLT_VERBOSE"))
		rt_printf("%ld loops, VmRSS %ld kB -> %ld kB\n", loops, rss0, rss1);
	rt_exit(rt_failures());
}
