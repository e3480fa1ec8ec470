/* tiny: a freestanding dynamic PIE with no libc and one DT_NEEDED,
 * libtiny.so.  Prints its arguments like echo (nothing without any) and
 * exits 0.  Used by tools/demo.sh and tools/bench-startup.sh to exercise a
 * dynamic linker without any libc personality. */

void tiny_write(const char *s);
void tiny_separator(void);
__attribute__((noreturn)) void tiny_exit(int status);

__attribute__((noreturn, used)) static void tiny_main(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);

	for (int i = 1; i < argc; i++) {
		if (i > 1)
			tiny_separator();
		tiny_write(argv[i]);
	}
	if (argc > 1)
		tiny_write("\n");
	tiny_exit(0);
}

/* The kernel (or the dynamic linker) jumps here with the stack holding
 * argc, argv, envp and auxv. */
__asm__(".text\n"
	".globl _start\n"
	".type _start, @function\n"
	"_start:\n"
	"	xor %ebp, %ebp\n"
	"	mov %rsp, %rdi\n"
	"	and $-16, %rsp\n"
	"	call tiny_main\n"
	"	hlt\n");
