/* More system calls, for the tests of testlibs/dl: files, memory, time,
 * futexes.  Each returns what the kernel returns (-errno on failure). */
#include "rt.h"

#define SYS_read 0
#define SYS_write 1
#define SYS_open 2
#define SYS_close 3
#define SYS_mmap 9
#define SYS_munmap 11
#define SYS_nanosleep 35
#define SYS_getpid 39
#define SYS_unlink 87
#define SYS_gettid 186
#define SYS_futex 202
#define SYS_clock_gettime 228

#define sys3(nr, a, b, c) rt_syscall6(nr, (long)(a), (long)(b), (long)(c), 0, 0, 0)

long rt_open(const char *path, int flags, int mode)
{
	return sys3(SYS_open, path, flags, mode);
}

long rt_read(int fd, void *buf, size_t n)
{
	long r;

	do
		r = sys3(SYS_read, fd, buf, n);
	while (r == -4 /* EINTR */);
	return r;
}

long rt_close(int fd)
{
	return sys3(SYS_close, fd, 0, 0);
}

long rt_unlink(const char *path)
{
	return sys3(SYS_unlink, path, 0, 0);
}

long rt_read_file(const char *path, char *buf, size_t size)
{
	long fd = rt_open(path, 0 /* O_RDONLY */, 0);
	size_t len = 0;

	if (fd < 0)
		return fd;
	while (len + 1 < size) {
		long r = rt_read((int)fd, buf + len, size - 1 - len);
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	rt_close((int)fd);
	buf[len] = '\0';
	return (long)len;
}

void *rt_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	long r = rt_syscall6(SYS_mmap, (long)addr, (long)len, prot, flags, fd, off);

	return r < 0 && r > -4096 ? NULL : (void *)r;
}

long rt_munmap(void *addr, size_t len)
{
	return sys3(SYS_munmap, addr, len, 0);
}

struct rt_timespec {
	long sec, nsec;
};

void rt_sleep_ns(long ns)
{
	struct rt_timespec t = {ns / 1000000000, ns % 1000000000};

	while (sys3(SYS_nanosleep, &t, &t, 0) == -4 /* EINTR */)
		;
}

long rt_now_ns(void)
{
	struct rt_timespec t;

	sys3(SYS_clock_gettime, 1 /* CLOCK_MONOTONIC */, &t, 0);
	return t.sec * 1000000000 + t.nsec;
}

long rt_getpid(void)
{
	return sys3(SYS_getpid, 0, 0, 0);
}

long rt_gettid(void)
{
	return sys3(SYS_gettid, 0, 0, 0);
}

/* Shared (not FUTEX_PRIVATE_FLAG) operations: the kernel's wake-up for
 * CLONE_CHILD_CLEARTID is a shared one. */
long rt_futex_wait(volatile int *addr, int val)
{
	return rt_syscall6(SYS_futex, (long)addr, 0 /* FUTEX_WAIT */, val, 0, 0, 0);
}

long rt_futex_wake(volatile int *addr, int n)
{
	return rt_syscall6(SYS_futex, (long)addr, 1 /* FUTEX_WAKE */, n, 0, 0, 0);
}
