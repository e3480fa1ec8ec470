/* A link-time stand-in for a library that is missing at run time. */
int gl_stub_dummy;
