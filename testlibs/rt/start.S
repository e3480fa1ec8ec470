/* Entry point of every test executable.
 *
 * The kernel (or a dynamic linker) jumps here with %rsp pointing at argc,
 * argv[], NULL, envp[], NULL, auxv[] and %rdx holding a termination
 * function registered by the dynamic linker (glibc: _dl_fini; rtld: its own
 * fini).  We clear the frame pointer, keep the original stack pointer and
 * %rdx as the two arguments of rt_start_c, and align the stack for C. */
	.text
	.globl	_start
	.type	_start, @function
_start:
	.cfi_startproc
	.cfi_undefined rip
	xorl	%ebp, %ebp
	movq	%rsp, %rdi
	movq	%rdx, %rsi
	andq	$-16, %rsp
	call	rt_start_c
	hlt
	.cfi_endproc
	.size	_start, .-_start

	.section .note.GNU-stack, "", @progbits
