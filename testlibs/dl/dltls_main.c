/* t_dltls: TLS of dlopen'd libraries.  GD (__tls_get_addr) and TLSDESC
 * accesses, dlinfo and dl_iterate_phdr's view of the blocks, dlsym of a
 * TLS variable, threads created before and after the dlopen each with its
 * own copies, initial-exec TLS in a dlopen'd library, exhaustion of the
 * static TLS surplus, 50 modules, unload and reload, and __tls_get_addr
 * called with a misaligned stack on first use in a thread. */
#include "dlt.h"
#include "tls.h"
#include "tm_list.h"

__thread long exe_tls = 11;

struct dt {
	const char *file, *prefix;
	long align;
	void *h;
	void *(*addr)(int);
	long (*get)(void);
	int (*pristine)(void);
	void (*scribble)(long);
	long *(*tga_plt)(void), *(*tga_got)(void);
};

static struct dt dtls = {.file = "libdtls.so", .prefix = "dtls", .align = 64};
static struct dt dtlsd = {.file = "libdtlsd.so", .prefix = "dtlsd", .align = 4096};

static void *sym(void *h, const char *prefix, const char *name)
{
	char buf[64];

	rt_snprintf(buf, sizeof buf, "%s_%s", prefix, name);
	void *p = dlsym(h, buf);
	if (!p)
		rt_printf("FAIL dlsym %s: %s\n", buf, dlerror());
	return p;
}

static int dt_open(struct dt *d)
{
	d->h = dlopen(d->file, RTLD_NOW);
	if (!d->h) {
		rt_printf("FAIL dlopen %s: %s\n", d->file, dlerror());
		return rt_check(0, "dlopen");
	}
	d->addr = (void *(*)(int))sym(d->h, d->prefix, "addr");
	d->get = (long (*)(void))sym(d->h, d->prefix, "get");
	d->pristine = (int (*)(void))sym(d->h, d->prefix, "pristine");
	d->scribble = (void (*)(long))sym(d->h, d->prefix, "scribble");
	d->tga_plt = d == &dtls ? (long *(*)(void))sym(d->h, d->prefix, "tga_plt") : 0;
	d->tga_got = d == &dtls ? (long *(*)(void))sym(d->h, d->prefix, "tga_got") : 0;
	return d->addr && d->get && d->pristine && d->scribble;
}

static void dt_close(struct dt *d)
{
	char msg[64];

	rt_snprintf(msg, sizeof msg, "%s: dlclose", d->file);
	rt_check_long(dlclose(d->h), 0, msg);
	d->h = 0;
}

static char msgbuf[256];

static const char *say(const char *who, const char *what)
{
	rt_snprintf(msgbuf, sizeof msgbuf, "%s: %s", who, what);
	return msgbuf;
}

static void *tls_data(void *h)
{
	void *data = (void *)1;

	if (dlinfo(h, RTLD_DI_TLS_DATA, &data) != 0)
		rt_printf("FAIL dlinfo RTLD_DI_TLS_DATA: %s\n", dlerror());
	return data;
}

static void *phdr_tls_data(const char *file)
{
	struct dl_phdr_info info;

	if (!dlt_phdr_info(file, &info))
		return (void *)1;
	return info.dlpi_tls_data;
}

/* What a thread that has not touched the library yet sees, then touches. */
static void first_access(struct dt *d, const char *who)
{
	rt_check(tls_data(d->h) == 0, say(who, "dlinfo RTLD_DI_TLS_DATA is NULL before the first access"));
	rt_check(phdr_tls_data(d->file) == 0,
		 say(who, "dlpi_tls_data is NULL before the first access"));
	rt_check_long(d->pristine(), 0, say(who, "initial values (0: all of them)"));
	void *blk = d->addr(DTLS_BLK);
	rt_check(tls_data(d->h) == blk, say(who, "dlinfo RTLD_DI_TLS_DATA is the block afterwards"));
	rt_check(phdr_tls_data(d->file) == blk, say(who, "dlpi_tls_data is the block afterwards"));
	char name[32];
	rt_snprintf(name, sizeof name, "%s_blk", d->prefix);
	rt_check(dlsym(d->h, name) == blk, say(who, "dlsym of a TLS variable gives this thread's copy"));
}

