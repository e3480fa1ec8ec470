/* libgthr.so: a constructor (GL_CTOR_THREAD set) or a destructor
 * (GL_DTOR_THREAD set) that starts a thread and waits for it, and the
 * thread calls a function of libc for the first time (lazy binding). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void *in_ctor(void *arg)
{
	(void)arg;
	return (void *)(long)(getppid() > 0);
}

static void *in_dtor(void *arg)
{
	(void)arg;
	return (void *)(long)(getpgrp() > 0);
}

static void run_thread(const char *when, void *(*fn)(void *))
{
	pthread_t t;
	void *r = NULL;
	if (pthread_create(&t, NULL, fn, NULL) == 0)
		pthread_join(t, &r);
	printf("%s: a thread made its first call to a libc function: %d\n", when, r != NULL);
}

__attribute__((constructor)) static void thr_init(void)
{
	if (getenv("GL_CTOR_THREAD"))
		run_thread("constructor", in_ctor);
}

__attribute__((destructor)) static void thr_fini(void)
{
	if (getenv("GL_DTOR_THREAD"))
		run_thread("destructor", in_dtor);
}
