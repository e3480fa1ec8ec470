/* gthreads: pthreads with thread-local storage in libraries, thread
 * cancellation, stacks, and fork while another thread is in dlopen. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gl.h"

extern __thread int gtls_counter;
extern __thread char gtls_name[32];
int gtls_bump(int by);
int gtls_check_initial(void);
int *gtls_addr(void);
int gtls_lazy_probe(void);

__thread int main_tls = 7;

/* ---- four threads, TLS of libgtls.so ---- */

enum { NT = 4 };
static pthread_barrier_t barrier;

struct result {
	int initial, counter, sum, own_errno, main_tls;
	char name[32];
	int *addr;
};

static void *tls_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct result *r = calloc(1, sizeof *r);
	r->initial = gtls_check_initial() && main_tls == 7;
	snprintf(gtls_name, sizeof gtls_name, "thread %d", id);
	main_tls = id;
	for (int i = 0; i < 1000; i++)
		r->sum = gtls_bump(id);
	errno = id;
	pthread_barrier_wait(&barrier);	/* all have written theirs */
	r->counter = gtls_counter;
	r->own_errno = errno;
	r->main_tls = main_tls;
	strcpy(r->name, gtls_name);
	r->addr = gtls_addr();
	pthread_barrier_wait(&barrier);	/* none has exited */
	return r;
}

static int c_tls(int argc, char **argv)
{
	(void)argc, (void)argv;
	pthread_t t[NT];
	struct result *r[NT];
	pthread_barrier_init(&barrier, NULL, NT);
	for (int i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)(intptr_t)(i + 1));
	for (int i = 0; i < NT; i++)
		pthread_join(t[i], (void **)&r[i]);
	int distinct = 1;
	for (int i = 0; i < NT; i++) {
		printf("thread %d: initial values %d, counter %d, sum %d, name \"%s\", errno %d, "
		       "exe variable %d\n", i + 1, r[i]->initial, r[i]->counter, r[i]->sum,
		       r[i]->name, r[i]->own_errno, r[i]->main_tls);
		for (int k = 0; k < i; k++)
			distinct &= r[k]->addr != r[i]->addr;
		distinct &= r[i]->addr != &gtls_counter;
	}
	gl_check(distinct, "each thread has its own copy");
	gl_check(gtls_check_initial() && main_tls == 7, "the main thread's copies are untouched");
	gl_check(gtls_addr() == &gtls_counter, "the library and the program see the same variable");
	return 0;
}

/* ---- TLS of a library loaded by dlopen ---- */

static int (*gd_get)(void);
static void (*gd_set)(int);
static int *(*gd_addr)(void);
static int fresh_fail;
static void *gdtls;

struct tls_data {
	void *data;
	size_t modid;
};

static int find_gdtls(struct dl_phdr_info *i, size_t size, void *arg)
{
	(void)size;
	if (strstr(i->dlpi_name, "libgdtls.so")) {
		struct tls_data *d = arg;
		d->data = i->dlpi_tls_data;
		d->modid = i->dlpi_tls_modid;
	}
	return 0;
}

/* What each of the four threads saw. */
static struct dyn_seen {
	int before_null, after_block, own_value, modid;
} dyn_seen[NT + 1];

static void *dyn_worker(void *arg)
{
	int id = (int)(intptr_t)arg;
	struct tls_data before = { 0 }, after = { 0 };
	dl_iterate_phdr(find_gdtls, &before);
	if (gd_get() != 42)
		__atomic_fetch_add(&fresh_fail, 1, __ATOMIC_RELAXED);
	dl_iterate_phdr(find_gdtls, &after);
	gd_set(id);
	if (id < 0)
		return NULL;
	pthread_barrier_wait(&barrier);
	struct dyn_seen *s = &dyn_seen[id];
	s->before_null = before.data == NULL;
	ptrdiff_t off = (char *)gd_addr() - (char *)after.data;
	s->after_block = after.data != NULL && off >= 0 && off < 20100;
	s->own_value = gd_get() == id;
	s->modid = after.modid != 0 && after.modid == before.modid;
	return NULL;
}

