/* rt: a tiny freestanding runtime for the rtld test programs and libraries.
 *
 * Everything here has hidden visibility: each executable and each shared
 * library links its own private copy of the runtime, so no test object has
 * a dynamic dependency on another one just for printing.  All output is
 * written with write(2) directly (no buffering), so the interleaving of
 * lines printed by different objects is exactly the order of the calls. */
#ifndef RT_RT_H
#define RT_RT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#pragma GCC visibility push(hidden)

/* Read X as if something else could have changed it: keeps GCC from
 * folding a load from initialised static data into a constant, so that the
 * value really comes from the memory the dynamic linker relocated. */
#define RT_LOAD(x) (*(__typeof__(x) volatile *)&(x))

/* Token pasting and stringizing after macro expansion, for sources built
 * several times with different -D names. */
#define RT_CAT_(a, b) a##b
#define RT_CAT(a, b) RT_CAT_(a, b)
#define RT_STR_(x) #x
#define RT_STR(x) RT_STR_(x)

/* system calls */
long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f);
long rt_write(int fd, const void *buf, size_t n);
_Noreturn void rt_exit(int status);

/* output: rt_print writes a string, rt_puts adds a newline */
void rt_print(const char *s);
void rt_puts(const char *s);
/* printf subset: %s %d %i %u %x %lx %ld %lu %p %c %%, with optional 'l' and
 * a field width for numbers (e.g. %08lx). */
int rt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_eprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int rt_vdprintf(int fd, const char *fmt, va_list ap);
int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* strings */
size_t rt_strlen(const char *s);
int rt_strcmp(const char *a, const char *b);
int rt_strncmp(const char *a, const char *b, size_t n);
const char *rt_basename(const char *path);

/* environment: the executable's _start sets it; in a library a
 * constructor of the runtime sets it from the constructor's envp. */
extern char **rt_environ;
const char *rt_getenv(const char *name);
const char *rt_getenv_from(char **envp, const char *name);

/* Set by the executable's _start: the auxiliary vector. */
extern unsigned long *rt_auxv;
unsigned long rt_getauxval(unsigned long type);

/* Self-checks: print "ok <what>" or "FAIL <what>: got .. want ..", and
 * count failures; a test program returns rt_failures() from main. */
int rt_check(int cond, const char *what);
int rt_check_long(long got, long want, const char *what);
int rt_check_str(const char *got, const char *want, const char *what);
int rt_failures(void);

/* Skip the whole test: prints "SKIP <why>" and exits with status 77. */
_Noreturn void rt_skip(const char *why);

/* Named groups of checks, selected by the program's arguments (all of them
 * when there is none).  Returns the exit status for main: the failure
 * count, or 2 for an unknown group name. */
struct rt_group {
	const char *name;
	void (*fn)(void);
};
int rt_run_groups(int argc, char **argv, const struct rt_group *groups, size_t n);
#define RT_RUN_GROUPS(argc, argv, groups) \
	rt_run_groups(argc, argv, groups, sizeof(groups) / sizeof((groups)[0]))

/* ELF self-inspection of the module that calls these (executable or
 * library): its load base, whether an address lies inside it, and the
 * .got.plt slot that a JUMP_SLOT relocation for NAME patches. */
uintptr_t rt_self_base(void);
int rt_in_self(const void *p);
void **rt_plt_slot(const char *name);

/* CPU features (cpuid + xgetbv): AVX usable by user code */
int rt_have_avx(void);
int rt_have_avx512f(void);

/* More system calls (sysx.c; not in the rt library itself: testlibs/dl
 * builds them).  Return values are the kernel's, -errno on failure. */
long rt_open(const char *path, int flags, int mode);
long rt_read(int fd, void *buf, size_t n);
long rt_close(int fd);
long rt_unlink(const char *path);
/* Reads a whole (small) file into buf, NUL-terminated; returns its length. */
long rt_read_file(const char *path, char *buf, size_t size);
void *rt_mmap(void *addr, size_t len, int prot, int flags, int fd, long off); /* NULL: failed */
long rt_munmap(void *addr, size_t len);
void rt_sleep_ns(long ns);
long rt_now_ns(void);			/* CLOCK_MONOTONIC */
long rt_getpid(void);
long rt_gettid(void);
long rt_futex_wait(volatile int *addr, int val);
long rt_futex_wake(volatile int *addr, int n);

/* Threads made with clone(2) (thread.c, clone.S).  tp becomes the new
 * thread's %fs (CLONE_SETTLS): the caller gets it from its dynamic linker.
 * join waits until the thread has exited and returns fn's result. */
struct rt_thread {
	volatile int tid;	/* set by clone, cleared by the kernel at exit */
	int ret;
	int (*fn)(void *);
	void *arg;
	void *stack;
	size_t stack_size;
};
int rt_thread_start(struct rt_thread *t, void *tp, int (*fn)(void *), void *arg);
int rt_thread_join(struct rt_thread *t);

#pragma GCC visibility pop

#endif
