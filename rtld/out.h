/* Output and fatal errors. */
#ifndef RTLD_OUT_H
#define RTLD_OUT_H

#include <stdarg.h>

int r_dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int r_vdprintf(int fd, const char *fmt, va_list ap);
void r_write_all(int fd, const char *s, unsigned long n);

/* Prints "<prog>: <fmt...>\n" like ld.so and exits with status 127. */
__attribute__((noreturn, format(printf, 1, 2))) void fatal(const char *fmt, ...);

/* "<prog>: error while loading shared libraries: <name>: <msg>", 127. */
__attribute__((noreturn)) void fatal_load(const char *name, const char *msg);

/* errno values as ld.so prints them ("No such file or directory"). */
const char *errno_str(int err);

#endif
