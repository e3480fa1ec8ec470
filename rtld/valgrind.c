/* Valgrind's memcheck refuses to start a program unless the object whose
 * soname is ld-linux-x86-64.so.2 has a symbol named strlen: it replaces
 * that function (its "mandatory redirection", meant for the
 * word-at-a-time strlen of glibc's ld.so).  rtld answers to that soname,
 * so it has one; the symbol table is enough, nothing exports it. */
#include "util.h"

size_t strlen(const char *s);

size_t strlen(const char *s)
{
	return r_strlen(s);
}
