/* gbasic: what an ordinary C program does with its libc, one group of
 * checks per subcommand (see main at the end). */
#define _GNU_SOURCE
#include <assert.h>
#include <dlfcn.h>
#include <errno.h>
#include <gnu/libc-version.h>
#include <iconv.h>
#include <langinfo.h>
#include <link.h>
#include <locale.h>
#include <netdb.h>
#include <arpa/inet.h>
#include <pwd.h>
#include <grp.h>
#include <setjmp.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/auxv.h>
#include <sys/platform/x86.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/time.h>
#include <unistd.h>
#include <wchar.h>
#include <wctype.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <malloc.h>
#include "gl.h"

static void at_exit_1(void) { printf("atexit handler 1\n"); }
static void at_exit_2(void) { printf("atexit handler 2\n"); }

static int c_printf(int argc, char **argv)
{
	(void)argc, (void)argv;
	atexit(at_exit_1);
	atexit(at_exit_2);
	printf("int %d, padded [%5d] [%-5d], hex %#x, octal %o\n", -42, 7, 7, 255u, 8u);
	printf("long %ld, long long %lld, size %zu, char %c, string %s, %%\n",
	       -1234567890L, 123456789012345LL, (size_t)77, 'x', "text");
	printf("double %f %.3f %e %g %a\n", 3.14159, 2.0 / 3, 12345.678, 0.0001, 1.0);
	char buf[64];
	int n = snprintf(buf, sizeof buf, "%s-%d-%.2f", "snprintf", 5, 1.005);
	printf("%s (%d)\n", buf, n);
	char *s;
	if (asprintf(&s, "asprintf %0*d", 6, 42) > 0) {
		puts(s);
		free(s);
	}
	fprintf(stderr, "a line on stderr\n");
	fflush(stdout);
	dprintf(1, "dprintf to fd 1\n");
	exit(3);
}

static int c_malloc(int argc, char **argv)
{
	(void)argc, (void)argv;
	int ok = 1;
	enum { N = 2000 };
	static unsigned char *p[N];
	for (int i = 0; i < N; i++) {
		size_t n = (size_t)(i * 37 % 5000) + 1;
		p[i] = malloc(n);
		ok &= p[i] != NULL && malloc_usable_size(p[i]) >= n;
		memset(p[i], i & 0xff, n);
	}
	for (int i = 0; i < N; i++) {
		size_t n = (size_t)(i * 37 % 5000) + 1;
		for (size_t k = 0; k < n; k++)
			ok &= p[i][k] == (i & 0xff);
		if (i % 2)
			free(p[i]);
	}
	gl_check(ok, "2000 blocks of 1 to 5000 bytes keep their contents");
	for (int i = 0; i < N; i += 2)
		free(p[i]);
	unsigned char *big = malloc(32 << 20);
	ok = big != NULL;
	if (big) {
		big[0] = 1, big[(32 << 20) - 1] = 2;
		ok = big[0] + big[(32 << 20) - 1] == 3;
	}
	free(big);
	gl_check(ok, "32 MiB block (mmap)");
	unsigned *z = calloc(10000, sizeof *z);
	ok = z != NULL;
	for (int i = 0; z && i < 10000; i++)
		ok &= z[i] == 0;
	free(z);
	gl_check(ok, "calloc zeroes");
	char *r = malloc(16);
	strcpy(r, "realloc keeps");
	for (size_t n = 32; n < (1 << 22); n *= 2)
		r = realloc(r, n);
	gl_check(strcmp(r, "realloc keeps") == 0, "realloc from 16 bytes to 4 MiB keeps the contents");
	free(r);
	void *a = NULL;
	ok = posix_memalign(&a, 4096, 100) == 0 && ((uintptr_t)a & 4095) == 0;
	free(a);
	a = aligned_alloc(64, 640);
	ok &= a && ((uintptr_t)a & 63) == 0;
	free(a);
	gl_check(ok, "posix_memalign(4096) and aligned_alloc(64)");
	errno = 0;
	void *huge = malloc(SIZE_MAX / 2);
	gl_check(huge == NULL && errno == ENOMEM, "an impossible malloc fails with ENOMEM");
	return 0;
}

