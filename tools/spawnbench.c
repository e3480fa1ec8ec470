/* spawnbench: times how long commands take from fork to exit.
 *
 *   spawnbench [-n RUNS] [-w WARMUP] [-r] [-v] LABEL [NAME=VALUE...] PROG [ARG...]
 *              [:: LABEL [NAME=VALUE...] PROG [ARG...]]...
 *
 * Each round runs every command once, in turn (round-robin), so drifts in
 * machine load touch all of them alike.  With -r each round runs them in a
 * new random order: what a command leaves behind when it exits (deferred
 * freeing, cold caches) then lands on a random command instead of always
 * on the one after it.  Each run is fork + execve +
 * waitpid, timed with CLOCK_MONOTONIC in the parent.  Words NAME=VALUE
 * between LABEL and PROG set (or replace) variables in that command's
 * environment only, like env(1) but without running env: the environment
 * is built once, before timing.  Prints one line per command: runs,
 * median, p25, p75 and min in microseconds, how many runs failed and the
 * median number of minor page faults of a run (getrusage of the child).  A
 * run that exits non-zero or dies by a signal is a failure: it is reported
 * and the exit status is 1.  Children's stdout and stderr go to /dev/null
 * unless -v is given. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *label;
	char *path;		/* resolved once, before timing */
	char **argv;
	char **envp;		/* environ plus this command's NAME=VALUE words */
	double *us;		/* one time per run */
	double *minflt;		/* minor page faults, one per run */
	int runs, failures;
	int last_status;
};

static void die(const char *msg)
{
	fprintf(stderr, "spawnbench: %s: %s\n", msg, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: spawnbench [-n RUNS] [-w WARMUP] [-r] [-v] LABEL [NAME=VALUE...] PROG [ARG...]\n"
		"                  [:: LABEL [NAME=VALUE...] PROG [ARG...]]...\n"
		"Runs the commands round-robin RUNS times each (default 300) after WARMUP\n"
		"untimed rounds (default 10) and prints median, p25, p75 and min in microseconds.\n"
		"-r: a new random order in each round (else the order given).\n"
		"NAME=VALUE words before PROG are added to that command's environment.\n");
	exit(2);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n, size);

	if (!p)
		die("calloc");
	return p;
}

/* PROG as execve wants it: itself if it has a slash, else found in PATH. */
static char *resolve(const char *prog)
{
	const char *path = getenv("PATH");
	size_t plen = strlen(prog);

	if (strchr(prog, '/'))
		return strdup(prog);
	for (const char *dir = path ? path : "/usr/bin:/bin"; *dir;) {
		size_t dlen = strcspn(dir, ":");
		char *full = xcalloc(dlen + plen + 3, 1);

		memcpy(full, dlen ? dir : ".", dlen ? dlen : 1);
		strcat(strcat(full, "/"), prog);
		if (access(full, X_OK) == 0)
			return full;
		free(full);
		dir += dlen;
		if (*dir == ':')
			dir++;
	}
	fprintf(stderr, "spawnbench: %s: not found in PATH\n", prog);
	exit(2);
}

/* Whether word is NAME=VALUE with NAME a shell variable name. */
static bool is_assignment(const char *word)
{
	size_t n = strspn(word, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789");

	return n > 0 && word[n] == '=' && !(word[0] >= '0' && word[0] <= '9');
}

/* environ with the assignments set[0..nset) added, each replacing any
 * variable of the same name. */
static char **make_env(char **set, int nset)
{
	int n = 0, k = 0;
	char **env;

	if (nset == 0)
		return environ;
	while (environ[n])
		n++;
	env = xcalloc((size_t)(n + nset + 1), sizeof(*env));
	for (int i = 0; i < n; i++) {
		bool replaced = false;

		for (int j = 0; j < nset && !replaced; j++) {
			size_t len = (size_t)(strchr(set[j], '=') - set[j]) + 1;

			replaced = strncmp(environ[i], set[j], len) == 0;
		}
		if (!replaced)
			env[k++] = environ[i];
	}
	for (int j = 0; j < nset; j++)
		env[k++] = set[j];
	return env;
}

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Runs c once; returns its time in microseconds and records its status
 * and, in *minflt, its minor page faults. */
static double run_once(struct cmd *c, bool verbose, double *minflt)
{
	double t0 = now_us(), t1;
	int status;
	struct rusage ru;
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (!verbose) {
			int null = open("/dev/null", O_WRONLY);

			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
		}
		execve(c->path, c->argv, c->envp);
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			die("wait4");
	t1 = now_us();
	*minflt = (double)ru.ru_minflt;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		c->failures++;
		c->last_status = status;
	}
	return t1 - t0;
}