static void dyn(struct dt *d)
{
	const char *who = d->file;
	size_t modid = 0;

	if (!dt_open(d))
		return;
	rt_check(dlinfo(d->h, RTLD_DI_TLS_MODID, &modid) == 0 && modid != 0,
		 say(who, "dlinfo RTLD_DI_TLS_MODID is not 0"));
	struct dl_phdr_info info;
	rt_check(dlt_phdr_info(d->file, &info) && info.dlpi_tls_modid == modid,
		 say(who, "dlpi_tls_modid is the same"));
	first_access(d, who);
	rt_check(((unsigned long)d->addr(DTLS_ALIGNED) & (d->align - 1)) == 0,
		 say(who, d->align == 4096 ? "variable aligned to 4096" : "variable aligned to 64"));
	d->scribble(77);
	rt_check_long(d->get(), 77, say(who, "write and read back"));
	dt_close(d);
}

static void gd(void)
{
	dyn(&dtls);
}

static void desc(void)
{
	dyn(&dtlsd);
}

/* --- threads created before and after the dlopen ------------------------- */

#define BEFORE "thread A (created before dlopen)"
#define AFTER "thread B (created after dlopen)"

/* The copies seen so far (the main thread's first), to check that each
 * thread's copy is its own: returns 0 if P was seen already. */
static void *seen[256];
static int nseen;

static int own_copy(void *p)
{
	for (int i = 0; i < nseen; i++)
		if (seen[i] == p)
			return 0;
	if (nseen < (int)(sizeof seen / sizeof seen[0]))
		seen[nseen++] = p;
	return 1;
}

static volatile int ev_loaded, ev_a_checked, ev_a_go_on;
static void (*thread_check)(const char *who);

static int thread_a(void *arg)
{
	(void)arg;
	dlt_wait(&ev_loaded);
	thread_check(BEFORE);
	dlt_signal(&ev_a_checked);
	dlt_wait(&ev_a_go_on);
	return 0;
}

static int thread_b(void *arg)
{
	(void)arg;
	thread_check(AFTER);
	return 0;
}

/* Starts thread A, runs LOAD (the dlopens) in the main thread, lets A run
 * CHECK, then runs CHECK in a new thread B while A is still alive, so that
 * B cannot be given A's blocks. */
static void before_and_after(int (*load)(void), void (*check)(const char *who))
{
	struct dlt_thread a, b;

	thread_check = check;
	if (dlt_thread_start(&a, thread_a, 0) < 0 || !load())
		rt_exit(1);
	dlt_signal(&ev_loaded);
	dlt_wait(&ev_a_checked);
	if (dlt_thread_start(&b, thread_b, 0) < 0)
		rt_exit(1);
	dlt_thread_join(&b);
	dlt_signal(&ev_a_go_on);
	dlt_thread_join(&a);
}

static void dyn_thread_check(const char *who)
{
	struct dt *libs[2] = {&dtls, &dtlsd};

	rt_check_long(exe_tls, 11, say(who, "the executable's TLS variable has its initial value"));
	for (int i = 0; i < 2; i++) {
		struct dt *d = libs[i];
		char label[128];
		rt_snprintf(label, sizeof label, "%s, %s", who, d->file);
		first_access(d, label);
		rt_check(own_copy(d->addr(DTLS_BLK)),
			 say(label, "its own copy (address differs from the other threads')"));
		d->scribble(2000 + i);
		rt_check_long(d->get(), 2000 + i, say(label, "write and read back"));
	}
}

