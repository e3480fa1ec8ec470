/* glibc's tunables for the glibc build rtld was generated for: its table
 * (ld.so's tunable_list, from glibc_layout.h), the environment read at
 * start-up by glibc 2.36's rules (tunparse.c), and __tunable_get_val,
 * through which libc and libc_malloc_debug read them (malloc, pthread,
 * elision, gmon). */
#include "glibc.h"
#include "out.h"
#include "sys.h"
#include "util.h"
#include "tls-surplus.h"
#include "tunables.h"
#include "tunparse.h"

#define EXPORT __attribute__((visibility("default")))

#ifndef GLIBC_TUNABLE_LIST
#error "this glibc build has no tunables (glibc_layout.h lacks GLIBC_TUNABLE_LIST)"
#endif

/* tunparse.c's table is glibc's, field for field where libc sees it. */
_Static_assert(TUN_INT_32 == GLIBC_TUNABLE_TYPE_INT_32 && TUN_UINT_64 == GLIBC_TUNABLE_TYPE_UINT_64 &&
	       TUN_SIZE_T == GLIBC_TUNABLE_TYPE_SIZE_T && TUN_STRING == GLIBC_TUNABLE_TYPE_STRING,
	       "tunable_type_code_t");
_Static_assert(TUN_SXID_ERASE == GLIBC_TUNABLE_SECLEVEL_SXID_ERASE &&
	       TUN_SXID_IGNORE == GLIBC_TUNABLE_SECLEVEL_SXID_IGNORE &&
	       TUN_NONE == GLIBC_TUNABLE_SECLEVEL_NONE, "tunable_seclevel_t");
_Static_assert(sizeof(union tun_val) == GLIBC_SIZEOF_TUNABLE_VAL &&
	       GLIBC_OFF_TUNABLE_VAL_NUMVAL == 0 && GLIBC_SIZEOF_TUNABLE_VAL_NUMVAL == 8 &&
	       GLIBC_OFF_TUNABLE_VAL_STRVAL == 0, "tunable_val_t, given to libc's callbacks");
_Static_assert(GLIBC_SIZEOF_TUNABLE_NAME <= TUN_NAME_SIZE &&
	       GLIBC_SIZEOF_TUNABLE_ENV_ALIAS <= TUN_ALIAS_SIZE, "room for the names");

#define ENTRY(id, name, type, min, max, def, sec, alias) \
	[id] = { name, alias, type, sec, false, min, max, { .num = def } },
static struct tunable table[GLIBC_TUNABLES_COUNT] = { GLIBC_TUNABLE_LIST(ENTRY) };
#define NTUNABLES (sizeof table / sizeof table[0])

#define FIRST(id, name, type, min, max, def, sec, alias) | TUN_FILTER_FIRST(alias)
#define LAST(id, name, type, min, max, def, sec, alias) | TUN_FILTER_LAST(alias)
#define LEN(id, name, type, min, max, def, sec, alias) | TUN_FILTER_LEN(alias)
static const struct tun_filter aliases = {
	0 GLIBC_TUNABLE_LIST(FIRST), 0 GLIBC_TUNABLE_LIST(LAST), 0 GLIBC_TUNABLE_LIST(LEN),
};

static char *copy(const char *s)
{
	char *c = r_strdup(s);
	if (!c)
		fatal("failed to allocate memory to process tunables");
	return c;
}

void glibc_tunables_init(void)
{
	/* As glibc does: the administrator may allow MALLOC_CHECK_ and
	 * glibc.malloc.check for setuid programs by creating this file. */
	if (R.secure && sys_access("/etc/suid-debug", 0) == 0)
		table[GLIBC_TUNABLE_ID_GLIBC_MALLOC_CHECK].seclevel = TUN_NONE;
	tun_read_env(table, NTUNABLES, &aliases, R.envp, R.secure, copy);
}

/* libc's TUNABLE_GET: the value in the size of its type, and the
 * callback, with glibc's tunable_val_t, only for a tunable that was set. */
EXPORT void __tunable_get_val(unsigned id, void *valp, void (*callback)(union tun_val *))
{
	if (id >= NTUNABLES)
		return;
	struct tunable *t = &table[id];
	switch (t->type) {
	case TUN_INT_32: *(int32_t *)valp = (int32_t)t->val.num; break;
	case TUN_UINT_64: *(uint64_t *)valp = (uint64_t)t->val.num; break;
	case TUN_SIZE_T: *(size_t *)valp = (size_t)t->val.num; break;
	case TUN_STRING: *(const char **)valp = t->val.str; break;
	}
	if (t->set && callback)
		callback(&t->val);
}

int64_t glibc_tunable_num(unsigned id)
{
	return id < NTUNABLES && table[id].type != TUN_STRING ? table[id].val.num : 0;
}

const char *glibc_tunable_str(unsigned id)
{
	return id < NTUNABLES && table[id].type == TUN_STRING ? table[id].val.str : 0;
}

bool glibc_tunable_is_set(unsigned id)
{
	return id < NTUNABLES && table[id].set;
}

bool glibc_tunable_set(unsigned id, int64_t val, const int64_t *min, const int64_t *max)
{
	if (id >= NTUNABLES || table[id].type == TUN_STRING)
		return false;
	return tun_update(&table[id], (union tun_val){ .num = val }, min, max);
}

bool glibc_tunable_rseq_enabled(void)
{
	return glibc_tunable_num(GLIBC_TUNABLE_ID_GLIBC_PTHREAD_RSEQ) != 0;
}

size_t glibc_tunables_tls_surplus(void)
{
	size_t nns = (size_t)glibc_tunable_num(GLIBC_TUNABLE_ID_GLIBC_RTLD_NNS);
	size_t opt = (size_t)glibc_tunable_num(GLIBC_TUNABLE_ID_GLIBC_RTLD_OPTIONAL_STATIC_TLS);
	if (nns > GLIBC_DL_NNS_MAX)
		nns = GLIBC_DL_NNS_MAX;
	return glibc_tls_surplus(nns, opt);
}

/* ld.so --list-tunables: every tunable of this build in table order, as
 * glibc prints them (bounds as narrowed by the values ld.so derived from
 * the CPU, which the caller lets it derive first). */
void glibc_tunables_print(void)
{
	for (size_t i = 0; i < NTUNABLES; i++) {
		const struct tunable *t = &table[i];
		switch (t->type) {
		case TUN_STRING:
			if (t->val.str)
				r_dprintf(1, "%s: %s\n", t->name, t->val.str);
			else
				r_dprintf(1, "%s:\n", t->name);
			break;
		case TUN_INT_32:
			r_dprintf(1, "%s: %d (min: %d, max: %d)\n", t->name, (int)t->val.num,
				  (int)t->min, (int)t->max);
			break;
		default:
			r_dprintf(1, "%s: 0x%lx (min: 0x%lx, max: 0x%lx)\n", t->name,
				  (unsigned long)t->val.num, (unsigned long)t->min,
				  (unsigned long)t->max);
			break;
		}
	}
}