/* 64 MiB through memcpy, memmove and memset, with a checksum. */
static uint64_t fnv(const unsigned char *p, size_t n)
{
	uint64_t h = 14695981039346656037ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 1099511628211ull;
	return h;
}

static int c_memcpy(int argc, char **argv)
{
	(void)argc, (void)argv;
	size_t n = 64 << 20;
	unsigned char *a = malloc(n + 8192), *b = malloc(n + 8192);
	if (!a || !b)
		return 1;
	uint32_t x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		a[i] = (unsigned char)(x >> 16);
	}
	uint64_t sum = fnv(a, n);
	printf("source checksum %016llx\n", (unsigned long long)sum);
	memcpy(b, a, n);
	printf("memcpy: checksum %016llx, memcmp %d\n", (unsigned long long)fnv(b, n),
	       memcmp(a, b, n) == 0);
	memcpy(b + 3, a + 1, n - 4);	/* misaligned */
	printf("misaligned memcpy: checksum %016llx\n", (unsigned long long)fnv(b, n));
	memmove(b + 4097, b, n - 4097);	/* overlapping, forwards */
	printf("memmove up: checksum %016llx\n", (unsigned long long)fnv(b, n));
	memmove(b, b + 33, n - 33);	/* overlapping, backwards */
	printf("memmove down: checksum %016llx\n", (unsigned long long)fnv(b, n));
	memset(b + 100, 0x5a, n - 200);
	printf("memset: checksum %016llx\n", (unsigned long long)fnv(b, n));
	memset(a, 'y', n);
	a[n - 1] = 0;
	printf("strlen %zu, strchr finds the end %d, memchr %d\n", strlen((char *)a),
	       strchr((char *)a, 0) == (char *)a + n - 1, memchr(a, 0, n) == a + n - 1);
	a[n / 2] = 'z';
	printf("memcmp sign %d, strrchr at %td\n", memcmp(a, b, n) > 0,
	       strrchr((char *)a, 'z') - (char *)a);
	free(a);
	free(b);
	return 0;
}

struct phdr_info {
	const ElfW(Phdr) *main_phdr;
	size_t main_phnum;
	uintptr_t vdso;
};

static int phdr_cb(struct dl_phdr_info *i, size_t size, void *data)
{
	(void)size;
	struct phdr_info *pi = data;
	if (!pi->main_phdr) {
		pi->main_phdr = i->dlpi_phdr;
		pi->main_phnum = i->dlpi_phnum;
	}
	if (strcmp(i->dlpi_name, "linux-vdso.so.1") == 0)
		pi->vdso = i->dlpi_addr;
	return 0;
}

extern char _start[];

static int c_auxv(int argc, char **argv)
{
	(void)argc;
	const char *argv0 = argv[-1];
	struct phdr_info pi = { 0 };
	dl_iterate_phdr(phdr_cb, &pi);
	gl_check(getauxval(AT_PAGESZ) == (unsigned long)sysconf(_SC_PAGESIZE), "AT_PAGESZ is the page size");
	gl_check(getauxval(AT_PHDR) == (uintptr_t)pi.main_phdr, "AT_PHDR is the program's headers");
	gl_check(getauxval(AT_PHNUM) == pi.main_phnum, "AT_PHNUM is their number");
	gl_check(getauxval(AT_PHENT) == sizeof(ElfW(Phdr)), "AT_PHENT");
	gl_check(getauxval(AT_ENTRY) == (uintptr_t)_start, "AT_ENTRY is _start");
	const char *fn = (const char *)getauxval(AT_EXECFN);
	gl_check(fn && strcmp(fn, argv0) == 0, "AT_EXECFN is argv[0]");
	gl_check(getauxval(AT_SYSINFO_EHDR) == pi.vdso && pi.vdso, "AT_SYSINFO_EHDR is the vDSO");
	gl_check(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
		 getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid(), "AT_UID and co.");
	gl_check(getauxval(AT_SECURE) == 0, "AT_SECURE is 0");
	gl_check(getauxval(AT_RANDOM) != 0, "AT_RANDOM is set");
	gl_check(getauxval(AT_CLKTCK) == (unsigned long)sysconf(_SC_CLK_TCK), "AT_CLKTCK is sysconf's");
	/* on x86_64, glibc's own values (HWCAP_X86_64...), not the kernel's */
	printf("AT_HWCAP %#lx, AT_HWCAP2 %#lx\n", getauxval(AT_HWCAP), getauxval(AT_HWCAP2));
	const char *plat = (const char *)getauxval(AT_PLATFORM);
	gl_check(plat && strcmp(plat, "x86_64") == 0, "AT_PLATFORM is x86_64");
	errno = 0;
	gl_check(getauxval(12345) == 0 && errno == ENOENT, "an absent entry: 0 and ENOENT");
	return 0;
}

