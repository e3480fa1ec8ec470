/* spawnbench: times how long commands take from fork to exit.
 *
 *   spawnbench [-n RUNS] [-w WARMUP] [-v] LABEL PROG [ARG...] [:: LABEL PROG [ARG...]]...
 *
 * Each round runs every command once, in turn (round-robin), so drifts in
 * machine load touch all of them alike.  Each run is fork + execve +
 * waitpid, timed with CLOCK_MONOTONIC in the parent.  Prints one line per
 * command: runs, median, p25, p75 and min in microseconds.  A run that
 * exits non-zero or dies by a signal is a failure: it is reported and the
 * exit status is 1.  Children's stdout and stderr go to /dev/null unless
 * -v is given. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *label;
	char *path;		/* resolved once, before timing */
	char **argv;
	double *us;		/* one time per run */
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
		"usage: spawnbench [-n RUNS] [-w WARMUP] [-v] LABEL PROG [ARG...] [:: LABEL PROG [ARG...]]...\n"
		"Runs the commands round-robin RUNS times each (default 300) after WARMUP\n"
		"untimed rounds (default 10) and prints median, p25, p75 and min in microseconds.\n");
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

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* Runs c once; returns its time in microseconds and records its status. */
static double run_once(struct cmd *c, bool verbose)
{
	double t0 = now_us(), t1;
	int status;
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
		execve(c->path, c->argv, environ);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			die("waitpid");
	t1 = now_us();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		c->failures++;
		c->last_status = status;
	}
	return t1 - t0;
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
	bool verbose = false;
	struct cmd *cmds;

	while ((opt = getopt(argc, argv, "+n:w:vh")) != -1) {
		switch (opt) {
		case 'n':
			runs = atoi(optarg);
			break;
		case 'w':
			warmup = atoi(optarg);
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
		int end = i;

		while (end < argc && strcmp(argv[end], "::") != 0)
			end++;
		if (end - i < 2) {
			fprintf(stderr, "spawnbench: each command needs a LABEL and a PROG\n");
			usage();
		}
		c->label = argv[i];
		c->argv = &argv[i + 1];
		if (end < argc)
			argv[end] = NULL;	/* terminates this command's argv */
		c->path = resolve(argv[i + 1]);
		c->us = xcalloc((size_t)runs, sizeof(double));
		i = end + 1;
	}

	for (int r = 0; r < warmup; r++)
		for (int k = 0; k < ncmds; k++)
			run_once(&cmds[k], verbose);
	for (int k = 0; k < ncmds; k++)
		cmds[k].failures = 0;	/* warm-up failures show again below */
	for (int r = 0; r < runs; r++)
		for (int k = 0; k < ncmds; k++) {
			struct cmd *c = &cmds[k];

			c->us[c->runs++] = run_once(c, verbose);
		}

	printf("# %-18s %6s %10s %10s %10s %10s  (microseconds, fork to exit)\n", "label", "runs",
	       "median", "p25", "p75", "min");
	for (int k = 0; k < ncmds; k++) {
		struct cmd *c = &cmds[k];

		qsort(c->us, (size_t)c->runs, sizeof(double), cmp_double);
		printf("%-20s %6d %10.1f %10.1f %10.1f %10.1f\n", c->label, c->runs,
		       quantile(c->us, c->runs, 0.5), quantile(c->us, c->runs, 0.25),
		       quantile(c->us, c->runs, 0.75), c->us[0]);
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
