/* libdlver.so: vfunc in two versions (V1, and V2 the default), for dlvsym. */
int vfunc_v1(void)
{
	return 1;
}

int vfunc_v2(void)
{
	return 2;
}

__asm__(".symver vfunc_v1, vfunc@V1");
__asm__(".symver vfunc_v2, vfunc@@V2");