static int c_locale(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("default locale: %s\n", setlocale(LC_ALL, NULL));
	const char *l = setlocale(LC_ALL, "C.UTF-8");
	printf("setlocale(C.UTF-8): %s\n", l ? l : "(null)");
	printf("codeset: %s\n", nl_langinfo(CODESET));
	const char *text = "h\xc3\xa9llo \xe2\x82\xac \xe4\xb8\xad";	/* héllo € 中 */
	wchar_t w[32];
	size_t n = mbstowcs(w, text, 32);
	printf("mbstowcs: %zu characters, bytes %zu\n", n, strlen(text));
	printf("towupper(U+00E9) = U+%04X, iswalpha %d, wcwidth(U+4E2D) = %d\n",
	       (unsigned)towupper(w[1]), iswalpha(w[1]) != 0, wcwidth(w[8]));
	printf("%%ls: %ls\n", w);
	struct tm tm = { .tm_year = 70, .tm_mon = 0, .tm_mday = 2, .tm_hour = 3, .tm_wday = 5 };
	char buf[100];
	strftime(buf, sizeof buf, "%A %d %B %Y %H:%M %x", &tm);
	printf("strftime: %s\n", buf);
	printf("decimal point: %s, 1234.5 as %%'.1f: %'.1f\n", localeconv()->decimal_point, 1234.5);
	l = setlocale(LC_ALL, "xx_NOWHERE.UTF-8");
	printf("setlocale(xx_NOWHERE.UTF-8): %s\n", l ? l : "(null)");
	return 0;
}

static void convert(const char *to, const char *from, const char *in, size_t len)
{
	iconv_t cd = iconv_open(to, from);
	if (cd == (iconv_t)-1) {
		printf("iconv_open(%s, %s): %s\n", to, from, strerror(errno));
		return;
	}
	char out[256], *ip = (char *)in, *op = out;
	size_t il = len, ol = sizeof out;
	size_t r = iconv(cd, &ip, &il, &op, &ol);
	printf("%s -> %s: %s", from, to, r == (size_t)-1 ? strerror(errno) : "ok");
	for (char *p = out; p < op; p++)
		printf(" %02x", (unsigned char)*p);
	printf("\n");
	iconv_close(cd);
}

static int c_iconv(int argc, char **argv)
{
	(void)argc, (void)argv;
	const char *text = "A\xc3\xa9\xe2\x82\xac";	/* Aé€ */
	convert("ISO-8859-15", "UTF-8", text, strlen(text));	/* a gconv module */
	convert("UTF-16LE", "UTF-8", text, strlen(text));	/* built in */
	convert("IBM037", "UTF-8", "Hello", 5);	/* EBCDIC, a module */
	convert("ISO-8859-1", "UTF-8", text, strlen(text));	/* € has no place */
	convert("NO-SUCH-CHARSET", "UTF-8", text, strlen(text));
	return 0;
}