static int load_gdtls(void)
{
	void *h = gdtls = dlopen("libgdtls.so", RTLD_NOW);
	if (!h) {
		printf("dlopen: %s\n", dlerror());
		return 0;
	}
	gd_get = (int (*)(void))dlsym(h, "gd_get");
	gd_set = (void (*)(int))dlsym(h, "gd_set");
	gd_addr = (int *(*)(void))dlsym(h, "gd_addr");
	return gd_get && gd_set && gd_addr;
}

static int c_dyntls(int argc, char **argv)
{
	(void)argc, (void)argv;
	if (!load_gdtls())
		return 1;
	pthread_t t[NT];
	pthread_barrier_init(&barrier, NULL, NT);
	for (int i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, dyn_worker, (void *)(intptr_t)(i + 1));
	struct dyn_seen all = { 1, 1, 1, 1 };
	for (int i = 0; i < NT; i++) {
		pthread_join(t[i], NULL);
		all.before_null &= dyn_seen[i + 1].before_null;
		all.after_block &= dyn_seen[i + 1].after_block;
		all.own_value &= dyn_seen[i + 1].own_value;
		all.modid &= dyn_seen[i + 1].modid;
	}
	gl_check(!fresh_fail, "4 threads: the initial value");
	gl_check(all.own_value, "4 threads: each its own copy");
	gl_check(all.before_null, "4 threads: dlpi_tls_data is NULL before the first access");
	gl_check(all.after_block, "4 threads: dlpi_tls_data is the thread's block after it");
	gl_check(all.modid, "4 threads: dlpi_tls_modid");
	/* one after the other: the thread stacks (and their TLS) are reused */
	for (int i = 0; i < 100; i++) {
		pthread_t t1;
		pthread_create(&t1, NULL, dyn_worker, (void *)(intptr_t)-1);
		pthread_join(t1, NULL);
	}
	gl_check(!fresh_fail, "100 threads in turn each start with the initial value");
	gd_set(5);
	gl_check(gd_get() == 5 && *gd_addr() == 5, "the main thread's copy");
	dlclose(gdtls);
	gl_check(!gl_loaded("libgdtls.so"), "unloaded");
	if (!load_gdtls())
		return 1;
	gl_check(gd_get() == 42, "loaded again: the initial value in the main thread");
	pthread_t t1;
	pthread_create(&t1, NULL, dyn_worker, (void *)(intptr_t)-1);
	pthread_join(t1, NULL);
	gl_check(!fresh_fail, "loaded again: the initial value in a new thread");
	return 0;
}

/* ---- cancellation (libc loads libgcc_s.so.1 to unwind) ---- */

static void cleanup(void *what)
{
	printf("cleanup handler: %s\n", (const char *)what);
}

static void *sleeper(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "cancelled thread");
	pthread_barrier_wait(&barrier);
	for (;;)
		pause();
	pthread_cleanup_pop(0);
	return NULL;
}

static void *exiter(void *arg)
{
	(void)arg;
	pthread_cleanup_push(cleanup, "pthread_exit");
	pthread_exit((void *)17);
	pthread_cleanup_pop(0);
	return NULL;
}

static int c_cancel(int argc, char **argv)
{
	(void)argc, (void)argv;
	pthread_t t;
	void *r;
	pthread_barrier_init(&barrier, NULL, 2);
	pthread_create(&t, NULL, sleeper, NULL);
	pthread_barrier_wait(&barrier);
	pthread_cancel(t);
	pthread_join(t, &r);
	printf("joined: cancelled %d\n", r == PTHREAD_CANCELED);
	pthread_create(&t, NULL, exiter, NULL);
	pthread_join(t, &r);
	printf("joined: pthread_exit value %d\n", (int)(intptr_t)r);
	printf("libgcc_s.so.1 loaded: %d\n", gl_loaded("libgcc_s.so.1"));
	return 0;
}

/* ---- stacks ---- */

static int attr_has(pthread_t t, void *addr, size_t min)
{
	pthread_attr_t a;
	void *base;
	size_t size;
	if (pthread_getattr_np(t, &a))
		return 0;
	pthread_attr_getstack(&a, &base, &size);
	pthread_attr_destroy(&a);
	return (char *)addr >= (char *)base && (char *)addr < (char *)base + size && size >= min;
}

static void *stack_worker(void *arg)
{
	(void)arg;
	int local;
	return (void *)(intptr_t)attr_has(pthread_self(), &local, 1 << 20);
}

