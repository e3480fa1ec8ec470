/* Lazy PLT binding trampoline.
 *
 * PLT0 pushed GOT[1] (our struct obj) on top of the relocation index the
 * PLT entry pushed, and jumped here.  Everything the callee may receive
 * must survive the binder: the six integer argument registers, %rax (the
 * vector-register count of variadic calls), %r10 (static chain) and every
 * vector register, which we save with XSAVE (all state components the OS
 * enabled) or FXSAVE on CPUs without it.  %r11 is scratch in the psABI and
 * carries the target.  The save area size comes from CPUID leaf 0xD, read
 * on the first lazy call only, so programs that never bind lazily pay no
 * CPUID at all. */

	.text
	.globl	rtld_plt_resolve
	.hidden	rtld_plt_resolve
	.type	rtld_plt_resolve, @function
rtld_plt_resolve:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	push	%rax
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%r8
	push	%r9
	push	%r10
	mov	rtld_xsave_size(%rip), %rax
	test	%rax, %rax
	jnz	1f
	call	rtld_xsave_init		/* stack is 16-aligned here */
1:	sub	%rax, %rsp
	and	$-64, %rsp
	cmpb	$0, rtld_have_xsave(%rip)
	je	2f
	/* XRSTOR faults unless the header's reserved bytes are zero. */
	movq	$0, 512(%rsp)
	movq	$0, 520(%rsp)
	movq	$0, 528(%rsp)
	movq	$0, 536(%rsp)
	movq	$0, 544(%rsp)
	movq	$0, 552(%rsp)
	movq	$0, 560(%rsp)
	movq	$0, 568(%rsp)
	mov	$-1, %eax
	mov	$-1, %edx
	xsave64	(%rsp)
	jmp	3f
2:	fxsave64 (%rsp)
3:	mov	8(%rbx), %rdi		/* struct obj * */
	mov	16(%rbx), %rsi		/* relocation index */
	call	lazy_fixup
	mov	%rax, %r11
	cmpb	$0, rtld_have_xsave(%rip)
	je	4f
	mov	$-1, %eax
	mov	$-1, %edx
	xrstor64 (%rsp)
	jmp	5f
4:	fxrstor64 (%rsp)
5:	lea	-64(%rbx), %rsp
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rax
	pop	%rbx
	.cfi_def_cfa %rsp, 24
	add	$16, %rsp		/* drop GOT[1] and the index */
	.cfi_def_cfa_offset 8
	jmp	*%r11
	.cfi_endproc
	.size	rtld_plt_resolve, .-rtld_plt_resolve

	.section .note.GNU-stack,"",@progbits
