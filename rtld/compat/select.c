/* Choosing the personality: the C library a program brings decides which
 * private contract rtld must keep. */
#include "core.h"
#include "compat.h"
#include "out.h"
#include "util.h"
#include "sys.h"

const struct personality *personality = &personality_none;

#ifdef RTLD_HAVE_GLIBC
/* compat/glibc: true when o is the libc.so.6 build it was generated for. */
bool glibc_accepts(struct obj *libc);
void glibc_tunables_init(void);
extern const struct personality personality_glibc;
extern const char glibc_supported[];
#endif

const char *personality_list(void)
{
#ifdef RTLD_HAVE_GLIBC
	return glibc_supported;
#else
	return "none (freestanding)";
#endif
}

/* The version index lookups then refuse in rtld's own table. */
static void hide_rtld_api(void)
{
	struct obj *s = R.self;
	if (!personality->hides_rtld_api || !s || !s->vers)
		return;
	for (size_t i = 2; i < s->nvers; i++)
		if (s->vers[i].name && r_strcmp(s->vers[i].name, "RTLD_1.0") == 0)
			R.hidden_api_ver = (unsigned)i;
}

#ifdef RTLD_HAVE_GLIBC
void glibc_list_tunables(void);
void glibc_list_diagnostics(void);
#endif

/* rtld --list-tunables: the C library's tunables, when this build keeps
 * one's contract that has them. */
void personality_list_tunables(void)
{
#ifdef RTLD_HAVE_GLIBC
	glibc_list_tunables();
	sys_exit_group(0);
#else
	fatal("--list-tunables: this rtld was built without the glibc personality");
#endif
}

/* rtld --list-diagnostics: what glibc's ld.so lists, when this build
 * keeps its contract (the values are those of its start-up). */
void personality_list_diagnostics(void)
{
#ifdef RTLD_HAVE_GLIBC
	glibc_list_diagnostics();
	sys_exit_group(0);
#else
	fatal("--list-diagnostics: this rtld was built without the glibc personality");
#endif
}

void personality_read_env(void)
{
#ifdef RTLD_HAVE_GLIBC
	glibc_tunables_init();
#endif
}

void personality_select(void)
{
	struct obj *libc = 0;
	for (struct obj *o = R.head; o && !libc; o = o->l_next)
		if (!o->faked && o->soname && r_strcmp(o->soname, "libc.so.6") == 0)
			libc = o;
	if (!libc)
		return;
#ifdef RTLD_HAVE_GLIBC
	if (glibc_accepts(libc)) {
		personality = &personality_glibc;
		hide_rtld_api();
		return;
	}
#else
	fatal("%s: this program uses glibc, and this rtld was built without the glibc "
	      "personality (install libc6-dbg matching libc6 and rebuild)", libc->l_name);
#endif
}
