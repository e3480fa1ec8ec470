// libgexc.so: throws and catches C++ exceptions for gcxx.
#include <cstdio>
#include "exc.h"

namespace {
struct Noisy {
	const char *name;
	~Noisy() { std::printf("  unwound %s\n", name); }
};
}

void lib_throw(int code)
{
	throw LibError("thrown by libgexc.so", code);
}

int lib_call(void (*cb)())
{
	Noisy n{"a frame of libgexc.so"};
	try {
		cb();
	} catch (LibError &e) {
		return e.code;
	}
	return 0;
}

std::exception_ptr lib_capture(int code)
{
	try {
		lib_throw(code);
	} catch (...) {
		return std::current_exception();
	}
}

void lib_throw_nested(int code)
{
	try {
		lib_throw(code);
	} catch (...) {
		std::throw_with_nested(std::logic_error("outer, from libgexc.so"));
	}
}

const std::type_info &lib_typeid()
{
	return typeid(LibError);
}
