/* rtld --list-diagnostics, as glibc 2.36's ld.so prints it: the values
 * its start-up derived (GLRO fields, the CPU's), the environment with the
 * values of variables outside glibc's list hidden, the configured paths,
 * the auxiliary vector, uname and the cpu_features block, one
 * "label=value" a line.  Users compare it with ld.so's, so the words, the
 * order and the quoting are glibc's (including its octal escape, which
 * repeats the top digit). */
#include "glibc.h"
#include "cpu-print.h"
#include "cpu.h"
#include "out.h"
#include "sys.h"
#include "util.h"

static void out(const char *s, size_t n)
{
	r_write_all(1, s, n);
}

/* One character, quoted as glibc quotes it: signed char arithmetic. */
static void quoted_char(char c)
{
	if (c < ' ' || c > '~') {
		char esc[4] = { '\\', (char)('0' + ((c >> 6) & 7)), (char)('0' + ((c >> 6) & 7)),
				(char)('0' + (c & 7)) };
		out(esc, 4);
		return;
	}
	if (c == '\\' || c == '"')
		out("\\", 1);
	out(&c, 1);
}

/* "s" for n bytes of s. */
static void string_n(const char *s, size_t n)
{
	out("\"", 1);
	for (size_t i = 0; i < n; i++)
		quoted_char(s[i]);
	out("\"", 1);
}

static void string(const char *label, const char *s)
{
	r_dprintf(1, "%s=", label);
	if (s)
		string_n(s, r_strlen(s));
	else
		out("0x0", 3);
	out("\n", 1);
}

static void value(const char *label, uint64_t v)
{
	r_dprintf(1, "%s=0x%lx\n", label, (unsigned long)v);
}

/* Whether ld.so shows the value of the variable env, whose name is
 * *name_len bytes: LC_*, LD_*, MALLOC_* and a fixed list; an entry
 * without '=' is shown whole. */
static bool unfiltered(const char *env, size_t *name_len)
{
	static const char *const shown[] = {
		"DATEMSK", "GCONV_PATH", "GETCONF_DIR", "GLIBC_TUNABLES", "GMON_OUTPUT_PREFIX",
		"HESIOD_CONFIG", "HES_DOMAIN", "HOSTALIASES", "I18NPATH", "IFS", "LANG",
		"LOCALDOMAIN", "LOCPATH", "MSGVERB", "NIS_DEFAULTS", "NIS_GROUP", "NIS_PATH",
		"NLSPATH", "PATH", "POSIXLY_CORRECT", "RESOLV_HOST_CONF", "RES_OPTIONS",
		"SEV_LEVEL", "TMPDIR", "TZ", "TZDIR",
	};
	const char *eq = r_strchr(env, '=');
	*name_len = eq ? (size_t)(eq - env) : r_strlen(env);
	if (!eq)
		return true;
	if (env[0] == 'L' && (env[1] == 'C' || env[1] == 'D') && env[2] == '_')
		return true;
	if (r_strncmp(env, "MALLOC_", 7) == 0)
		return true;
	for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
		if (r_strlen(shown[i]) == *name_len && r_strncmp(shown[i], env, *name_len) == 0)
			return true;
	return false;
}

static void environment(void)
{
	unsigned i = 0;
	for (char **e = R.envp; *e; e++, i++) {
		size_t name_len;
		bool shown = unfiltered(*e, &name_len);
		r_dprintf(1, "env%s[0x%x]=", shown ? "" : "_filtered", i);
		string_n(*e, shown ? r_strlen(*e) : name_len);
		out("\n", 1);
	}
}

static void paths(void)
{
	static const char *const system_dirs[] = {
		"/lib/x86_64-linux-gnu/", "/usr/lib/x86_64-linux-gnu/", "/lib/", "/usr/lib/",
	};
	string("path.prefix", "/usr");
	string("path.rtld", "/lib64/ld-linux-x86-64.so.2");
	string("path.sysconfdir", "/etc");
	for (unsigned i = 0; i < sizeof system_dirs / sizeof system_dirs[0]; i++) {
		r_dprintf(1, "path.system_dirs[0x%x]=", i);
		string_n(system_dirs[i], r_strlen(system_dirs[i]));
		out("\n", 1);
	}
	string("version.release", "stable");
	string("version.version", "2.36");
}

