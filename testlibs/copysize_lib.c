/* libcopysz.so: an initialised object whose size differs between the
 * link-time build (stubs/, COPYSZ_WORDS 2) and the run-time one (4):
 * t_copysz's copy relocation is sized for 2 words. */
long copy_obj[COPYSZ_WORDS] = {11, 22,
#if COPYSZ_WORDS > 2
				33, 44
#endif
};

long copy_obj_word(int i)
{
	return copy_obj[i];
}
