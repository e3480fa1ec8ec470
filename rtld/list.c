/* --list and LD_TRACE_LOADED_OBJECTS: the listing ldd prints. */
#include "core.h"
#include "out.h"
#include "util.h"

void trace_objects(void)
{
	for (struct obj *o = R.head; o; o = o->l_next) {
		if (o->is_main)
			continue;
		const char *lib = o->libname ? o->libname : o->l_name;
		if (o->faked)
			r_dprintf(1, "\t%s => not found\n", lib);
		else if (r_strcmp(lib, o->l_name) == 0)
			r_dprintf(1, "\t%s (0x%016lx)\n", lib, (unsigned long)o->map_start);
		else
			r_dprintf(1, "\t%s => %s (0x%016lx)\n", lib, o->l_name,
				  (unsigned long)o->map_start);
	}
}
