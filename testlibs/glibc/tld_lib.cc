// libgtld.so: a thread_local object with a destructor, in a library that
// gcxx loads with dlopen; and a static object with a destructor.
#include <cstdio>
#include <string>

namespace {
struct PerThread {
	std::string who = "unset";
	~PerThread()
	{
		std::printf("thread_local destructor: %s\n", who.c_str());
		std::fflush(stdout);
	}
};

struct Static {
	~Static() { std::printf("libgtld.so static destructor\n"); }
} the_static;

thread_local PerThread per_thread;
}

extern "C" void tld_touch(const char *who)
{
	per_thread.who = who;
	std::printf("thread_local constructed: %s\n", who);
}
