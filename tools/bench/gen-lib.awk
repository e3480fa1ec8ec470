# Writes the assembly of one library of the synthetic scale series
# (see gen-scale.sh):  awk -v k=INDEX -v m=FUNCTIONS -f gen-lib.awk
#   lsKKK_module_function_JJJJ  for JJJJ < m, each returning k*m + JJJJ
#   lsKKK_data                  an 8-byte object holding k + 1
# Function names are 26 characters sharing the long prefix "lsKKK_module_function_".
BEGIN {
	print "\t.text"
	for (j = 0; j < m; j++) {
		f = sprintf("ls%03d_module_function_%04d", k, j)
		printf "\t.globl %s\n\t.type %s, @function\n\t.p2align 4\n%s:\n", f, f, f
		printf "\tmov $%d, %%eax\n\tret\n\t.size %s, .-%s\n", k * m + j, f, f
	}
	d = sprintf("ls%03d_data", k)
	printf "\t.data\n\t.globl %s\n\t.type %s, @object\n\t.p2align 3\n%s:\n\t.quad %d\n\t.size %s, 8\n",
		d, d, d, k + 1, d
	print "\t.section .note.GNU-stack,\"\",@progbits"
}
