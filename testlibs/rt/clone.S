/* long rt_clone(unsigned long flags, void *stack, int *ptid, int *ctid,
 *               void *tls, int (*fn)(void *), void *arg)
 *
 * clone(2) for a new thread: the child starts on STACK (its top), calls
 * fn(arg) and ends with exit(2), which ends only that thread.  Returns the
 * child's id in the parent, or -errno. */
	.text
	.globl	rt_clone
	.hidden	rt_clone
	.type	rt_clone, @function
rt_clone:
	.cfi_startproc
	movq	8(%rsp), %rax		/* arg */
	andq	$-16, %rsi
	subq	$16, %rsi
	movq	%r9, (%rsi)		/* fn and arg, popped by the child */
	movq	%rax, 8(%rsi)
	movq	%rcx, %r10		/* ctid: the kernel's 4th argument */
	movl	$56, %eax		/* SYS_clone(flags, stack, ptid, ctid, tls) */
	syscall
	testq	%rax, %rax
	jz	1f
	ret
1:	.cfi_undefined rip
	xorl	%ebp, %ebp
	popq	%rax
	popq	%rdi
	call	*%rax			/* %rsp is 16-byte aligned here */
	movl	%eax, %edi
	movl	$60, %eax		/* SYS_exit: this thread only */
	syscall
	hlt
	.cfi_endproc
	.size	rt_clone, .-rt_clone

	.section .note.GNU-stack, "", @progbits
