/* void lazy_regs_check(long out[7]): call lazy_regs_target(1, 2, 3, 4, 5, 6)
 * through the PLT with known values in every callee-saved register, then
 * store the result and those registers in out[0..6]. */
	.text
	.globl	lazy_regs_check
	.type	lazy_regs_check, @function
lazy_regs_check:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdi			/* 7 pushes: %rsp is 16-byte aligned */
	movabsq	$0x1111111111111111, %rbx
	movabsq	$0x2222222222222222, %rbp
	movabsq	$0x3333333333333333, %r12
	movabsq	$0x4444444444444444, %r13
	movabsq	$0x5555555555555555, %r14
	movabsq	$0x6666666666666666, %r15
	movl	$1, %edi
	movl	$2, %esi
	movl	$3, %edx
	movl	$4, %ecx
	movl	$5, %r8d
	movl	$6, %r9d
	call	lazy_regs_target@PLT
	popq	%rdi
	movq	%rax, 0(%rdi)
	movq	%rbx, 8(%rdi)
	movq	%rbp, 16(%rdi)
	movq	%r12, 24(%rdi)
	movq	%r13, 32(%rdi)
	movq	%r14, 40(%rdi)
	movq	%r15, 48(%rdi)
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
	.size	lazy_regs_check, .-lazy_regs_check

	.section .note.GNU-stack, "", @progbits
