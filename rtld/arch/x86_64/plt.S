/* Lazy PLT binding trampoline.
 *
 * PLT0 pushed GOT[1] (our struct obj) on top of the relocation index the
 * PLT entry pushed, and jumped here.  Everything the callee may receive
 * must survive the binder: the six integer argument registers, %rax (the
 * vector-register count of variadic calls) and %r10 (static chain) are
 * saved here.  The vector registers need no saving: rtld is built with
 * -mgeneral-regs-only, so the binder never touches them, and the one
 * piece of foreign code it may run, an IFUNC resolver, is called through
 * arch_call_ifunc_preserving below, which saves them.  (glibc's binder is
 * ordinary C and saves the whole XSAVE state on every lazy call: up to
 * 2.7 KiB of stack and two expensive instructions.)  %r11 is scratch in
 * the psABI and carries the target. */

	.text
	.globl	rtld_plt_resolve
	.hidden	rtld_plt_resolve
	.type	rtld_plt_resolve, @function
rtld_plt_resolve:
	.cfi_startproc
	.cfi_adjust_cfa_offset 16
	push	%rax
	.cfi_adjust_cfa_offset 8
	push	%rcx
	.cfi_adjust_cfa_offset 8
	push	%rdx
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%r8
	.cfi_adjust_cfa_offset 8
	push	%r9
	.cfi_adjust_cfa_offset 8
	push	%r10
	.cfi_adjust_cfa_offset 8
	/* 16-aligned: the caller's call, the two PLT pushes and these 8. */
	mov	64(%rsp), %rdi		/* struct obj * */
	mov	72(%rsp), %rsi		/* relocation index */
	call	lazy_fixup
	mov	%rax, %r11
	pop	%r10
	.cfi_adjust_cfa_offset -8
	pop	%r9
	.cfi_adjust_cfa_offset -8
	pop	%r8
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdx
	.cfi_adjust_cfa_offset -8
	pop	%rcx
	.cfi_adjust_cfa_offset -8
	pop	%rax
	.cfi_adjust_cfa_offset -8
	add	$16, %rsp		/* drop GOT[1] and the index */
	.cfi_adjust_cfa_offset -16
	jmp	*%r11
	.cfi_endproc
	.size	rtld_plt_resolve, .-rtld_plt_resolve

/* Addr arch_call_ifunc_preserving(Addr resolver): calls an IFUNC
 * resolver during lazy binding with every vector register saved, with
 * XSAVE (all state components the OS enabled) or FXSAVE on CPUs without
 * it.  The area size comes from CPUID leaf 0xD, read the first time only,
 * so programs that never bind an IFUNC lazily pay no CPUID for it. */
	.globl	arch_call_ifunc_preserving
	.hidden	arch_call_ifunc_preserving
	.type	arch_call_ifunc_preserving, @function
arch_call_ifunc_preserving:
	.cfi_startproc
	push	%rbx
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %rbx, 0
	push	%r12
	.cfi_adjust_cfa_offset 8
	.cfi_rel_offset %r12, 0
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	mov	%rdi, %r12
	mov	rtld_xsave_size(%rip), %rax
	test	%rax, %rax
	jnz	1f
	sub	$8, %rsp		/* 16-aligned for the call */
	call	rtld_xsave_init
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
3:	call	*%r12
	mov	%rax, %r12
	cmpb	$0, rtld_have_xsave(%rip)
	je	4f
	mov	$-1, %eax
	mov	$-1, %edx
	xrstor64 (%rsp)
	jmp	5f
4:	fxrstor64 (%rsp)
5:	mov	%r12, %rax
	mov	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	pop	%r12
	.cfi_adjust_cfa_offset -8
	.cfi_restore %r12
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	.cfi_restore %rbx
	ret
	.cfi_endproc
	.size	arch_call_ifunc_preserving, .-arch_call_ifunc_preserving

	.section .note.GNU-stack,"",@progbits
