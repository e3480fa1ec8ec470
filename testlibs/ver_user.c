/* libveruser.so, linked against the new libver.so: refers to foo@V2. */
const char *foo(void);

const char *veruser_foo(void)
{
	return foo();
}