static int dyn_load(void)
{
	if (!dt_open(&dtls) || !dt_open(&dtlsd))
		return 0;
	dtls.scribble(1000);
	dtlsd.scribble(1001);
	own_copy(dtls.addr(DTLS_BLK));
	own_copy(dtlsd.addr(DTLS_BLK));
	return 1;
}

static void threads(void)
{
	exe_tls = 12;
	before_and_after(dyn_load, dyn_thread_check);
	rt_check(dtls.get() == 1000 && dtlsd.get() == 1001,
		 "main thread: its copies kept its values");
	rt_check_long(exe_tls, 12, "main thread: its executable TLS variable kept its value");
	dt_close(&dtls);
	dt_close(&dtlsd);
}

/* --- initial-exec TLS in a dlopen'd library ------------------------------- */

static void *ie_h;
static long (*ie_get)(void);
static long *(*ie_addr)(void), *(*ie_addr_gd)(void);

static void ie_check(const char *who)
{
	rt_check_long(ie_get(), 4242, say(who, "initial value of the initial-exec variable"));
	long *p = ie_addr();
	rt_check(p == ie_addr_gd(), say(who, "initial-exec and __tls_get_addr agree"));
	rt_check(own_copy(p), say(who, "its own copy"));
	*p = 1;
	rt_check_long(ie_get(), 1, say(who, "write and read back"));
}

static int ie_load(void)
{
	ie_h = dlopen("libdtlsie.so", RTLD_NOW);
	if (!rt_check(ie_h != 0, "dlopen of a library with initial-exec TLS")) {
		rt_printf("dlerror: %s\n", dlerror());
		return 0;
	}
	ie_get = (long (*)(void))dlsym(ie_h, "dtlsie_get");
	ie_addr = (long *(*)(void))dlsym(ie_h, "dtlsie_addr");
	ie_addr_gd = (long *(*)(void))dlsym(ie_h, "dtlsie_addr_gd");
	rt_check_long(ie_get(), 4242, "main thread: initial value of the initial-exec variable");
	long *p = ie_addr();
	rt_check(p == ie_addr_gd(), "main thread: initial-exec and __tls_get_addr agree");
	own_copy(p);
	*p = 5;
	return 1;
}

static void ie(void)
{
	before_and_after(ie_load, ie_check);
	rt_check_long(ie_get(), 5, "main thread: kept its value");
	rt_check_long(dlclose(ie_h), 0, "dlclose");
}

/* --- exhaustion of the static TLS surplus -------------------------------- */

#define NBIG 16

static long (*big_get[NBIG])(void);
static int nbig;

static int big_thread(void *arg)
{
	(void)arg;
	int bad = -1;
	for (int i = 0; i < nbig; i++)
		if (big_get[i]() != i * 100 + 1 && bad < 0)
			bad = i;
	rt_check_long(bad, -1, "new thread: every loaded library's initial-exec TLS (first bad one)");
	return 0;
}

static void exhausted(const char *name, const char *err, const char *before);

static void exhaust(void)
{
	char name[32], before[4096], err[1024] = "";

	for (nbig = 0; nbig < NBIG; nbig++) {
		rt_snprintf(name, sizeof name, "libdtlsbig%d.so", nbig);
		dlt_snapshot(before, sizeof before);
		void *h = dlopen(name, RTLD_NOW);
		if (!h) {
			const char *e = dlerror();
			rt_snprintf(err, sizeof err, "%s", e ? e : "no error");
			break;
		}
		big_get[nbig] = (long (*)(void))dlsym(h, "dtlsbig_get");
	}
	rt_check(nbig > 0, "a library with 1 KiB of initial-exec TLS fits in the surplus");
	if (rt_check(nbig < NBIG, "the surplus runs out"))
		exhausted(name, err, before);
	int bad = -1;
	for (int i = 0; i < nbig; i++)
		if (big_get[i]() != i * 100 + 1 && bad < 0)
			bad = i;
	rt_check_long(bad, -1, "main thread: every loaded library's initial-exec TLS (first bad one)");
	struct dlt_thread t;
	if (dlt_thread_start(&t, big_thread, 0) == 0)
		dlt_thread_join(&t);
}

