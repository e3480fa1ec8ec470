/* Helpers of the run-time loading tests (see dlt.h). */
#include "dlt.h"

void dlt_signal(volatile int *ev)
{
	__atomic_store_n(ev, 1, __ATOMIC_SEQ_CST);
	rt_futex_wake(ev, 1 << 30);
}

void dlt_wait(volatile int *ev)
{
	while (!__atomic_load_n(ev, __ATOMIC_SEQ_CST))
		rt_futex_wait(ev, 0);
}

static char dir[512];
static char path[1024];

void dlt_set_dir(const char *argv0)
{
	size_t n = rt_strlen(argv0);

	while (n && argv0[n - 1] != '/')
		n--;
	if (n >= sizeof dir)
		n = 0;
	for (size_t i = 0; i < n; i++)
		dir[i] = argv0[i];
	dir[n] = '\0';
}

const char *dlt_path(const char *name)
{
	rt_snprintf(path, sizeof path, "%s%s", dir, name);
	return path;
}

int dlt_check_error(const char *want, const char *what)
{
	const char *got = dlerror();

	if (!want) {
		if (!got)
			return rt_check(1, what);
		rt_printf("FAIL %s: dlerror() = \"%s\", want NULL\n", what, got);
		return rt_check(0, what);
	}
	if (!got) {
		rt_printf("FAIL %s: dlerror() = NULL, want \"%s\"\n", what, want);
		return rt_check(0, what);
	}
	return rt_check_str(got, want, what);
}

void dlt_print_error(const char *label)
{
	const char *e = dlerror();

	rt_printf("%s: %s\n", label, e ? e : "no error");
}

const char *dlt_base(const char *p)
{
	const char *b = p ? p : "";

	for (const char *s = b; *s; s++)
		if (*s == '/')
			b = s + 1;
	return b;
}

struct find {
	const char *name;
	struct dl_phdr_info *out;
	int found;
};

static int find_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct find *f = data;

	(void)size;
	if (rt_strcmp(dlt_base(info->dlpi_name), f->name) != 0)
		return 0;
	if (f->out)
		*f->out = *info;
	f->found = 1;
	return 1;
}

int dlt_phdr_info(const char *name, struct dl_phdr_info *out)
{
	struct find f = {name, out, 0};

	dl_iterate_phdr(find_cb, &f);
	return f.found;
}

int dlt_listed(const char *name)
{
	return dlt_phdr_info(name, NULL);
}

int dlt_mapped(const char *name)
{
	static char maps[1 << 18];
	size_t n = rt_strlen(name);

	if (rt_read_file("/proc/self/maps", maps, sizeof maps) < 0)
		return -1;
	for (char *line = maps; *line;) {
		char *end = line;
		while (*end && *end != '\n')
			end++;
		/* the path is the last field: compare its end */
		if ((size_t)(end - line) > n && end[-(long)n - 1] == '/' &&
		    rt_strncmp(end - n, name, n) == 0)
			return 1;
		line = *end ? end + 1 : end;
	}
	return 0;
}

struct snap {
	char *buf;
	size_t size, len;
};

static int snap_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct snap *s = data;

	(void)size;
	if (s->len < s->size)
		s->len += (size_t)rt_snprintf(s->buf + s->len, s->size - s->len, "%s@%lx\n",
					      info->dlpi_name, (unsigned long)info->dlpi_addr);
	return 0;
}

void dlt_snapshot(char *buf, size_t size)
{
	struct snap s = {buf, size, 0};

	buf[0] = '\0';
	dl_iterate_phdr(snap_cb, &s);
}

static int count_cb(struct dl_phdr_info *info, size_t size, void *data)
{
	struct dlt_counts *c = data;

	(void)size;
	c->adds = info->dlpi_adds;
	c->subs = info->dlpi_subs;
	c->objects++;
	return 0;
}

struct dlt_counts dlt_counts(void)
{
	struct dlt_counts c = {0, 0, 0};

	dl_iterate_phdr(count_cb, &c);
	return c;
}

long dlt_vmrss_kb(void)
{
	static char status[8192];

	if (rt_read_file("/proc/self/status", status, sizeof status) < 0)
		return -1;
	for (char *p = status; *p; p++) {
		if ((p == status || p[-1] == '\n') && rt_strncmp(p, "VmRSS:", 6) == 0) {
			long kb = 0;
			for (p += 6; *p == ' ' || *p == '\t'; p++)
				;
			while (*p >= '0' && *p <= '9')
				kb = kb * 10 + (*p++ - '0');
			return kb;
		}
	}
	return -1;
}
