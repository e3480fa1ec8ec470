/* The static TLS surplus glibc 2.36's ld.so reserves
 * (_dl_tls_static_surplus_init in elf/dl-tls.c): room for the
 * initial-exec TLS of libc in each namespace but the first and of other
 * libraries in every namespace, the bytes of glibc.rtld.optional_static_tls,
 * and a legacy part that makes the defaults (4 namespaces, 512 optional
 * bytes) come to the historic 1664.
 *
 * These numbers are glibc's source constants, not layouts, so they cannot
 * be generated: layout-check tests this formula against the live ld.so
 * with tunables other than the defaults.  Shared by rtld (tunables.c) and
 * layout-check. */
#ifndef RTLD_GLIBC_TLS_SURPLUS_H
#define RTLD_GLIBC_TLS_SURPLUS_H

#include <stddef.h>

#define GLIBC_LIBC_IE_TLS 144
#define GLIBC_OTHER_IE_TLS 144
#define GLIBC_DEFAULT_NNS 4
#define GLIBC_OPTIONAL_TLS 512
#define GLIBC_HISTORIC_SURPLUS 1664

static inline size_t glibc_tls_surplus_part(size_t nns, size_t opt)
{
	return (nns - 1) * GLIBC_LIBC_IE_TLS + nns * GLIBC_OTHER_IE_TLS + opt;
}

/* nns: glibc.rtld.nns, at most the number of namespaces there are;
 * opt: glibc.rtld.optional_static_tls. */
static inline size_t glibc_tls_surplus(size_t nns, size_t opt)
{
	return glibc_tls_surplus_part(nns, opt) + GLIBC_HISTORIC_SURPLUS -
	       glibc_tls_surplus_part(GLIBC_DEFAULT_NNS, GLIBC_OPTIONAL_TLS);
}

#endif
