// SPDX-License-Identifier: BSD-3-Clause
#include "fmt.h"

#include <stdbool.h>
#include <stdint.h>

struct fmt_out {
	char *buf;
	size_t size;
	size_t len;
};

struct fmt_spec {
	bool left;
	bool zero;
	int width;
	int precision; /* -1: none */
	int length;    /* 0 int, 1 long, 2 long long, 3 size_t, -1 short, -2 char */
};

static void fmt_putc(struct fmt_out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void fmt_pad(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		fmt_putc(o, c);
}

static void fmt_str(struct fmt_out *o, const struct fmt_spec *s, const char *str)
{
	int n = 0;

	if (!str)
		str = "(null)";
	while (str[n] && (s->precision < 0 || n < s->precision))
		n++;
	if (!s->left)
		fmt_pad(o, ' ', s->width - n);
	for (int i = 0; i < n; i++)
		fmt_putc(o, str[i]);
	if (s->left)
		fmt_pad(o, ' ', s->width - n);
}

static void fmt_num(struct fmt_out *o, const struct fmt_spec *s, uint64_t v,
		    bool neg, unsigned base, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	int len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1 : 0);
	if (!s->left && !s->zero)
		fmt_pad(o, ' ', s->width - len);
	if (neg)
		fmt_putc(o, '-');
	if (!s->left && s->zero)
		fmt_pad(o, '0', s->width - len);
	while (n)
		fmt_putc(o, tmp[--n]);
	if (s->left)
		fmt_pad(o, ' ', s->width - len);
}

static const char *fmt_parse(const char *f, struct fmt_spec *s, va_list *ap)
{
	s->left = false;
	s->zero = false;
	s->width = 0;
	s->precision = -1;
	s->length = 0;
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else
			break;
	}
	if (*f == '*') {
		s->width = va_arg(*ap, int);
		f++;
	}
	while (*f >= '0' && *f <= '9')
		s->width = s->width * 10 + (*f++ - '0');
	if (*f == '.') {
		f++;
		s->precision = 0;
		while (*f >= '0' && *f <= '9')
			s->precision = s->precision * 10 + (*f++ - '0');
	}
	for (;; f++) {
		if (*f == 'l')
			s->length = s->length == 1 ? 2 : 1;
		else if (*f == 'z')
			s->length = 3;
		else if (*f == 'h')
			s->length = s->length == -1 ? -2 : -1;
		else
			break;
	}
	return f;
}

static uint64_t fmt_uarg(const struct fmt_spec *s, va_list *ap)
{
	switch (s->length) {
	case 1:
		return va_arg(*ap, unsigned long);
	case 2:
		return va_arg(*ap, unsigned long long);
	case 3:
		return va_arg(*ap, size_t);
	case -1:
		return (unsigned short)va_arg(*ap, unsigned int);
	case -2:
		return (unsigned char)va_arg(*ap, unsigned int);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t fmt_sarg(const struct fmt_spec *s, va_list *ap)
{
	switch (s->length) {
	case 1:
		return va_arg(*ap, long);
	case 2:
		return va_arg(*ap, long long);
	case 3:
		return (int64_t)va_arg(*ap, size_t);
	case -1:
		return (short)va_arg(*ap, int);
	case -2:
		return (signed char)va_arg(*ap, int);
	default:
		return va_arg(*ap, int);
	}
}

static void fmt_conv(struct fmt_out *o, struct fmt_spec *s, char c, va_list *ap)
{
	int64_t sv;

	switch (c) {
	case 'c':
		fmt_putc(o, (char)va_arg(*ap, int));
		break;
	case 's':
		fmt_str(o, s, va_arg(*ap, const char *));
		break;
	case 'd':
	case 'i':
		sv = fmt_sarg(s, ap);
		fmt_num(o, s, sv < 0 ? (uint64_t)0 - (uint64_t)sv : (uint64_t)sv,
			sv < 0, 10, false);
		break;
	case 'u':
		fmt_num(o, s, fmt_uarg(s, ap), false, 10, false);
		break;
	case 'x':
	case 'X':
		fmt_num(o, s, fmt_uarg(s, ap), false, 16, c == 'X');
		break;
	case 'p':
		fmt_putc(o, '0');
		fmt_putc(o, 'x');
		fmt_num(o, s, (uintptr_t)va_arg(*ap, void *), false, 16, false);
		break;
	case '%':
		fmt_putc(o, '%');
		break;
	default:
		/* Unknown conversion: show it rather than guess its argument. */
		fmt_putc(o, '%');
		fmt_putc(o, c);
		break;
	}
}

int smmuv3_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out o = { buf, size, 0 };
	struct fmt_spec s;
	va_list aq;

	va_copy(aq, ap);
	while (*fmt) {
		if (*fmt != '%') {
			fmt_putc(&o, *fmt++);
			continue;
		}
		fmt = fmt_parse(fmt + 1, &s, &aq);
		if (!*fmt)
			break;
		fmt_conv(&o, &s, *fmt++, &aq);
	}
	va_end(aq);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int smmuv3_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = smmuv3_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void smmuv3_print_line(const struct smmuv3_printer *p, const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	smmuv3_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	p->print(p->arg, line);
}
