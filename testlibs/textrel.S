/* libtextrel.so: a library with text relocations (DT_TEXTREL), written in
 * assembly so that every relocation type is exactly the one named.  Built
 * without -fPIC semantics (-z notext -z noreloc-overflow), it refers to
 * symbols of t_nopie, a non-PIE executable mapped below 2 GiB, so that the
 * absolute 32-bit relocations fit. */

	.macro func name
	.globl	\name
	.type	\name, @function
\name:
	.endm

	.text
func tr_text32				/* R_X86_64_32 in .text */
	movl	$exe_var, %eax
	ret

func tr_text64				/* R_X86_64_64 in .text */
	movabsq	$exe_var, %rax
	ret

func tr_data32_value			/* the R_X86_64_32 slot in .data */
	movl	tr_data32(%rip), %eax
	ret

func tr_pc32_target			/* where the R_X86_64_PC32 slot points */
	leaq	tr_pc32_slot(%rip), %rax
	movslq	(%rax), %rdx
	addq	%rdx, %rax
	ret

func tr_target_addr			/* &tr_target (GLOB_DAT) */
	movq	tr_target@GOTPCREL(%rip), %rax
	ret

func tr_exe_func_addr			/* &exe_func (GLOB_DAT, into t_nopie) */
	movq	exe_func@GOTPCREL(%rip), %rax
	ret

func tr_func				/* int tr_func(int x) { return x + 1; } */
	leal	1(%rdi), %eax
	ret

func tr_func_addr			/* &tr_func: t_nopie's canonical PLT entry */
	movq	tr_func@GOTPCREL(%rip), %rax
	ret

func tr_copy_read			/* tr_copy_obj.v, through the GOT */
	movq	tr_copy_obj@GOTPCREL(%rip), %rax
	movl	(%rax), %eax
	ret

	.section .rodata
	.globl	tr_target
	.type	tr_target, @object
	.size	tr_target, 8
tr_target:
	.quad	0x1234567
tr_str:
	.asciz	"copied string"

	.data
tr_pc32_slot:				/* R_X86_64_PC32 against tr_target */
	.long	tr_target - .
tr_data32:				/* R_X86_64_32 in .data */
	.long	exe_var
	/* ld cannot express a dynamic R_X86_64_32S: it drops this one and
	 * leaves an R_X86_64_NONE in .rela.dyn in its place, which is how
	 * this library gets its R_X86_64_NONE (checked with readelf). */
	.reloc	., R_X86_64_32S, exe_var
	.long	0

	.balign	8
	.globl	tr_copy_obj		/* copied into t_nopie (R_X86_64_COPY) */
	.type	tr_copy_obj, @object
	.size	tr_copy_obj, 16
tr_copy_obj:
	.long	0x600d, 0
	.quad	tr_str			/* R_X86_64_RELATIVE, before the copy */

	.section .note.GNU-stack, "", @progbits
