# Writes the assembly of the references that main_L<l>_R<r> makes (see
# gen-scale.sh):  awk -v l=LIBS -v r=REFS -v m=FUNCTIONS -f gen-refs.awk
#   bench_calls  calls, through the PLT, functions 0..r-1 of libraries
#                0..l-1 (R_X86_64_JUMP_SLOT: bound lazily unless
#                LD_BIND_NOW) and returns the sum of what they return
#   bench_data   adds up lsKKK_data of every library, read through the
#                GOT (R_X86_64_GLOB_DAT: always bound at start-up)
#   bench_calls_expected, bench_data_expected   the sums they must return
BEGIN {
	print "\t.text"
	print "\t.globl bench_calls\n\t.hidden bench_calls\n\t.type bench_calls, @function\nbench_calls:"
	print "\tpush %rbx\n\txor %ebx, %ebx"
	calls = 0
	for (k = 0; k < l; k++)
		for (j = 0; j < r; j++) {
			printf "\tcall ls%03d_module_function_%04d@PLT\n\tadd %%rax, %%rbx\n", k, j
			calls += k * m + j
		}
	print "\tmov %rbx, %rax\n\tpop %rbx\n\tret\n\t.size bench_calls, .-bench_calls"
	print "\t.globl bench_data\n\t.hidden bench_data\n\t.type bench_data, @function\nbench_data:"
	print "\txor %eax, %eax"
	data = 0
	for (k = 0; k < l; k++) {
		printf "\tmov ls%03d_data@GOTPCREL(%%rip), %%rcx\n\tadd (%%rcx), %%rax\n", k
		data += k + 1
	}
	print "\tret\n\t.size bench_data, .-bench_data"
	print "\t.section .rodata\n\t.p2align 3"
	printf "\t.globl bench_calls_expected\n\t.hidden bench_calls_expected\nbench_calls_expected:\n\t.quad %.0f\n", calls
	printf "\t.globl bench_data_expected\n\t.hidden bench_data_expected\nbench_data_expected:\n\t.quad %.0f\n", data
	print "\t.section .note.GNU-stack,\"\",@progbits"
}
