/* libgisa2.so, libgisa3.so, libgisa4.so: marked as needing x86-64-v2, v3
 * or v4 (-Wl,-z,x86-64-vN, which writes GNU_PROPERTY_X86_ISA_1_NEEDED);
 * -DLEVEL="vN".  The code itself is plain: only the note says so. */
const char *isa_level_name(void)
{
	return LEVEL;
}
