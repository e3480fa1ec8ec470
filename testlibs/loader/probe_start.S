/* Entry of the probe: records every general register and RFLAGS as the
 * kernel (or ulexec, or a dynamic linker) left them, then calls
 * probe_main(original sp, saved registers). */
	.text
	.globl	_start
	.type	_start, @function
_start:
	pushfq
	push	%r15
	push	%r14
	push	%r13
	push	%r12
	push	%r11
	push	%r10
	push	%r9
	push	%r8
	push	%rbp
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rbx
	push	%rax
	mov	%rsp, %rsi
	lea	16*8(%rsp), %rdi
	and	$-16, %rsp
	xor	%ebp, %ebp
	call	probe_main
	hlt
	.size	_start, .-_start

	.section .note.GNU-stack, "", @progbits