static int c_stack(int argc, char **argv)
{
	(void)argc, (void)argv;
	int local;
	gl_check(attr_has(pthread_self(), &local, 1 << 16), "pthread_getattr_np: the main "
		 "thread's stack holds a local variable");
	pthread_attr_t a;
	pthread_attr_init(&a);
	pthread_attr_setstacksize(&a, 2 << 20);
	pthread_t t;
	void *r;
	pthread_create(&t, &a, stack_worker, NULL);
	pthread_join(t, &r);
	gl_check(r != NULL, "pthread_getattr_np: a 2 MiB thread stack holds a local variable");
	return 0;
}

/* ---- fork while another thread is inside dlopen ---- */

static int to_main[2], to_ctor[2];

void gslow_hook(void)
{
	char c = 0;
	if (write(to_main[1], &c, 1) != 1 || read(to_ctor[0], &c, 1) != 1)
		abort();
}

static void *slow_loader(void *arg)
{
	(void)arg;
	void *h = dlopen("libgslow.so", RTLD_NOW);
	NO_TAIL_CALL();
	return h;
}

static void print_status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s exited %d\n", who, WEXITSTATUS(st));
	else
		printf("%s killed by %s\n", who, sigabbrev_np(WTERMSIG(st)));
}

/* While a thread runs libgslow.so's constructor (inside dlopen), the
 * program forks; the child calls a function of libgtls.so for the first
 * time (lazy binding), then dlopen and dlsym.  Whatever else the parent
 * and the child call was called once before the thread started, so that
 * only those three need the dynamic linker. */
static int c_forklock(int argc, char **argv)
{
	(void)argc, (void)argv;
	int st;
	if (pipe(to_main) || pipe(to_ctor))
		return 1;
	printf("binding what the parent and the child use\n");
	fflush(stdout);
	alarm(0);
	dlsym(RTLD_DEFAULT, "gd_get");
	dlerror();
	syscall(SYS_getpid);
	pid_t pid = fork();
	if (pid == 0)
		syscall(SYS_exit_group, 0);
	waitpid(pid, &st, 0);
	print_status("first child", st);

	pthread_t t;
	pthread_create(&t, NULL, slow_loader, NULL);
	char c;
	if (read(to_main[0], &c, 1) != 1)
		return 1;
	printf("a thread is in libgslow.so's constructor\n");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		alarm(3);
		printf("child: lazy call %d\n", gtls_lazy_probe());
		fflush(stdout);
		void *h = dlopen("libgdtls.so", RTLD_NOW);
		printf("child: dlopen %s\n", h ? "ok" : dlerror());
		fflush(stdout);
		printf("child: dlsym %s\n", h && dlsym(h, "gd_get") ? "ok" : "failed");
		fflush(stdout);
		syscall(SYS_exit_group, 0);
	}
	waitpid(pid, &st, 0);
	if (write(to_ctor[1], &c, 1) != 1)
		return 1;
	void *h;
	pthread_join(t, &h);
	print_status("child", st);
	printf("parent: dlopen of libgslow.so %s\n", h ? "ok" : dlerror());
	return 0;
}

/* ---- constructors and destructors that wait for a thread ---- */

/* libgthr.so's constructor or destructor (see thr_lib.c) waits for a
 * thread that needs lazy binding; a deadlock would end with SIGALRM. */
static void *load_thr(void)
{
	alarm(3);
	void *h = dlopen("libgthr.so", RTLD_LAZY);
	printf("dlopen: %s\n", h ? "ok" : dlerror());
	fflush(stdout);
	return h;
}

static int c_ctorthread(int argc, char **argv)
{
	(void)argc, (void)argv;
	setenv("GL_CTOR_THREAD", "1", 1);
	load_thr();
	return 0;
}

static int c_dtorthread(int argc, char **argv)
{
	(void)argc, (void)argv;
	setenv("GL_DTOR_THREAD", "1", 1);
	void *h = load_thr();
	printf("dlclose: %d\n", dlclose(h));
	return 0;
}

static int c_exitthread(int argc, char **argv)
{
	(void)argc, (void)argv;
	setenv("GL_DTOR_THREAD", "1", 1);
	load_thr();
	printf("returning from main\n");
	return 0;
}

