// libgcxxplug.so: a dlopen'd plugin that throws its own exception types.
#include <cstdio>
#include <stdexcept>

namespace {
struct PluginError : std::runtime_error {
	PluginError() : std::runtime_error("thrown by libgcxxplug.so") {}
};
}

extern "C" void plug_throw(int kind)
{
	if (kind == 0)
		throw PluginError();
	throw kind;
}