/* Shuffles order[0..n) (Fisher-Yates, xorshift64 generator). */
static void shuffle(int *order, int n, unsigned long long *state)
{
	for (int i = n - 1; i > 0; i--) {
		unsigned long long x = *state;
		int j, t;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		*state = x;
		j = (int)(x % (unsigned long long)(i + 1));
		t = order[i];
		order[i] = order[j];
		order[j] = t;
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The q-quantile of sorted v[0..n), interpolating between neighbours. */
static double quantile(const double *v, int n, double q)
{
	double pos = q * (n - 1);
	int i = (int)pos;

	if (i + 1 >= n)
		return v[n - 1];
	return v[i] + (pos - i) * (v[i + 1] - v[i]);
}

static void describe_status(int status)
{
	if (WIFEXITED(status))
		fprintf(stderr, "exit status %d%s", WEXITSTATUS(status),
			WEXITSTATUS(status) == 127 ? " (could not execute?)" : "");
	else if (WIFSIGNALED(status))
		fprintf(stderr, "killed by signal %d (%s)", WTERMSIG(status),
			strsignal(WTERMSIG(status)));
}

int main(int argc, char **argv)
{
	int runs = 300, warmup = 10, ncmds = 0, opt, failed = 0;
	bool verbose = false, random_order = false;
	unsigned long long seed = 0x9e3779b97f4a7c15ULL ^ (unsigned long long)getpid();
	struct cmd *cmds;
	int *order;

	while ((opt = getopt(argc, argv, "+n:w:rvh")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
			break;
		case 'r':
			random_order = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage();
		}
	}
	if (runs < 1 || warmup < 0 || optind + 2 > argc)
		usage();

	/* Split the rest at "::" into commands. */
	cmds = xcalloc((size_t)argc, sizeof(*cmds));
	for (int i = optind; i < argc;) {
		struct cmd *c = &cmds[ncmds++];
		int end = i, prog = i + 1;

		while (end < argc && strcmp(argv[end], "::") != 0)
			end++;
		while (prog < end && is_assignment(argv[prog]))
			prog++;
		if (prog >= end) {
			fprintf(stderr, "spawnbench: each command needs a LABEL and a PROG\n");
			usage();
		}
		c->label = argv[i];
		c->envp = make_env(&argv[i + 1], prog - (i + 1));
		c->argv = &argv[prog];
		if (end < argc)
			argv[end] = NULL;	/* terminates this command's argv */
		c->path = resolve(argv[prog]);
		c->us = xcalloc((size_t)runs, sizeof(double));
		c->minflt = xcalloc((size_t)runs, sizeof(double));
		i = end + 1;
	}

	order = xcalloc((size_t)ncmds, sizeof(*order));
	for (int k = 0; k < ncmds; k++)
		order[k] = k;
	for (int r = 0; r < warmup; r++) {
		if (random_order)
			shuffle(order, ncmds, &seed);
		for (int k = 0; k < ncmds; k++) {
			double flt;

			run_once(&cmds[order[k]], verbose, &flt);
		}
	}
	for (int k = 0; k < ncmds; k++)
		cmds[k].failures = 0;	/* warm-up failures show again below */
	for (int r = 0; r < runs; r++) {
		if (random_order)
			shuffle(order, ncmds, &seed);
		for (int k = 0; k < ncmds; k++) {
			struct cmd *c = &cmds[order[k]];

			c->us[c->runs] = run_once(c, verbose, &c->minflt[c->runs]);
			c->runs++;
		}
	}

	printf("# %-18s %6s %10s %10s %10s %10s %6s %7s  (microseconds, fork to exit; median minor faults)\n",
	       "label", "runs", "median", "p25", "p75", "min", "failed", "faults");
	for (int k = 0; k < ncmds; k++) {
		struct cmd *c = &cmds[k];

		qsort(c->us, (size_t)c->runs, sizeof(double), cmp_double);
		qsort(c->minflt, (size_t)c->runs, sizeof(double), cmp_double);
		printf("%-20s %6d %10.1f %10.1f %10.1f %10.1f %6d %7.0f\n", c->label, c->runs,
		       quantile(c->us, c->runs, 0.5), quantile(c->us, c->runs, 0.25),
		       quantile(c->us, c->runs, 0.75), c->us[0], c->failures,
		       quantile(c->minflt, c->runs, 0.5));
		if (c->failures) {
			fprintf(stderr, "spawnbench: %s: %d of %d runs failed, last: ", c->label,
				c->failures, c->runs);
			describe_status(c->last_status);
			fputc('\n', stderr);
			failed = 1;
		}
	}
	return failed;
}