/* ---- lazy binding racing with changes to the global scope ---- */

/* Each worker loads libglazyuse.so (its 300 PLT slots bind on the first
 * lazy_sum call) and unloads it, again and again, while the main thread
 * adds and removes a library to and from the global scope. */
enum { RACE_WORKERS = 3, RACE_ROUNDS = 40 };
static int race_finished;

static void *race_worker(void *arg)
{
	(void)arg;
	long bad = 0;
	for (int i = 0; i < RACE_ROUNDS; i++) {
		void *h = dlopen("libglazyuse.so", RTLD_LAZY);
		long (*sum)(void) = h ? (long (*)(void))dlsym(h, "lazy_sum") : NULL;
		if (!sum || sum() != 74850)
			bad++;
		if (h)
			dlclose(h);
	}
	__atomic_add_fetch(&race_finished, 1, __ATOMIC_RELEASE);
	return (void *)bad;
}

static int c_lazyrace(int argc, char **argv)
{
	(void)argc, (void)argv;
	pthread_t t[RACE_WORKERS];
	for (int i = 0; i < RACE_WORKERS; i++)
		pthread_create(&t[i], NULL, race_worker, NULL);
	long churn = 0;
	while (__atomic_load_n(&race_finished, __ATOMIC_ACQUIRE) < RACE_WORKERS && churn < 100000) {
		void *h = dlopen("libgdtls.so", RTLD_NOW | RTLD_GLOBAL);
		if (h)
			dlclose(h);
		churn++;
	}
	long bad = 0;
	for (int i = 0; i < RACE_WORKERS; i++) {
		void *r = NULL;
		if (pthread_join(t[i], &r) == 0)
			bad += (long)r;
	}
	printf("%d workers x %d loads of libglazyuse.so: %ld wrong sums\n", RACE_WORKERS,
	       RACE_ROUNDS, bad);
	return 0;
}

/* ---- a library that needs an executable stack ---- */

static const char *stack_perms(void *addr)
{
	static char perms[8];
	FILE *f = fopen("/proc/self/maps", "r");
	char line[512];
	strcpy(perms, "none");
	while (f && fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		char p[8];
		if (sscanf(line, "%lx-%lx %7s", &lo, &hi, p) == 3 && (uintptr_t)addr >= lo &&
		    (uintptr_t)addr < hi)
			strcpy(perms, p);
	}
	if (f)
		fclose(f);
	return perms;
}

static void *early_thread(void *arg)
{
	int local;
	*(void **)arg = &local;
	pthread_barrier_wait(&barrier);	/* main: the address is known */
	pthread_barrier_wait(&barrier);	/* main: done looking */
	return NULL;
}

static void *late_thread(void *arg)
{
	(void)arg;
	int local;
	return strdup(stack_perms(&local));
}

static int c_execstack(int argc, char **argv)
{
	(void)argc, (void)argv;
	int local;
	void *early_local;
	pthread_t early, late;
	pthread_barrier_init(&barrier, NULL, 2);
	pthread_create(&early, NULL, early_thread, &early_local);
	pthread_barrier_wait(&barrier);
	printf("before: main stack %s, thread stack %s\n", stack_perms(&local),
	       stack_perms(early_local));
	void *h = dlopen("libgexecstack.so", RTLD_NOW);
	printf("dlopen: %s\n", h ? "ok" : dlerror());
	printf("after: main stack %s, earlier thread's stack %s\n", stack_perms(&local),
	       stack_perms(early_local));
	pthread_barrier_wait(&barrier);
	pthread_join(early, NULL);
	void *perms;
	pthread_create(&late, NULL, late_thread, NULL);
	pthread_join(late, &perms);
	printf("after: new thread's stack %s\n", (char *)perms);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct gl_cmd cmds[] = {
		{ "tls", c_tls }, { "dyntls", c_dyntls }, { "cancel", c_cancel },
		{ "stack", c_stack }, { "forklock", c_forklock }, { "ctorthread", c_ctorthread },
		{ "dtorthread", c_dtorthread }, { "exitthread", c_exitthread },
		{ "execstack", c_execstack }, { "lazyrace", c_lazyrace },
		{ 0, 0 },
	};
	return gl_dispatch(cmds, argc, argv);
}