static void exhausted(const char *name, const char *err, const char *before)
{
	char after[4096];

	/* the failed library's path: the directory the others came from */
	struct link_map *m = 0;
	char want[1024];
	void *first = dlopen("libdtlsbig0.so", RTLD_NOLOAD | RTLD_NOW);
	if (first)
		dlinfo(first, RTLD_DI_LINKMAP, &m);
	size_t dirlen = m ? (size_t)(dlt_base(m->l_name) - m->l_name) : 0;
	rt_snprintf(want, sizeof want, "%s", m ? m->l_name : "");
	rt_snprintf(want + dirlen, sizeof want - dirlen,
		    "%s: cannot allocate memory in static TLS block", name);
	rt_check_str(err, want, "dlerror names the library and says why");
	dlt_snapshot(after, sizeof after);
	rt_check_str(after, before, "dl_iterate_phdr: the same objects as before the failed dlopen");
	rt_check(!dlt_mapped(name), "the failed library is not mapped");
	rt_check(dlerror() == 0, "dlerror is cleared");
}

/* --- 50 modules ------------------------------------------------------------ */

static void *tm_h[TM_COUNT];
static long (*tm_get[TM_COUNT])(void);
static long *(*tm_addr[TM_COUNT])(void);

static void tm_check(const char *who)
{
	int bad_value = -1, bad_addr = -1;

	for (int i = 0; i < TM_COUNT; i++) {
		if (tm_get[i]() != i * 1000 + 7 && bad_value < 0)
			bad_value = i;
		if (!own_copy(tm_addr[i]()) && bad_addr < 0)
			bad_addr = i;
	}
	rt_check_long(bad_value, -1, say(who, "initial values in 50 modules (first bad one)"));
	rt_check_long(bad_addr, -1, say(who, "its own copies (first shared one)"));
}

static int tm_load(void)
{
	size_t modid[TM_COUNT];
	char name[32];
	int dup = 0;

	for (int i = 0; i < TM_COUNT; i++) {
		rt_snprintf(name, sizeof name, "libtm%d.so", i);
		tm_h[i] = dlopen(name, RTLD_NOW);
		if (!tm_h[i]) {
			rt_printf("FAIL dlopen %s: %s\n", name, dlerror());
			return 0;
		}
		rt_snprintf(name, sizeof name, "tm_get_%d", i);
		tm_get[i] = (long (*)(void))dlsym(tm_h[i], name);
		rt_snprintf(name, sizeof name, "tm_addr_%d", i);
		tm_addr[i] = (long *(*)(void))dlsym(tm_h[i], name);
		if (!tm_get[i] || !tm_addr[i])
			return rt_check(0, "dlsym in the 50 modules");
		modid[i] = 0;
		dlinfo(tm_h[i], RTLD_DI_TLS_MODID, &modid[i]);
		for (int j = 0; j < i; j++)
			dup |= modid[i] == modid[j] || !modid[i];
	}
	rt_check(1, "dlopen of 50 TLS modules");
	rt_check(!dup, "distinct module ids");
	tm_check("main thread");
	for (int i = 0; i < TM_COUNT; i++)
		*tm_addr[i]() = -1;	/* not what the threads must see */
	return 1;
}

static void many(void)
{
	struct dlt_counts c0 = dlt_counts();

	before_and_after(tm_load, tm_check);
	int bad = 0;
	for (int i = 0; i < TM_COUNT; i++)
		bad |= dlclose(tm_h[i]) != 0;
	rt_check(!bad, "dlclose of the 50 modules");
	struct dlt_counts c1 = dlt_counts();
	rt_check_long(c1.objects, c0.objects, "dl_iterate_phdr: as many objects as before");
}

