/* The LD_* environment, and secure mode.
 *
 * When the kernel says AT_SECURE (setuid, setgid, capabilities), ld.so
 * ignores the variables that would let the caller choose code or files for
 * a privileged program, and removes them from the environment so that
 * children do not inherit them either.  We use the same list as glibc
 * 2.36. */
#include "core.h"
#include "out.h"
#include "util.h"

static const char *const unsecure[] = {
	"GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LD_AUDIT", "LD_DEBUG",
	"LD_DEBUG_OUTPUT", "LD_DYNAMIC_WEAK", "LD_HWCAP_MASK", "LD_LIBRARY_PATH",
	"LD_ORIGIN_PATH", "LD_PRELOAD", "LD_PROFILE", "LD_SHOW_AUXV", "LD_USE_LOAD_BIAS",
	"LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF",
	"RES_OPTIONS", "TMPDIR", "TZDIR",
};

/* "NAME=value" -> value when the name matches exactly. */
static const char *value_of(const char *entry, const char *name)
{
	size_t n = r_strlen(name);
	if (r_strncmp(entry, name, n) == 0 && entry[n] == '=')
		return entry + n + 1;
	return 0;
}

static bool is_unsecure(const char *entry)
{
	for (size_t i = 0; i < sizeof unsecure / sizeof *unsecure; i++) {
		size_t n = r_strlen(unsecure[i]);
		if (r_strncmp(entry, unsecure[i], n) == 0 && entry[n] == '=')
			return true;
	}
	return false;
}

/* Removes entries in place.  The slots between the new terminator and the
 * old one are cleared: ld.so's unsetenv, which shifts the rest down,
 * leaves NULLs there. */
static void drop_unsecure(void)
{
	char **w = R.envp, **r = R.envp;
	for (; *r; r++)
		if (!is_unsecure(*r))
			*w++ = *r;
	while (w < r)
		*w++ = 0;
}

void env_process(void)
{
	const char *debug = 0, *debug_out = 0;
	bool show = false;
	for (char **e = R.envp; *e; e++) {
		const char *s = *e, *v;
		if (s[0] != 'L' || s[1] != 'D' || s[2] != '_')
			continue;
		if ((v = value_of(s, "LD_LIBRARY_PATH")))
			R.library_path = R.secure ? 0 : v;
		else if ((v = value_of(s, "LD_PRELOAD")))
			R.preload_env = v;
		else if ((v = value_of(s, "LD_BIND_NOW")))
			R.bind_now = *v != 0;
		else if ((v = value_of(s, "LD_BIND_NOT")))
			R.bind_not = *v != 0;
		else if ((v = value_of(s, "LD_WARN")))
			R.trace_warn = *v != 0;
		else if ((v = value_of(s, "LD_VERBOSE")))
			R.version_info = *v != 0;
		else if (value_of(s, "LD_SHOW_AUXV"))
			show = !R.secure;	/* whatever the value, as ld.so */
		else if (value_of(s, "LD_DYNAMIC_WEAK"))
			R.dynamic_weak = !R.secure;	/* whatever the value, as ld.so */
		else if ((v = value_of(s, "LD_TRACE_LOADED_OBJECTS")))
			R.trace = R.trace || *v != 0;
		else if ((v = value_of(s, "LD_DEBUG")))
			debug = v;
		else if ((v = value_of(s, "LD_DEBUG_OUTPUT")))
			debug_out = R.secure ? 0 : v;
	}
	/* ld.so honours LD_DEBUG in secure mode too, but only to stderr. */
	if (debug && *debug) {
		debug_parse(debug);
		if (debug_out && *debug_out)
			debug_open_output(debug_out);
	}
	if (show)
		show_auxv();
	if (R.secure)
		drop_unsecure();
}