static int c_nss(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct passwd *pw = getpwuid(0);
	if (pw)
		printf("getpwuid(0): %s uid %d gid %d home %s shell %s\n", pw->pw_name,
		       (int)pw->pw_uid, (int)pw->pw_gid, pw->pw_dir, pw->pw_shell);
	else
		printf("getpwuid(0): none\n");
	pw = getpwnam("root");
	printf("getpwnam(root): uid %d\n", pw ? (int)pw->pw_uid : -1);
	errno = 0;
	pw = getpwnam("no-such-user-here");
	printf("getpwnam(no-such-user-here): %s\n", pw ? pw->pw_name : "none");
	struct group *gr = getgrgid(0);
	printf("getgrgid(0): %s\n", gr ? gr->gr_name : "none");

	struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int e = getaddrinfo("localhost", "80", &hints, &res);
	printf("getaddrinfo(localhost, 80): %s\n", e ? gai_strerror(e) : "ok");
	for (struct addrinfo *ai = res; ai; ai = ai->ai_next) {
		char host[64], serv[16];
		getnameinfo(ai->ai_addr, ai->ai_addrlen, host, sizeof host, serv, sizeof serv,
			    NI_NUMERICHOST | NI_NUMERICSERV);
		printf("  family %s address %s port %s\n", ai->ai_family == AF_INET ? "inet" : "inet6",
		       host, serv);
	}
	if (res)
		freeaddrinfo(res);
	e = getaddrinfo("no-such-host.invalid", NULL, &hints, &res);
	printf("getaddrinfo(no-such-host.invalid) fails: %d\n", e != 0);
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_port = htons(80) };
	inet_pton(AF_INET, "127.0.0.1", &sin.sin_addr);
	char host[64];
	e = getnameinfo((struct sockaddr *)&sin, sizeof sin, host, sizeof host, NULL, 0, NI_NAMEREQD);
	printf("getnameinfo(127.0.0.1): %s\n", e ? gai_strerror(e) : host);
	struct servent *se = getservbyname("http", "tcp");
	printf("getservbyname(http): %d\n", se ? ntohs(se->s_port) : -1);
	struct protoent *pe = getprotobyname("udp");
	printf("getprotobyname(udp): %d\n", pe ? pe->p_proto : -1);
	return 0;
}

static volatile sig_atomic_t got;
static char handler_note[128];

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got = sig;
	/* strsignal is called here for the first time: lazy binding in a
	 * signal handler */
	snprintf(handler_note, sizeof handler_note, "handler: %s, si_signo %d, from tkill %d",
		 strsignal(sig), si->si_signo, si->si_code == SI_TKILL);
}

static void on_usr2(int sig)
{
	got = sig;
}

static jmp_buf segv_jump;

static void on_segv(int sig)
{
	(void)sig;
	longjmp(segv_jump, 1);
}

static int c_signal(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigemptyset(&sa.sa_mask);
	printf("sigaction: %d\n", sigaction(SIGUSR1, &sa, NULL));
	printf("raise: %d\n", raise(SIGUSR1));
	printf("%s; got %d\n", handler_note, (int)got);
	signal(SIGUSR2, on_usr2);
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	got = 0;
	kill(getpid(), SIGUSR2);
	sigpending(&pending);
	printf("blocked: pending %d, delivered %d\n", sigismember(&pending, SIGUSR2), (int)got);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	printf("unblocked: delivered %d\n", (int)got);
	/* a fault on an alternate signal stack */
	stack_t ss = { .ss_sp = malloc(1 << 16), .ss_size = 1 << 16 };
	sigaltstack(&ss, NULL);
	struct sigaction sv = { .sa_handler = on_segv, .sa_flags = SA_ONSTACK | SA_NODEFER };
	sigemptyset(&sv.sa_mask);
	sigaction(SIGSEGV, &sv, NULL);
	if (setjmp(segv_jump) == 0) {
		int *volatile nowhere = (int *)16;
		*nowhere = 1;
		printf("no fault\n");
	} else {
		printf("SIGSEGV handled on the alternate stack\n");
	}
	printf("psignal text: %s / %s\n", strsignal(SIGTERM), sigabbrev_np(SIGTERM));
	fflush(stdout);
	signal(SIGTERM, SIG_DFL);
	raise(SIGTERM);
	return 0;
}

static int c_abort(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("before abort\n");
	fflush(stdout);
	abort();
}

static int c_assert(int argc, char **argv)
{
	(void)argv;
	printf("before the assertion\n");
	fflush(stdout);
	assert(argc == 99);
	return 0;
}

