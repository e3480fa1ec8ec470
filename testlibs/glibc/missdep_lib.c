/* libgmissdep.so: needs libgnothere.so, which does not exist at run time. */
extern int gl_stub_dummy;

int missdep_func(void)
{
	return gl_stub_dummy;
}
