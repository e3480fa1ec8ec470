// gcxx: C++ exceptions across libraries and threads, a dlopen'd plugin
// that throws, and thread_local destructors of a dlopen'd library.
#include <dlfcn.h>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <future>
#include <iostream>
#include <map>
#include <memory>
#include <new>
#include <sstream>
#include <thread>
#include <vector>
#include "exc.h"
#include "gl.h"

namespace {

struct MainError {
	int value;
};

void throws_lib_error()
{
	throw LibError("thrown by gcxx", 3);
}

void throws_main_error()
{
	throw MainError{5};
}

int c_exceptions()
{
	try {
		lib_throw(7);
	} catch (LibError &e) {
		std::printf("caught LibError %d: %s\n", e.code, e.what());
	}
	try {
		lib_throw(8);
	} catch (std::exception &e) {
		std::printf("caught as std::exception: %s\n", e.what());
	}
	std::printf("the library catches the program's throw: %d\n", lib_call(throws_lib_error));
	try {
		lib_call(throws_main_error);
	} catch (MainError &e) {
		std::printf("caught MainError %d through the library\n", e.value);
	}
	try {
		std::rethrow_exception(lib_capture(9));
	} catch (LibError &e) {
		std::printf("rethrown exception_ptr: %d\n", e.code);
	}
	try {
		lib_throw_nested(10);
	} catch (std::logic_error &e) {
		std::printf("nested: %s\n", e.what());
		try {
			std::rethrow_if_nested(e);
		} catch (LibError &inner) {
			std::printf("  inner: %d\n", inner.code);
		}
	}
	try {
		std::vector<int> v;
		v.at(3);
	} catch (std::out_of_range &) {
		std::printf("std::out_of_range from libstdc++\n");
	}
	try {
		auto p = std::make_unique<char[]>(static_cast<size_t>(-1) / 2);
		std::printf("allocated %p\n", static_cast<void *>(p.get()));
	} catch (std::bad_alloc &) {
		std::printf("std::bad_alloc\n");
	}
	std::printf("typeid(LibError) is one object: %d\n", &typeid(LibError) == &lib_typeid());
	return 0;
}

int c_threads()
{
	std::vector<std::thread> threads;
	int caught[4] = {}, through[4] = {};
	for (int t = 0; t < 4; t++)
		threads.emplace_back([t, &caught, &through] {
			for (int i = 0; i < 1000; i++) {
				try {
					lib_throw(t);
				} catch (LibError &e) {
					caught[t] += e.code == t;
				}
				through[t] += lib_call(throws_lib_error) == 3;
			}
		});
	for (auto &th : threads)
		th.join();
	for (int t = 0; t < 4; t++)
		std::printf("thread %d: caught %d, through the library %d\n", t, caught[t], through[t]);
	auto f = std::async(std::launch::async, [] { lib_throw(42); return 0; });
	try {
		f.get();
	} catch (LibError &e) {
		std::printf("from std::async: %d\n", e.code);
	}
	std::promise<int> p;
	std::thread pt([&p] { p.set_exception(lib_capture(43)); });
	pt.join();
	try {
		p.get_future().get();
	} catch (LibError &e) {
		std::printf("from a promise: %d\n", e.code);
	}
	return 0;
}

int c_plugin()
{
	for (int round = 1; round <= 2; round++) {
		void *h = dlopen("libgcxxplug.so", RTLD_NOW);
		if (!h) {
			std::printf("dlopen: %s\n", dlerror());
			return 1;
		}
		auto plug_throw = reinterpret_cast<void (*)(int)>(dlsym(h, "plug_throw"));
		try {
			plug_throw(0);
		} catch (std::exception &e) {
			std::printf("round %d: caught %s\n", round, e.what());
		}
		try {
			plug_throw(round);
		} catch (int i) {
			std::printf("round %d: caught int %d\n", round, i);
		}
		dlclose(h);
		std::printf("round %d: unloaded %d\n", round,
			    !gl_loaded("libgcxxplug.so"));
	}
	return 0;
}

void (*load_tld(void **h))(const char *)
{
	*h = dlopen("libgtld.so", RTLD_NOW);
	if (!*h) {
		std::printf("dlopen: %s\n", dlerror());
		std::exit(1);
	}
	return reinterpret_cast<void (*)(const char *)>(dlsym(*h, "tld_touch"));
}

// A thread_local object in a thread, and with in_main in the main thread
// too: then its destructor, pending until exit, keeps libgtld.so loaded
// after dlclose; without, dlclose unloads it.
int tldtor(bool in_main)
{
	void *h;
	auto touch = load_tld(&h);
	std::thread t([touch] { touch("thread 1"); });
	t.join();
	std::printf("thread 1 joined\n");
	if (in_main)
		touch("main thread");
	std::printf("dlclose: %d\n", dlclose(h));
	std::printf("still loaded: %d\n", gl_loaded("libgtld.so"));
	std::printf("returning from main\n");
	return 0;
}

int c_stl()
{
	std::map<std::string, int> m{{"one", 1}, {"two", 2}, {"three", 3}};
	std::vector<std::string> keys;
	for (auto &kv : m)
		keys.push_back(kv.first);
	std::sort(keys.rbegin(), keys.rend());
	std::ostringstream os;
	for (auto &k : keys)
		os << k << '=' << m[k] << ' ';
	std::cout << "iostream: " << os.str() << 3.25 << std::endl;
	std::cerr << "to std::cerr" << std::endl;
	std::shared_ptr<int> sp = std::make_shared<int>(5);
	std::weak_ptr<int> wp = sp;
	std::cout << "shared_ptr " << *wp.lock() << " use_count " << sp.use_count() << std::endl;
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	static const std::map<std::string, int (*)()> cmds{
		{"exceptions", c_exceptions}, {"threads", c_threads}, {"plugin", c_plugin},
		{"tldtor", [] { return tldtor(true); }}, {"tldtor_unload", [] { return tldtor(false); }},
		{"stl", c_stl},
	};
	auto c = argc > 1 ? cmds.find(argv[1]) : cmds.end();
	if (c == cmds.end()) {
		std::fprintf(stderr, "usage: gcxx COMMAND\n");
		return 2;
	}
	return c->second();
}
