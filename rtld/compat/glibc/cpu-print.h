/* The x86.cpu_features.* lines of `ld.so --list-diagnostics`
 * (cpu-print.c), for rtld --list-diagnostics and for the cpu-dump test
 * tool, which prints the block a running glibc program sees. */
#ifndef RTLD_GLIBC_CPU_PRINT_H
#define RTLD_GLIBC_CPU_PRINT_H

#include <stddef.h>

/* Writes n bytes of output (one whole line at a time). */
typedef void (*cpu_print_out)(const char *s, size_t n);

/* cf: a struct cpu_features block, in glibc_layout.h's layout. */
void glibc_cpu_print(const char *cf, cpu_print_out out);

#endif
