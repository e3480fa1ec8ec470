/* libgslow.so: its constructor calls back into the program, which can
 * then act while this dlopen is under way (in another thread). */
void gslow_hook(void);

__attribute__((constructor)) static void slow_init(void)
{
	gslow_hook();
}

int gslow_value(void)
{
	return 7;
}
