/* System calls. */
#include "rt.h"

long rt_syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

long rt_write(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	size_t done = 0;

	while (done < n) {
		long r = rt_syscall6(1 /* write */, fd, (long)(p + done), (long)(n - done), 0, 0, 0);
		if (r == -4 /* EINTR */)
			continue;
		if (r <= 0)
			return done ? (long)done : r;
		done += (size_t)r;
	}
	return (long)done;
}

_Noreturn void rt_exit(int status)
{
	for (;;)
		rt_syscall6(231 /* exit_group */, status, 0, 0, 0, 0, 0);
}
