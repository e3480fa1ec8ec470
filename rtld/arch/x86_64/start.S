/* Entry point of rtld, from the kernel (as PT_INTERP or run directly).
 * %rsp points at argc.  rtld_boot returns the program's entry in %rax and
 * the stack pointer to hand over in %rdx (moved when rtld was run directly
 * and dropped its own arguments).  The program gets our finaliser in %rdx,
 * as the psABI's "function to register with atexit". */
	.text
	.globl	_start
	.hidden	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	rtld_boot
	mov	%rdx, %rsp
	lea	rtld_fini(%rip), %rdx
	xor	%ebp, %ebp
	jmp	*%rax
	.size	_start, .-_start

	.section .note.GNU-stack,"",@progbits
