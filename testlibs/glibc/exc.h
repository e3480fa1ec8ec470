// The exception types shared by gcxx and libgexc.so.
#ifndef EXC_H
#define EXC_H

#include <exception>
#include <stdexcept>
#include <string>
#include <typeinfo>

struct LibError : std::runtime_error {
	int code;
	LibError(const std::string &what, int c) : std::runtime_error(what), code(c) {}
};

[[noreturn]] void lib_throw(int code);
// Calls cb; returns the code of a LibError it throws, lets others through.
int lib_call(void (*cb)());
std::exception_ptr lib_capture(int code);
[[noreturn]] void lib_throw_nested(int code);
const std::type_info &lib_typeid();

#endif
