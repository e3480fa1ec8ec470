/* glibc 2.36's tunable rules (see tunparse.h).  Where glibc's behaviour
 * on odd input is surprising, it is kept on purpose: a program must see
 * the same tunables and the same environment under rtld as under ld.so.
 *
 * Cost: one test of the first letter per environment variable, and for
 * the few that pass, of the length and the last letter; only the
 * variables that pass all three (in practice, the aliases themselves and
 * GLIBC_TUNABLES) are compared with the table. */
#include "tunparse.h"
#include "util.h"

static const char glibc_tunables[] = "GLIBC_TUNABLES";

uint64_t tun_strtoul(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	bool negative = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	if (*s < '0' || *s > '9')
		return 0;
	unsigned base = 10;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2;
	else if (s[0] == '0')
		base = 8;
	uint64_t r = 0;
	for (;; s++) {
		unsigned d, lower = (unsigned char)*s | 0x20;
		if (*s >= '0' && *s <= '9' && (unsigned)(*s - '0') < base)
			d = (unsigned)(*s - '0');
		else if (base == 16 && lower >= 'a' && lower <= 'f')
			d = lower - 'a' + 10;
		else
			break;
		/* glibc's test, which also gives up on a few values just
		 * below the limit; no sign applies to the result then. */
		if (r >= (UINT64_MAX - d) / base)
			return UINT64_MAX;
		r = r * base + d;
	}
	return negative ? -r : r;
}

static bool less(int64_t a, int64_t b, bool is_unsigned)
{
	return is_unsigned ? (uint64_t)a < (uint64_t)b : a < b;
}

bool tun_update(struct tunable *t, union tun_val v, const int64_t *min, const int64_t *max)
{
	if (t->type == TUN_STRING) {
		t->val = v;
		t->set = true;
		return true;
	}
	bool u = t->type != TUN_INT_32;
	int64_t lo = min ? *min : t->min, hi = max ? *max : t->max;
	/* Bounds may only narrow; inconsistent ones are dropped. */
	if (less(lo, t->min, u))
		lo = t->min;
	if (less(t->max, hi, u))
		hi = t->max;
	if (less(hi, lo, u))
		lo = t->min, hi = t->max;
	if (less(v.num, lo, u) || less(hi, v.num, u))
		return false;
	t->val = v;
	t->min = lo;
	t->max = hi;
	t->set = true;
	return true;
}

/* A value given as text: numbers with glibc's strtoul (what follows the
 * digits is ignored), strings as they are. */
static void initialize(struct tunable *t, const char *text)
{
	union tun_val v;
	if (t->type == TUN_STRING)
		v.str = text;
	else
		v.num = (int64_t)tun_strtoul(text);
	tun_update(t, v, 0, 0);
}

static struct tunable *by_name(struct tunable *tab, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (r_strncmp(tab[i].name, name, len) == 0 && tab[i].name[len] == 0)
			return &tab[i];
	return 0;
}

/* The pairs are name=value separated by ':'.  A name that ends at ':'
 * has no value and is skipped; a name that ends the string ends the
 * parse; a value runs to the next ':', so it may contain '='.  In secure
 * mode the kept pairs are written back over the copy: each is exactly as
 * long as the text it came from, so writing never overtakes reading. */
void tun_parse(struct tunable *tab, size_t n, char *copy, char *orig, bool secure)
{
	size_t in = 0, out = 0;
	if (!copy[0])
		return;
	for (;;) {
		size_t name = in;
		while (copy[in] != '=' && copy[in] != ':' && copy[in])
			in++;
		if (!copy[in])
			break;
		if (copy[in] == ':') {
			in++;
			continue;
		}
		struct tunable *t = by_name(tab, n, copy + name, in - name);
		size_t value = ++in;
		while (copy[in] != ':' && copy[in])
			in++;
		bool read = t != 0;
		if (t && secure) {
			if (t->seclevel != TUN_SXID_ERASE) {
				if (out)
					copy[out++] = ':';
				for (size_t i = name; i < in; i++)
					copy[out++] = copy[i];
			}
			read = t->seclevel == TUN_NONE;
		}
		if (read) {
			orig[in] = 0;
			initialize(t, orig + value);
		}
		if (!copy[in])
			break;
		in++;
	}
	if (secure)
		copy[out] = 0;
}

/* The tunable whose alias is name[0..len), among those not set yet. */
static struct tunable *by_alias(struct tunable *tab, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (!tab[i].set && tab[i].alias[0] == name[0] &&
		    r_strncmp(tab[i].alias, name, len) == 0 && tab[i].alias[len] == 0)
			return &tab[i];
	return 0;
}

void tun_read_env(struct tunable *tab, size_t n, const struct tun_filter *aliases, char **envp,
		  bool secure, char *(*dup)(const char *))
{
	struct tun_filter f = {
		aliases->first | TUN_FILTER_FIRST(glibc_tunables),
		aliases->last | TUN_FILTER_LAST(glibc_tunables),
		aliases->len | TUN_FILTER_LEN(glibc_tunables),
	};
	char **w = envp, **r = envp;
	for (; *r; r++) {
		char *e = *r;
		*w++ = e;
		if (!(f.first & TUN_BIT(e[0])))
			continue;
		size_t len = 0;
		while (e[len] && e[len] != '=')
			len++;
		/* without a value, or unlike every name that matters: skipped */
		if (!e[len] || !len || !(f.len & TUN_BIT(len)) || !(f.last & TUN_BIT(e[len - 1])))
			continue;
		if (len == sizeof glibc_tunables - 1 && r_strncmp(e, glibc_tunables, len) == 0) {
			char *copy = dup(e);
			if (copy) {
				tun_parse(tab, n, copy + len + 1, e + len + 1, secure);
				w[-1] = copy;
			}
			continue;
		}
		struct tunable *t = by_alias(tab, n, e, len);
		if (!t)
			continue;
		if (secure && t->seclevel == TUN_SXID_ERASE)
			w--;	/* erased, and so will any later one be */
		else if (!secure || t->seclevel == TUN_NONE)
			initialize(t, e + len + 1);
	}
	while (w < r)
		*w++ = 0;
}
