/* libtiny.so: the one shared library of the tiny freestanding program.
 * No libc: system calls are made directly.  Built with -nostdlib -shared
 * by tools/lib.sh. */

static long syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

/* An exported, relocated pointer: R_X86_64_RELATIVE for its value and,
 * since it can be interposed, R_X86_64_GLOB_DAT for reading it. */
const char *tiny_separator_text = " ";

void tiny_write(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	syscall3(1 /* write */, 1, (long)s, (long)n);
}

void tiny_separator(void)
{
	tiny_write(tiny_separator_text);
}

__attribute__((noreturn)) void tiny_exit(int status)
{
	for (;;)
		syscall3(231 /* exit_group */, status, 0, 0);
}