static int c_doublefree(int argc, char **argv)
{
	(void)argc, (void)argv;
	char *volatile p = malloc(40);
	free(p);
	printf("freed once\n");
	fflush(stdout);
	free(p);
	printf("freed twice\n");
	return 0;
}

static jmp_buf jb;
static int counter;

static int deep(int n)
{
	if (n < 0)
		return 0;
	if (n == 0)
		longjmp(jb, 42);
	counter++;
	return deep(n - 1) + 1;
}

static void fini_notice(void) { printf("exit handler after longjmp\n"); }

static int c_setjmp(int argc, char **argv)
{
	(void)argc, (void)argv;
	int r = setjmp(jb);
	if (r == 0) {
		deep(100);
		printf("not reached\n");
	}
	printf("longjmp returned %d, counter %d\n", r, counter);
	sigjmp_buf sj;
	if (sigsetjmp(sj, 1) == 0) {
		printf("sigsetjmp first\n");
		siglongjmp(sj, 1);
	}
	printf("siglongjmp back\n");
	on_exit((void (*)(int, void *))fini_notice, NULL);
	return 0;
}

/* What libc tells programs about the CPU (<sys/platform/x86.h>): it is
 * the cpu_features the dynamic linker filled in. */
static int c_cpu(int argc, char **argv)
{
	(void)argc, (void)argv;
#define F(x) printf("%-10s present %d active %d\n", #x, CPU_FEATURE_PRESENT(x) != 0, \
		    CPU_FEATURE_ACTIVE(x) != 0)
	F(SSE2); F(SSE3); F(SSSE3); F(SSE4_1); F(SSE4_2); F(POPCNT); F(AVX); F(AVX2); F(FMA);
	F(BMI1); F(BMI2); F(LZCNT); F(MOVBE); F(ERMS); F(FSRM); F(AVX512F); F(AVX512BW);
	F(AVX512VL); F(XSAVE); F(OSXSAVE); F(XSAVEC); F(RDRAND); F(RDSEED); F(AES); F(SHA);
	F(RTM); F(CMOV); F(FXSR); F(LAHF64_SAHF64);
#undef F
	return 0;
}

/* Which implementation every IFUNC of libc, libm and libmvec selects:
 * each resolver reads cpu_features, so two dynamic linkers that fill it
 * alike give the same offsets.  The symbols are those of type
 * STT_GNU_IFUNC in the object's .dynsym, read from its file; dlsym runs
 * the resolver.  time and gettimeofday choose the vDSO, not a CPU variant
 * (basic_vdso covers them). */
struct ifunc_find { const char *soname; const char *path; };

static int ifunc_path(struct dl_phdr_info *i, size_t size, void *data)
{
	struct ifunc_find *f = data;
	(void)size;
	if (strcmp(gl_base(i->dlpi_name), f->soname) != 0)
		return 0;
	f->path = i->dlpi_name;
	return 1;
}

static void ifunc_object(const char *soname)
{
	void *h = dlopen(soname, RTLD_NOW);
	struct ifunc_find f = { soname, NULL };
	dl_iterate_phdr(ifunc_path, &f);
	FILE *fp = f.path ? fopen(f.path, "rb") : NULL;
	if (!h || !fp) {
		printf("FAIL %s not loaded or not readable\n", soname);
		return;
	}
	fseek(fp, 0, SEEK_END);
	long len = ftell(fp);
	char *file = malloc((size_t)len);
	rewind(fp);
	if (fread(file, 1, (size_t)len, fp) != (size_t)len)
		len = 0;
	fclose(fp);
	const ElfW(Ehdr) *eh = (const void *)file;
	const ElfW(Shdr) *sh = (const void *)(file + eh->e_shoff);
	for (int s = 0; len && s < eh->e_shnum; s++) {
		if (sh[s].sh_type != SHT_DYNSYM)
			continue;
		const ElfW(Sym) *sym = (const void *)(file + sh[s].sh_offset);
		const char *str = file + sh[sh[s].sh_link].sh_offset;
		for (size_t i = 0; i < sh[s].sh_size / sizeof *sym; i++) {
			const char *name = str + sym[i].st_name;
			if (ELF64_ST_TYPE(sym[i].st_info) != STT_GNU_IFUNC || !sym[i].st_shndx ||
			    !strcmp(name, "time") || strstr(name, "gettimeofday"))
				continue;
			void *p = dlsym(h, name);
			Dl_info di;
			if (p && dladdr(p, &di) && di.dli_fname)
				printf("%s %s: %s+%#lx\n", soname, name, gl_base(di.dli_fname),
				       (unsigned long)((char *)p - (char *)di.dli_fbase));
			else
				printf("%s %s: not resolved\n", soname, name);
		}
	}
	free(file);
}

