/* long dtlsd_desc_regs(void): calls the TLSDESC function of dtlsd_blk
 * (libdtlsd.so) with every register it must preserve (all but %rax) set
 * to a known value, and returns a mask of those that changed: bits 0-7
 * %rcx %rdx %rsi %rdi %r8 %r9 %r10 %r11, bits 16-31 %xmm0-%xmm15 (low
 * quadword).  On a thread's first access the descriptor takes its slow
 * path, which allocates the block. */
#define GPRS rcx, rdx, rsi, rdi, r8, r9, r10, r11
#define XMMS 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15

	.text
	.globl	dtlsd_desc_regs
	.type	dtlsd_desc_regs, @function
dtlsd_desc_regs:
	.cfi_startproc
	pushq	%rbx
	.cfi_adjust_cfa_offset 8
	pushq	%r12
	.cfi_adjust_cfa_offset 8
	subq	$8, %rsp		/* aligned, as compiled code calls it */
	.cfi_adjust_cfa_offset 8
	.set	i, 0
	.irp	r, GPRS
	movq	$(0x1100 + i), %\r
	.set	i, i + 1
	.endr
	.irp	n, XMMS
	movq	$(0x2200 + \n), %rbx
	movq	%rbx, %xmm\n
	.endr

	leaq	dtlsd_blk@TLSDESC(%rip), %rax
	call	*dtlsd_blk@TLSCALL(%rax)

	xorl	%r12d, %r12d
	.set	i, 0
	.irp	r, GPRS
	cmpq	$(0x1100 + i), %\r
	je	1f
	btsq	$i, %r12
1:	.set	i, i + 1
	.endr
	.irp	n, XMMS
	movq	%xmm\n, %rbx
	cmpq	$(0x2200 + \n), %rbx
	je	1f
	btsq	$(16 + \n), %r12
1:
	.endr
	movq	%r12, %rax
	addq	$8, %rsp
	.cfi_adjust_cfa_offset -8
	popq	%r12
	.cfi_adjust_cfa_offset -8
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	dtlsd_desc_regs, .-dtlsd_desc_regs

	.section .note.GNU-stack, "", @progbits
