/* Executable stacks.  An object whose PT_GNU_STACK asks for PF_X (or that
 * has none) needs every thread's stack executable: the main thread's now,
 * the thread library's stacks through the personality, and the stacks of
 * threads created later (the personality tells the thread library). */
#include "core.h"
#include "compat.h"
#include "sys.h"

#define PROT_GROWSDOWN 0x01000000

/* From the program's own PT_GNU_STACK: the kernel already applied it. */
void stack_init(void)
{
	R.stack_exec = R.main->exec_stack;
}

int stack_make_executable(void)
{
	if (R.stack_exec)
		return 0;
	/* PROT_GROWSDOWN extends the change to the whole stack mapping;
	 * argv lies in it. */
	Addr page = (Addr)R.argv & ~(R.pagesz - 1);
	long e = sys_mprotect((void *)page, R.pagesz,
			      R_PROT_READ | R_PROT_WRITE | R_PROT_EXEC | PROT_GROWSDOWN);
	if (e < 0) {
		set_error("cannot enable executable stack as shared object requires");
		return -1;
	}
	R.stack_exec = true;
	if (personality->stacks_executable && personality->stacks_executable()) {
		set_error("cannot enable executable stack as shared object requires");
		return -1;
	}
	return 0;
}