static int c_ifunc(int argc, char **argv)
{
	(void)argc, (void)argv;
	/* The program's own references (GLOB_DAT) get what dlsym gets. */
	static const struct {
		const char *name;
		void *addr;
	} refs[] = {
#define R(f) { #f, (void *)f }
		R(memcpy), R(memmove), R(memset), R(memcmp), R(memchr), R(rawmemchr), R(strlen),
		R(strchr), R(strrchr), R(strcmp), R(strncmp), R(strcpy), R(stpcpy), R(strcasecmp),
		R(strstr), R(strspn), R(wcslen), R(wmemset),
#undef R
	};
	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		char what[80];
		snprintf(what, sizeof what, "&%s is the implementation dlsym selects", refs[i].name);
		gl_check(refs[i].addr == dlsym(RTLD_DEFAULT, refs[i].name), what);
	}
	ifunc_object("libc.so.6");
	ifunc_object("libm.so.6");
	ifunc_object("libmvec.so.1");
	return 0;
}

static int c_sysconf(int argc, char **argv)
{
	(void)argc, (void)argv;
	static const struct {
		const char *name;
		int id;
	} v[] = {
#define S(x) { #x, x }
		S(_SC_LEVEL1_ICACHE_SIZE), S(_SC_LEVEL1_ICACHE_ASSOC), S(_SC_LEVEL1_ICACHE_LINESIZE),
		S(_SC_LEVEL1_DCACHE_SIZE), S(_SC_LEVEL1_DCACHE_ASSOC), S(_SC_LEVEL1_DCACHE_LINESIZE),
		S(_SC_LEVEL2_CACHE_SIZE), S(_SC_LEVEL2_CACHE_ASSOC), S(_SC_LEVEL2_CACHE_LINESIZE),
		S(_SC_LEVEL3_CACHE_SIZE), S(_SC_LEVEL3_CACHE_ASSOC), S(_SC_LEVEL3_CACHE_LINESIZE),
		S(_SC_LEVEL4_CACHE_SIZE), S(_SC_PAGESIZE), S(_SC_CLK_TCK), S(_SC_MINSIGSTKSZ),
		S(_SC_SIGSTKSZ), S(_SC_NPROCESSORS_CONF), S(_SC_OPEN_MAX), S(_SC_THREAD_STACK_MIN),
#undef S
	};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		printf("%s %ld\n", v[i].name, sysconf(v[i].id));
	return 0;
}

static int c_version(int argc, char **argv)
{
	(void)argc, (void)argv;
	char buf[64];
	printf("gnu_get_libc_version: %s, release: %s\n", gnu_get_libc_version(),
	       gnu_get_libc_release());
	confstr(_CS_GNU_LIBC_VERSION, buf, sizeof buf);
	printf("_CS_GNU_LIBC_VERSION: %s\n", buf);
	confstr(_CS_GNU_LIBPTHREAD_VERSION, buf, sizeof buf);
	printf("_CS_GNU_LIBPTHREAD_VERSION: %s\n", buf);
	return 0;
}

/* The time functions must not need system calls: libc calls the vDSO
 * through pointers the dynamic linker filled in.  A seccomp filter makes
 * the system calls fail with EPERM, so any fallback shows. */
