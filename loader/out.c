/* Output: --show-auxv and --show-stack go to stdout through one buffer;
 * errors go to stderr as "ulexec: ..." and end the process. */
#include <stdarg.h>
#include "ulexec.h"

static char buf[8192];
static size_t used;

static void put(int fd, const char *s, size_t n)
{
	while (n) {
		long w = sys_write(fd, s, n);
		if (w == -EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

void out_flush(void)
{
	put(1, buf, used);
	used = 0;
}

/* Lines longer than the buffer are cut (only environment strings can be,
 * and --show-stack abbreviates those itself). */
void out(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = r_vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	size_t len = n < (int)sizeof line ? (size_t)n : sizeof line - 1;
	if (used + len > sizeof buf)
		out_flush();
	r_memcpy(buf + used, line, len);
	used += len;
}

void die(int status, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = r_vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	size_t len = n < (int)sizeof line - 1 ? (size_t)n : sizeof line - 2;
	line[len++] = '\n';
	out_flush();
	put(2, "ulexec: ", 8);
	put(2, line, len);
	sys_exit_group(status);
}

static const char *const errtext[] = {
	[EPERM] = "Operation not permitted",
	[ENOENT] = "No such file or directory",
	[EIO] = "Input/output error",
	[E2BIG] = "Argument list too long",
	[ENOEXEC] = "Exec format error",
	[ENOMEM] = "Cannot allocate memory",
	[EACCES] = "Permission denied",
	[EEXIST] = "File exists",
	[ENOTDIR] = "Not a directory",
	[EISDIR] = "Is a directory",
	[EINVAL] = "Invalid argument",
	[ENFILE] = "Too many open files in system",
	[EMFILE] = "Too many open files",
	[ETXTBSY] = "Text file busy",
	[ENAMETOOLONG] = "File name too long",
	[ELOOP] = "Too many levels of symbolic links",
	[ELIBBAD] = "Accessing a corrupted shared library",
};

const char *errno_text(int err)
{
	if (err > 0 && err < (int)(sizeof errtext / sizeof errtext[0]) && errtext[err])
		return errtext[err];
	return "Unknown error";
}

/* bash: "No such file or directory" and "required file not found" are
 * 127, everything else that stops a found command is 126. */
int errno_status(int err)
{
	return err == ENOENT ? ST_NOTFOUND : ST_NOEXEC;
}
