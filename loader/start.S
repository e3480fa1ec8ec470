/* Entry point of ulexec, and its point of no return.
 *
 * _start hands the kernel's stack pointer to rtld/boot.c's rtld_boot,
 * which relocates ulexec and calls rtld_main (main.c); that never returns.
 *
 * ulexec_enter(const struct enter *e) runs on the old stack while it
 * overwrites it, so it reads everything into registers first and uses no
 * stack until the end:
 *   1. copies the new stack image (len bytes from src) to dst;
 *   2. zeroes the old frames between e->zero and the new sp;
 *   3. munmaps each {addr, len} of e->ranges: ulexec's segments except the
 *      page(s) holding this code, and last the scratch mapping the list
 *      itself lives in;
 *   4. enters the program as the kernel's start_thread leaves a process:
 *      %rsp at argc, every general register zero (%rdx = 0: no atexit
 *      function), RFLAGS 0x202.
 * The flags word and the entry address stay in the 16 bytes below the
 * program's stack pointer. */
#include <asm/unistd.h>

	.text
	.globl	_start
	.hidden	_start
	.type	_start, @function
_start:
	xor	%ebp, %ebp
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	rtld_boot
	hlt
	.size	_start, .-_start

	.section .text.ulexec_enter, "ax", @progbits
	.balign	64
	.globl	ulexec_enter
	.hidden	ulexec_enter
	.type	ulexec_enter, @function
ulexec_enter:
	mov	0(%rdi), %r12		/* sp */
	mov	8(%rdi), %r13		/* entry */
	mov	40(%rdi), %r8		/* zero */
	mov	48(%rdi), %r9		/* zero_len */
	mov	56(%rdi), %r14		/* ranges */
	mov	64(%rdi), %r15		/* nranges */
	mov	32(%rdi), %rcx		/* len */
	mov	24(%rdi), %rsi		/* src */
	mov	16(%rdi), %rdi		/* dst */
	cld
	rep movsb
	mov	%r8, %rdi
	mov	%r9, %rcx
	xor	%eax, %eax
	rep stosb
1:	test	%r15, %r15
	jz	2f
	mov	0(%r14), %rdi
	mov	8(%r14), %rsi
	add	$16, %r14
	dec	%r15
	mov	$__NR_munmap, %eax
	syscall
	jmp	1b
2:	lea	-16(%r12), %rsp
	movq	$0x202, 0(%rsp)
	mov	%r13, 8(%rsp)
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%esi, %esi
	xor	%edi, %edi
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	popfq
	ret
	.size	ulexec_enter, .-ulexec_enter
	.globl	ulexec_enter_end
	.hidden	ulexec_enter_end
ulexec_enter_end:

	.section .note.GNU-stack, "", @progbits