static int c_vdso(int argc, char **argv)
{
	(void)argc, (void)argv;
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clock_gettime, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_gettimeofday, 3, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_time, 2, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clock_getres, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
	};
	struct sock_fprog prog = { sizeof f / sizeof f[0], f };
	printf("filter installed: %d\n", prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
	       prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) == 0);
	errno = 0;
	printf("direct clock_gettime system call: %s\n",
	       syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &(struct timespec){ 0 }) == 0 ? "ok" : strerror(errno));
	struct timespec ts;
	errno = 0;
	int r = clock_gettime(CLOCK_MONOTONIC, &ts);
	printf("clock_gettime(CLOCK_MONOTONIC): %s\n", r == 0 ? "ok" : strerror(errno));
	errno = 0;
	r = clock_gettime(CLOCK_REALTIME, &ts);
	printf("clock_gettime(CLOCK_REALTIME): %s\n", r == 0 ? "ok" : strerror(errno));
	struct timeval tv;
	errno = 0;
	r = gettimeofday(&tv, NULL);
	printf("gettimeofday: %s\n", r == 0 ? "ok" : strerror(errno));
	errno = 0;
	time_t t = time(NULL);
	printf("time: %s\n", t != (time_t)-1 ? "ok" : strerror(errno));
	errno = 0;
	r = clock_getres(CLOCK_MONOTONIC, &ts);
	printf("clock_getres: %s\n", r == 0 ? "ok" : strerror(errno));
	return 0;
}

/* Restartable sequences: glibc 2.36's ld.so registers the main thread's
 * rseq area and publishes it through __rseq_size and __rseq_offset. */
extern const unsigned int __rseq_size __attribute__((weak));
extern const ptrdiff_t __rseq_offset __attribute__((weak));

static int c_rseq(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("__rseq_size %u\n", &__rseq_size ? __rseq_size : 0u);
	if (&__rseq_size && __rseq_size) {
		char *tp;
		__asm__("mov %%fs:0, %0" : "=r"(tp));
		const volatile int *cpu_id = (const volatile int *)(tp + __rseq_offset + 4);
		printf("registered: cpu_id %s\n", *cpu_id >= 0 ? ">= 0" : "< 0");
		printf("sched_getcpu agrees: %d\n", sched_getcpu() == *cpu_id);
	}
	printf("sched_getcpu works: %d\n", sched_getcpu() >= 0);
	return 0;
}

/* The arguments, and the environment variables a dynamic linker may
 * remove or rewrite (the test's own start with GL_). */
static int c_args(int argc, char **argv)
{
	static const char *const shown[] = { "GL_", "LD_", "MALLOC_", "GLIBC_TUNABLES=", "TMPDIR=",
					     "TZDIR=", "GCONV_PATH=", "NLSPATH=", "LOCALDOMAIN=",
					     "RES_OPTIONS=", "HOSTALIASES=", NULL };
	printf("argc %d, argv[0] %s\n", argc + 1, gl_base(argv[-1]));
	for (int i = 1; i < argc; i++)
		printf("argv[%d] %s\n", i + 1, argv[i]);
	printf("program_invocation_short_name %s\n", program_invocation_short_name);
	printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
	extern char **environ;
	for (char **e = environ; *e; e++)
		for (const char *const *p = shown; *p; p++)
			if (strncmp(*e, *p, strlen(*p)) == 0)
				printf("env %s\n", *e);
	printf("secure_getenv(GL_VAR): %s\n", secure_getenv("GL_VAR") ? secure_getenv("GL_VAR") : "(null)");
	return 0;
}

/* GLIBC_TUNABLES as the dynamic linker left it in the environment block
 * the kernel wrote (/proc/self/environ): ld.so reads the variable from
 * there and ends each value it takes with a NUL, shown as '|'; the
 * program's environ has an intact copy.  As long as that copy. */
static void show_environ_block(void)
{
	const char *t = getenv("GLIBC_TUNABLES");
	static char block[1 << 16];
	size_t n = 0;
	ssize_t got;
	FILE *f = t ? fopen("/proc/self/environ", "r") : NULL;
	if (!f) {
		printf("environment block: %s\n", t ? "unreadable" : "no GLIBC_TUNABLES");
		return;
	}
	while (n < sizeof block && (got = fread(block + n, 1, sizeof block - n, f)) > 0)
		n += (size_t)got;
	fclose(f);
	for (char *e = block; e < block + n; e += strlen(e) + 1) {
		if (strncmp(e, "GLIBC_TUNABLES=", 15) != 0)
			continue;
		printf("environment block: ");
		for (size_t i = 0; i < 15 + strlen(t) && e + i < block + n; i++)
			putchar(e[i] ? e[i] : '|');
		putchar('\n');
		return;
	}
	printf("environment block: GLIBC_TUNABLES not found\n");
}

