/* TLS descriptor functions (R_X86_64_TLSDESC).  The caller passes the
 * descriptor's address in %rax and wants back, in %rax, the variable's
 * offset from the thread pointer; every other register must survive. */
	.text

/* Static TLS: the offset was computed at relocation time. */
	.globl	rtld_tlsdesc_static
	.hidden	rtld_tlsdesc_static
	.type	rtld_tlsdesc_static, @function
rtld_tlsdesc_static:
	.cfi_startproc
	mov	8(%rax), %rax
	ret
	.cfi_endproc
	.size	rtld_tlsdesc_static, .-rtld_tlsdesc_static

/* Dynamic TLS: 8(%rax) points to a struct rtld_tls_index.  Fast path
 * through the dtv (layout: include/rtld/tls.h); when the block is missing, call __tls_get_addr with all
 * call-clobbered registers saved. */
	.globl	rtld_tlsdesc_dynamic
	.hidden	rtld_tlsdesc_dynamic
	.type	rtld_tlsdesc_dynamic, @function
rtld_tlsdesc_dynamic:
	.cfi_startproc
	push	%rdi
	.cfi_adjust_cfa_offset 8
	push	%rsi
	.cfi_adjust_cfa_offset 8
	mov	8(%rax), %rdi		/* struct rtld_tls_index * */
	mov	%fs:8, %rsi		/* dtv */
	mov	(%rdi), %rax		/* module */
	cmp	-16(%rsi), %rax		/* beyond the dtv's capacity? */
	ja	1f
	shl	$4, %rax		/* 16-byte entries */
	mov	(%rsi,%rax), %rax
	test	%rax, %rax
	jz	1f
	add	8(%rdi), %rax
	sub	%fs:0, %rax
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_adjust_cfa_offset 16
1:	push	%rdx
	.cfi_adjust_cfa_offset 8
	push	%rcx
	.cfi_adjust_cfa_offset 8
	push	%r8
	.cfi_adjust_cfa_offset 8
	push	%r9
	.cfi_adjust_cfa_offset 8
	push	%r10
	.cfi_adjust_cfa_offset 8
	push	%r11
	.cfi_adjust_cfa_offset 8
	push	%rbx
	.cfi_adjust_cfa_offset 8
	mov	%rsp, %rbx
	.cfi_def_cfa_register %rbx
	and	$-16, %rsp
	call	__tls_get_addr
	mov	%rbx, %rsp
	.cfi_def_cfa_register %rsp
	sub	%fs:0, %rax
	pop	%rbx
	.cfi_adjust_cfa_offset -8
	pop	%r11
	.cfi_adjust_cfa_offset -8
	pop	%r10
	.cfi_adjust_cfa_offset -8
	pop	%r9
	.cfi_adjust_cfa_offset -8
	pop	%r8
	.cfi_adjust_cfa_offset -8
	pop	%rcx
	.cfi_adjust_cfa_offset -8
	pop	%rdx
	.cfi_adjust_cfa_offset -8
	pop	%rsi
	.cfi_adjust_cfa_offset -8
	pop	%rdi
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	rtld_tlsdesc_dynamic, .-rtld_tlsdesc_dynamic

	.section .note.GNU-stack,"",@progbits
