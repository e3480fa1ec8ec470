/* glibc 2.36's rules for its tunables, as its ld.so applies them at
 * start-up: GLIBC_TUNABLES=name=value:name=value, the variables that stand
 * for single tunables (MALLOC_PERTURB_, ...), numbers, bounds, and what
 * secure mode (AT_SECURE) erases from the environment.
 *
 * Pure logic over a table the caller owns (tunables.c: this glibc build's
 * table; the unit tests: their own), so it knows no build's tunables and
 * makes no system call. */
#ifndef RTLD_TUNPARSE_H
#define RTLD_TUNPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Numbered as glibc numbers tunable_type_code_t and tunable_seclevel_t
 * (tunables.c checks them against the generated values). */
enum tun_type { TUN_INT_32, TUN_UINT_64, TUN_SIZE_T, TUN_STRING };
enum tun_seclevel {
	TUN_SXID_ERASE,		/* secure mode: not read, removed from the environment */
	TUN_SXID_IGNORE,	/* secure mode: not read, passed on */
	TUN_NONE,		/* read in secure mode too */
};

/* A tunable's value, laid out as glibc's tunable_val_t: libc's callbacks
 * get a pointer to it. */
union tun_val {
	int64_t num;
	const char *str;
};

/* Names are stored in the table, not pointed to: rtld would otherwise
 * relocate two pointers per tunable at every start. */
#define TUN_NAME_SIZE 48
#define TUN_ALIAS_SIZE 24

struct tunable {
	char name[TUN_NAME_SIZE];	/* "glibc.malloc.perturb" */
	char alias[TUN_ALIAS_SIZE];	/* "MALLOC_PERTURB_", or "" */
	unsigned char type;	/* enum tun_type */
	unsigned char seclevel;	/* enum tun_seclevel */
	bool set;		/* given a valid value (glibc: "initialized") */
	int64_t min, max;	/* bounds, compared unsigned for the unsigned types */
	union tun_val val;	/* the default until set */
};

/* glibc's _dl_strtoul: blanks, a sign, then decimal, 0x hexadecimal or 0
 * octal digits up to the first other character; UINT64_MAX on overflow. */
uint64_t tun_strtoul(const char *s);

/* Sets t to v when v lies within t's bounds, narrowed to *min and *max
 * when given (and consistent); a string is always taken.  Returns whether
 * t took it (glibc's __tunable_set_val). */
bool tun_update(struct tunable *t, union tun_val v, const int64_t *min, const int64_t *max);

/* What the names of the variables that may set tunables look like: bit
 * (c & 63) of their first and of their last character, and bit
 * (length & 63), over all aliases.  Most other variables fail one of the
 * tests, so the table is not searched for them.  A table written in C gets
 * it from its compiler with TUN_FILTER_* (all constant expressions). */
struct tun_filter {
	uint64_t first, last, len;
};
#define TUN_BIT(x) ((uint64_t)1 << ((unsigned char)(x) & 63))
#define TUN_FILTER_FIRST(alias) (sizeof(alias) > 1 ? TUN_BIT((alias)[0]) : 0)
#define TUN_FILTER_LAST(alias) (sizeof(alias) > 1 ? TUN_BIT((alias)[sizeof(alias) - 2]) : 0)
#define TUN_FILTER_LEN(alias) (sizeof(alias) > 1 ? TUN_BIT(sizeof(alias) - 1) : 0)

/* Reads the environment in order, as glibc's __tunables_init does: each
 * GLIBC_TUNABLES=... entry (all of them) and each alias of a tunable not
 * set yet (a later entry wins, whichever kind).  Each GLIBC_TUNABLES entry
 * is replaced by a copy from dup (NULL: left alone, not read), and the
 * values read are terminated in place in the original, where string
 * tunables keep pointing.  In secure mode, the copy keeps only the known
 * tunables that are not SXID_ERASE, SXID_ERASE aliases leave the
 * environment (envp is compacted and the freed slots cleared, as glibc's
 * shifting leaves them), and only TUN_NONE tunables are read. */
void tun_read_env(struct tunable *tab, size_t n, const struct tun_filter *aliases, char **envp,
		  bool secure, char *(*dup)(const char *));

/* The value of one GLIBC_TUNABLES entry: copy is what the variable will
 * hold (rewritten in place in secure mode), orig the original. */
void tun_parse(struct tunable *tab, size_t n, char *copy, char *orig, bool secure);

#endif
