/* Link-time stand-ins (testlibs/stubs/): they give a DT_NEEDED entry the
 * soname of a library that at run time is missing, lacks some of these
 * symbols, or is a different build (cycles in the init-order graphs). */
int nothere_func(void) { return 0; }
int gone_func(void) { return 0; }
int gone_var;
int present_func(void) { return 0; }
int goneuser_call(void) { return 0; }