/* The strings of AT_EXECFN, AT_PLATFORM and AT_BASE_PLATFORM are shown,
 * not their addresses. */
static void auxv(void)
{
	unsigned i = 0;
	for (const Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++, i++) {
		r_dprintf(1, "auxv[0x%x].a_type=0x%lx\nauxv[0x%x].a_val=", i,
			  (unsigned long)a->a_type, i);
		if (a->a_type == AT_EXECFN || a->a_type == AT_PLATFORM ||
		    a->a_type == AT_BASE_PLATFORM)
			string_n((const char *)a->a_un.a_val, r_strlen((const char *)a->a_un.a_val));
		else
			r_dprintf(1, "0x%lx", (unsigned long)a->a_un.a_val);
		out("\n", 1);
	}
}

/* The six fields of struct utsname, 65 bytes each on Linux. */
static void uname(void)
{
	static const char *const field[6] = { "uname.sysname", "uname.nodename", "uname.release",
					      "uname.version", "uname.machine", "uname.domainname" };
	char u[6][65];
	if (rsys1(__NR_uname, (long)u) != 0)
		return;
	for (unsigned i = 0; i < 6; i++) {
		u[i][64] = 0;
		string(field[i], u[i]);
	}
}

/* ld.so's platform numbers: its x86_64 platforms from 48 on, -1 for
 * any other string. */
static uint64_t string_platform(const char *p)
{
	if (p && r_strcmp(p, "haswell") == 0)
		return 48 + 2;
	if (p && r_strcmp(p, "xeon_phi") == 0)
		return 48 + 3;
	return (uint64_t)-1;
}

/* Which of the glibc-hwcaps subdirectories x86-64-v4, v3 and v2 the CPU
 * can use (bit 0: v4), from its ISA levels (bit 1: v2).  ld.so computes
 * them again from the active words, after glibc.cpu.hwcaps masked some:
 * isa_1 is from before. */
static uint64_t hwcaps_active(uint32_t isa_1)
{
	int active = 0;
	for (uint32_t level = 2; level <= 8 && (isa_1 & level); level <<= 1)
		active++;
	return 7u ^ ((1u << (3 - active)) - 1);
}

static const char *profile_output(void)
{
	const char *dir = R.secure ? "/var/profile" : "/var/tmp";
	for (char **e = R.envp; *e && !R.secure; e++)
		if (r_strncmp(*e, "LD_PROFILE_OUTPUT=", 18) == 0 && (*e)[18])
			dir = *e + 18;
	return dir;
}

void glibc_list_diagnostics(void)
{
	char *cf = _rtld_global_ro + GLIBC_OFF_GLRO_DL_X86_CPU_FEATURES;
	GLRO(GLIBC_OFF_GLRO_DL_PLATFORM, const char *) = R.platform && *R.platform ? R.platform : 0;
	glibc_cpu_features(cf);
	const char *platform = GLRO(GLIBC_OFF_GLRO_DL_PLATFORM, const char *);
	uint64_t hwcap2 = 0;
	for (const Elf64_auxv_t *a = R.auxv; a->a_type != AT_NULL; a++)
		if (a->a_type == AT_HWCAP2)
			hwcap2 = a->a_un.a_val;

	string("dl_dst_lib", "lib/x86_64-linux-gnu");
	value("dl_hwcap", GLRO(GLIBC_OFF_GLRO_DL_HWCAP, uint64_t));
	value("dl_hwcap_important", 0x6);	/* HWCAP_X86_64 | HWCAP_X86_AVX512_1 */
	value("dl_hwcap2", hwcap2);
	string("dl_hwcaps_subdirs", "x86-64-v4:x86-64-v3:x86-64-v2");
	value("dl_hwcaps_subdirs_active", hwcaps_active(glibc_isa_level(cf)));
	value("dl_pagesize", R.pagesz);
	string("dl_platform", platform);
	string("dl_profile_output", profile_output());
	value("dl_string_platform", string_platform(platform));
	string("dso.ld", "ld-linux-x86-64.so.2");
	string("dso.libc", "libc.so.6");
	environment();
	paths();
	auxv();
	uname();
	glibc_cpu_print(cf, out);
}