/* malloc's tunables (GLIBC_TUNABLES, or MALLOC_PERTURB_ and the other
 * variables that stand for them) are read by the dynamic linker at
 * start-up and given to malloc; each line shows what one of them does:
 * glibc.malloc.perturb=N fills a new block with N ^ 0xff; top_pad is
 * what the heap grows by beyond a request; mmap_threshold and mmap_max
 * decide whether a large block is mmapped; with tcache_count=0 small
 * freed blocks go to the fastbins. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
static int c_tunables(int argc, char **argv)
{
	(void)argc, (void)argv;
	volatile unsigned char *p = malloc(5000);	/* not from the tcache */
	printf("byte 100 of a new 5000-byte block: %#x\n", p[100]);
	printf("heap after it: %zu bytes\n", mallinfo2().arena);
	size_t mmapped = mallinfo2().hblks;
	void *volatile big = malloc(300000);
	printf("a 300000-byte block is mmapped: %d\n", mallinfo2().hblks > mmapped);
	void *volatile small[3];
	for (int i = 0; i < 3; i++)
		small[i] = malloc(32);
	for (int i = 0; i < 3; i++)
		free(small[i]);
	printf("bytes of freed small blocks in fastbins: %zu\n", mallinfo2().fsmblks);
	free(big);
	free((void *)p);
	show_environ_block();
	return 0;
}
#pragma GCC diagnostic pop

/* With libgmalloc.so preloaded, malloc and friends are its and count
 * their calls, also those from within libc. */
static int c_interpose(int argc, char **argv)
{
	(void)argc, (void)argv;
	void (*counts)(long *) = (void (*)(long *))dlsym(RTLD_DEFAULT, "gmalloc_counts");
	Dl_info di;
	void *(*volatile m)(size_t) = malloc;
	printf("malloc is from %s\n", dladdr((void *)m, &di) ? gl_base(di.dli_fname) : "?");
	if (!counts) {
		printf("no interposer\n");
		return 0;
	}
	long before[4], after[4];
	counts(before);
	void *p[100];
	for (int i = 0; i < 100; i++)
		p[i] = malloc((size_t)i * 8 + 1);
	for (int i = 0; i < 100; i++)
		free(p[i]);
	for (int i = 0; i < 10; i++)
		free(calloc(3, (size_t)i + 1));
	char *r = NULL;
	for (int i = 0; i < 10; i++)
		r = realloc(r, (size_t)i * 100 + 10);
	free(r);
	for (int i = 0; i < 10; i++)
		free(strdup("copied by libc"));
	counts(after);
	printf("malloc %ld, free %ld, calloc %ld, realloc %ld\n", after[0] - before[0],
	       after[1] - before[1], after[2] - before[2], after[3] - before[3]);
	return 0;
}

int main(int argc, char **argv)
{
	static const struct gl_cmd cmds[] = {
		{ "printf", c_printf }, { "malloc", c_malloc }, { "memcpy", c_memcpy },
		{ "auxv", c_auxv }, { "locale", c_locale }, { "iconv", c_iconv }, { "nss", c_nss },
		{ "signal", c_signal }, { "abort", c_abort }, { "assert", c_assert },
		{ "doublefree", c_doublefree }, { "setjmp", c_setjmp }, { "cpu", c_cpu },
		{ "sysconf", c_sysconf }, { "version", c_version }, { "vdso", c_vdso },
		{ "rseq", c_rseq }, { "args", c_args }, { "interpose", c_interpose },
		{ "tunables", c_tunables }, { "ifunc", c_ifunc }, { 0, 0 },
	};
	return gl_dispatch(cmds, argc, argv);
}
