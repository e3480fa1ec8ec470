/* Helpers of the run-time loading tests (testlibs/dl).
 *
 * Most test programs are built twice (see meson.build): freestanding with
 * rt and rtld's librtld.so (t_*), run under rtld; and as an ordinary
 * glibc program (g_*), run under glibc's ld.so.  Both builds must print
 * the same thing: that checks the recorded expectations against glibc.
 * Only the thread helper differs between the two (dlt_thread_*.c). */
#ifndef DLT_H
#define DLT_H

#include "rt.h"
#include "rtld/dlfcn.h"

#pragma GCC visibility push(hidden)

/* A thread: clone with a thread pointer from rtld_tls_alloc, or pthreads. */
struct dlt_thread {
	struct rt_thread rt;
	void *tp;
	unsigned long handle;
};
int dlt_thread_start(struct dlt_thread *t, int (*fn)(void *), void *arg);
int dlt_thread_join(struct dlt_thread *t);

/* One-shot events between threads. */
void dlt_signal(volatile int *ev);
void dlt_wait(volatile int *ev);

/* The program's directory (from argv[0]), and NAME in it. */
void dlt_set_dir(const char *argv0);
const char *dlt_path(const char *name);

/* dlerror() must return WANT (NULL: no error); prints "ok WHAT" or the
 * difference. */
int dlt_check_error(const char *want, const char *what);
/* Prints "LABEL: <dlerror()>" (or "LABEL: no error"). */
void dlt_print_error(const char *label);

/* Whether an object named NAME (its last path component) is in
 * dl_iterate_phdr's list, or mapped according to /proc/self/maps. */
int dlt_listed(const char *name);
int dlt_mapped(const char *name);
/* dl_iterate_phdr's list (name and address of each object), to compare
 * before and after an operation that must leave no trace. */
void dlt_snapshot(char *buf, size_t size);
/* dl_iterate_phdr's counters and object count. */
struct dlt_counts {
	unsigned long long adds, subs;
	int objects;
};
struct dlt_counts dlt_counts(void);
/* The dl_phdr_info of the object named NAME, copied; 0 if absent. */
int dlt_phdr_info(const char *name, struct dl_phdr_info *out);
/* The base name of a path, "" for NULL. */
const char *dlt_base(const char *path);
/* VmRSS of the process in kB, from /proc/self/status. */
long dlt_vmrss_kb(void);

#pragma GCC visibility pop

#endif