/* --- unload and reload ---------------------------------------------------- */

static volatile int ev_u1, ev_u2, ev_u3, ev_u4;

static int unload_thread(void *arg)
{
	(void)arg;
	dlt_wait(&ev_u1);
	rt_check_long(dtls.pristine(), 0, "thread: initial values");
	dtls.scribble(6);
	dlt_signal(&ev_u2);
	dlt_wait(&ev_u3);
	rt_check_long(dtls.pristine(), 0, "thread: initial values after the reload");
	dtls.scribble(8);
	rt_check_long(dtls.get(), 8, "thread: write and read back");
	dlt_signal(&ev_u4);
	return 0;
}

static void unload(void)
{
	struct dlt_thread t;

	if (dlt_thread_start(&t, unload_thread, 0) < 0 || !dt_open(&dtls))
		rt_exit(1);
	dtls.scribble(5);
	dlt_signal(&ev_u1);
	dlt_wait(&ev_u2);
	dt_close(&dtls);
	rt_check(!dlt_listed("libdtls.so"), "unloaded");
	if (!dt_open(&dtls))
		rt_exit(1);
	rt_check_long(dtls.pristine(), 0, "main thread: initial values after the reload");
	dlt_signal(&ev_u3);
	dlt_wait(&ev_u4);
	dlt_thread_join(&t);
	rt_check_long(dtls.pristine(), 0, "main thread: its copy untouched by the thread");
	dt_close(&dtls);
}

/* --- __tls_get_addr with the stack misaligned ---------------------------- */

static int tga_thread(void *arg)
{
	long *(*first)(void) = *(long *(**)(void))arg;

	long *p = first();
	rt_check(p == dtls.addr(DTLS_BLK), first == dtls.tga_plt ?
		 "new thread: first access through the PLT, stack 8-byte aligned" :
		 "new thread: first access through the GOT, stack 8-byte aligned");
	rt_check_long(dtls.pristine(), 0, "new thread: initial values");
	return 0;
}

static void tga(void)
{
	struct dlt_thread t;

	if (!dt_open(&dtls) || !dtls.tga_plt || !dtls.tga_got)
		rt_exit(1);
	rt_check(dtls.tga_got() == dtls.addr(DTLS_BLK),
		 "main thread: first access through the GOT, stack 8-byte aligned");
	for (int i = 0; i < 2; i++) {
		long *(*first)(void) = i ? dtls.tga_got : dtls.tga_plt;
		if (dlt_thread_start(&t, tga_thread, &first) == 0)
			dlt_thread_join(&t);
	}
	dt_close(&dtls);
}

/* --- what a TLSDESC function must preserve --------------------------------- */

static int regs_thread(void *arg)
{
	long (*regs)(void) = (long (*)(void))arg;

	rt_check_long(regs(), 0, "new thread: first TLSDESC call preserves the registers (mask of changed ones)");
	return 0;
}

static void desc_regs(void)
{
	struct dlt_thread t;

	if (!dt_open(&dtlsd))
		rt_exit(1);
	long (*regs)(void) = (long (*)(void))dlsym(dtlsd.h, "dtlsd_desc_regs");
	if (!regs)
		rt_exit(1);
	rt_check_long(regs(), 0, "main thread: first TLSDESC call preserves the registers (mask of changed ones)");
	if (dlt_thread_start(&t, regs_thread, (void *)regs) == 0)
		dlt_thread_join(&t);
	dt_close(&dtlsd);
}

static const struct rt_group groups[] = {
	{"gd", gd}, {"desc", desc}, {"threads", threads}, {"ie", ie}, {"exhaust", exhaust},
	{"many", many}, {"unload", unload}, {"tga", tga}, {"desc_regs", desc_regs},
};

int main(int argc, char **argv)
{
	dlt_set_dir(argv[0]);
	rt_exit(RT_RUN_GROUPS(argc, argv, groups));
}
