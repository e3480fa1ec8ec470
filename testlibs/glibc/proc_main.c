/* gproc: processes: fork, exec, posix_spawn, system, popen.  The programs
 * it starts are the system's, under their own dynamic linker. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include "gl.h"

extern char **environ;

static void status(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("%s: exit status %d\n", who, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", who, sigabbrev_np(WTERMSIG(st)));
	else
		printf("%s: status %#x\n", who, st);
	fflush(stdout);
}

static void *child_thread(void *arg)
{
	return (void *)((char *)arg + 1);
}

static int c_fork(int argc, char **argv)
{
	(void)argc, (void)argv;
	printf("parent before fork\n");
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		char *p = malloc(1000);
		pthread_t t;
		void *r = NULL;
		int ok = pthread_create(&t, NULL, child_thread, p) == 0 && pthread_join(t, &r) == 0 &&
			 r == p + 1;
		void *h = dlopen("libgplugA.so", RTLD_NOW);
		printf("child: malloc, a thread and dlopen: %d %d\n", ok, h != NULL);
		exit(7);
	}
	int st;
	printf("waitpid is the child: %d\n", waitpid(pid, &st, 0) == pid);
	status("child", st);
	pid = fork();
	if (pid == 0)
		abort();
	waitpid(pid, &st, 0);
	status("aborting child", st);
	pid = vfork();
	if (pid == 0)
		_exit(9);
	waitpid(pid, &st, 0);
	status("vfork child", st);
	return 0;
}

static int c_exec(int argc, char **argv)
{
	(void)argc, (void)argv;
	fflush(stdout);
	int st;
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/echo", "echo", "from execl", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	status("execl", st);
	pid = fork();
	if (pid == 0) {
		execlp("sh", "sh", "-c", "echo from execlp \"$0\"; exit 4", "arg0", (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	status("execlp", st);
	pid = fork();
	if (pid == 0) {
		char *args[] = { "env", NULL };
		char *env[] = { "ONLY=this", NULL };
		execve("/usr/bin/env", args, env);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	status("execve with an environment", st);
	errno = 0;
	execl("/nonexistent/program", "program", (char *)NULL);
	printf("exec of a missing file: %s\n", strerror(errno));
	execl("/etc/passwd", "passwd", (char *)NULL);
	printf("exec of a text file: %s\n", strerror(errno));
	return 0;
}

static int c_spawn(int argc, char **argv)
{
	(void)argc, (void)argv;
	fflush(stdout);
	pid_t pid;
	int st;
	char *echo[] = { "echo", "from posix_spawn", NULL };
	int r = posix_spawn(&pid, "/bin/echo", NULL, NULL, echo, environ);
	waitpid(pid, &st, 0);
	printf("posix_spawn: %d\n", r);
	status("posix_spawn", st);
	char *sh[] = { "sh", "-c", "echo to stderr >&2; exit 5", NULL };
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	r = posix_spawnp(&pid, "sh", &fa, NULL, sh, environ);
	waitpid(pid, &st, 0);
	printf("posix_spawnp with a dup2: %d\n", r);
	status("posix_spawnp", st);
	posix_spawn_file_actions_destroy(&fa);
	char *none[] = { "none", NULL };
	r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, none, environ);
	printf("posix_spawn of a missing file: %s\n", strerror(r));
	return 0;
}

static int c_system(int argc, char **argv)
{
	(void)argc, (void)argv;
	fflush(stdout);
	printf("system(NULL): %d\n", system(NULL) != 0);
	fflush(stdout);
	int st = system("echo from system; exit 3");
	status("system", st);
	FILE *p = popen("echo from popen; echo second line", "r");
	char line[100];
	while (p && fgets(line, sizeof line, p))
		printf("read: %s", line);
	status("pclose", pclose(p));
	p = popen("cat", "w");
	fprintf(p, "written to popen\n");
	fflush(stdout);
	status("pclose", pclose(p));
	return 0;
}

int main(int argc, char **argv)
{
	static const struct gl_cmd cmds[] = {
		{ "fork", c_fork }, { "exec", c_exec }, { "spawn", c_spawn }, { "system", c_system },
		{ 0, 0 },
	};
	return gl_dispatch(cmds, argc, argv);
}
