/* Interfaces of t_reloc, libreloc.so and librelocdep.so. */
#ifndef RELOC_H
#define RELOC_H

/* librelocdep.so */
extern int dep_array[8];
extern int dep_value;
extern const char dep_string[];
int dep_func(int x);
int *dep_elem_addr(int i);

/* libreloc.so */
struct reloc_config {
	int magic;
	const char *name;	/* points into libreloc's own .rodata */
	int *dep_ptr;		/* points at librelocdep's dep_value */
	int values[4];
};
extern struct reloc_config reloc_config;	/* copied into t_reloc */
extern const char reloc_message[];		/* copied into t_reloc */
extern int *reloc_p_exe_counter;
extern int *reloc_p_dep_elem;
extern int (*reloc_p_dep_func)(int);
extern const char *reloc_p_dep_str;
const char *reloc_word(int i);
int reloc_local_ok(void);
int reloc_read_exe_counter(void);
int reloc_read_dep_value(void);
int reloc_config_magic(void);
const char *reloc_config_name(void);
int reloc_call_dep(int x);
int reloc_set_dep_value(int v);

/* t_reloc */
extern int exe_counter;

#endif
