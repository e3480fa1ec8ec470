/* __tls_get_addr called with the stack only 8-byte aligned (as code from
 * GCC bug 58066 does), through the PLT and through the GOT.  TGA_VAR is
 * the variable, TGA_PREFIX names the functions: PREFIX_tga_plt and
 * PREFIX_tga_got return its address. */
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

	.macro	tga name, target:vararg
	.text
	.globl	\name
	.type	\name, @function
\name:
	.cfi_startproc
	pushq	%rbx			/* now 16-byte aligned ... */
	.cfi_adjust_cfa_offset 8
	subq	$8, %rsp		/* ... and now not */
	.cfi_adjust_cfa_offset 8
	leaq	TGA_VAR@tlsgd(%rip), %rdi
	call	\target
	addq	$8, %rsp
	.cfi_adjust_cfa_offset -8
	popq	%rbx
	.cfi_adjust_cfa_offset -8
	ret
	.cfi_endproc
	.size	\name, .-\name
	.endm

	tga	CAT(TGA_PREFIX, _tga_plt), __tls_get_addr@PLT
	tga	CAT(TGA_PREFIX, _tga_got), *__tls_get_addr@GOTPCREL(%rip)

	.section .note.GNU-stack, "", @progbits
