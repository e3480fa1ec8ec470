/* exit-static: a static program that only exits: the floor of what exec
 * costs, for tools/bench-startup.sh. */
__asm__(".text\n"
	".globl _start\n"
	"_start:\n"
	"	mov $231, %eax\n"	/* exit_group(0) */
	"	xor %edi, %edi\n"
	"	syscall\n"
	"	hlt\n");
