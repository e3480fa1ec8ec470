/* printf subset: %s %c %d %i %u %x %p %% with an optional 'l' (or 'z')
 * length and an optional zero-padded or space-padded field width. */
#include "rt.h"

struct out {
	char *buf;
	size_t size, len;
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_num(struct out *o, unsigned long v, unsigned base, int neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	while (width-- > n)
		put(o, pad);
	while (n)
		put(o, tmp[--n]);
}

int rt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = {buf, size, 0};

	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			put(&o, *f);
			continue;
		}
		f++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*f == '0') {
			pad = '0';
			f++;
		}
		while (*f >= '0' && *f <= '9')
			width = width * 10 + (*f++ - '0');
		while (*f == 'l' || *f == 'z') {
			lng = 1;
			f++;
		}
		switch (*f) {
		case 'd':
		case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			put_num(&o, v < 0 ? -(unsigned long)v : (unsigned long)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 10, 0, width, pad);
			break;
		case 'x':
			put_num(&o, lng ? va_arg(ap, unsigned long) : va_arg(ap, unsigned), 16, 0, width, pad);
			break;
		case 'p':
			put(&o, '0');
			put(&o, 'x');
			put_num(&o, (unsigned long)va_arg(ap, void *), 16, 0, width, pad);
			break;
		case 'c':
			put(&o, (char)va_arg(ap, int));
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int n = (int)rt_strlen(s);
			while (width-- > n)
				put(&o, ' ');
			while (*s)
				put(&o, *s++);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			f--;
			break;
		default:
			put(&o, '%');
			put(&o, *f);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int rt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = rt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int rt_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[1024];
	int n = rt_vsnprintf(buf, sizeof buf, fmt, ap);

	rt_write(fd, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	return n;
}

int rt_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = rt_vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

int rt_eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int n = rt_vdprintf(2, fmt, ap);
	va_end(ap);
	return n;
}

void rt_print(const char *s)
{
	rt_write(1, s, rt_strlen(s));
}

void rt_puts(const char *s)
{
	rt_print(s);
	rt_write(1, "\n", 1);
}
