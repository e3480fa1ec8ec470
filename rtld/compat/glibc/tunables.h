/* glibc's tunables as rtld holds them for this glibc build (tunables.c):
 * read from the environment at start-up, before any object is loaded,
 * and given to libc through __tunable_get_val.  For the parts of rtld
 * that honour a tunable themselves; ids are GLIBC_TUNABLE_ID_* from
 * glibc_layout.h. */
#ifndef RTLD_COMPAT_GLIBC_TUNABLES_H
#define RTLD_COMPAT_GLIBC_TUNABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* At start-up (through personality_read_env): GLIBC_TUNABLES and the
 * aliases, read and, in secure mode, rewritten or removed. */
void glibc_tunables_init(void);

/* A numeric tunable's value (its default unless the environment set it),
 * or a string tunable's (NULL unless set). */
int64_t glibc_tunable_num(unsigned id);
const char *glibc_tunable_str(unsigned id);
/* Whether the environment (or glibc_tunable_set) gave it a valid value:
 * when libc's callbacks run. */
bool glibc_tunable_is_set(unsigned id);
/* What ld.so's TUNABLE_SET_WITH_BOUNDS does (e.g. for the values it
 * derives from the CPU): takes val if it lies within the tunable's
 * bounds, narrowed to *min and *max when given. */
bool glibc_tunable_set(unsigned id, int64_t val, const int64_t *min, const int64_t *max);

/* glibc.pthread.rseq: whether the main thread should register rseq. */
bool glibc_tunable_rseq_enabled(void);
/* The static TLS surplus from glibc.rtld.nns and
 * glibc.rtld.optional_static_tls (tls-surplus.h). */
size_t glibc_tunables_tls_surplus(void);

/* ld.so --list-tunables. */
void glibc_tunables_print(void);

#endif
