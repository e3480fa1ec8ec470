/* Writing to file descriptors and dying the way ld.so dies. */
#include "out.h"
#include "core.h"
#include "sys.h"
#include "util.h"

void r_write_all(int fd, const char *s, unsigned long n)
{
	while (n) {
		long w = sys_write(fd, s, n);
		if (w == -4)	/* EINTR */
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (unsigned long)w;
	}
}

int r_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	va_list cp;
	va_copy(cp, ap);
	int n = r_vsnprintf(buf, sizeof buf, fmt, cp);
	va_end(cp);
	if (n < (int)sizeof buf) {
		r_write_all(fd, buf, (unsigned long)n);
		return n;
	}
	/* Long lines (paths, --list of huge programs) get a heap buffer. */
	char *big = r_malloc((size_t)n + 1);
	if (!big) {
		r_write_all(fd, buf, sizeof buf - 1);
		return n;
	}
	r_vsnprintf(big, (size_t)n + 1, fmt, ap);
	r_write_all(fd, big, (unsigned long)n);
	r_free(big);
	return n;
}

int r_dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = r_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

static const char *prog(void)
{
	return R.progname ? R.progname : "rtld";
}

void fatal(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	r_vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r_dprintf(2, "%s: %s\n", prog(), buf);
	sys_exit_group(127);
}

void fatal_load(const char *name, const char *msg)
{
	r_dprintf(2, "%s: error while loading shared libraries: %s: %s\n", prog(), name, msg);
	sys_exit_group(127);
}

const char *errno_str(int err)
{
	switch (err) {
	case 1: return "Operation not permitted";
	case 2: return "No such file or directory";
	case 5: return "Input/output error";
	case 8: return "Exec format error";
	case 9: return "Bad file descriptor";
	case 12: return "Cannot allocate memory";
	case 13: return "Permission denied";
	case 20: return "Not a directory";
	case 21: return "Is a directory";
	case 22: return "Invalid argument";
	case 23: return "Too many open files in system";
	case 24: return "Too many open files";
	case 36: return "File name too long";
	case 40: return "Too many levels of symbolic links";
	default: return "Unknown error";
	}
}

void set_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	r_vsnprintf(R.errbuf, sizeof R.errbuf, fmt, ap);
	va_end(ap);
}

const char *last_error(void)
{
	return R.errbuf;
}
