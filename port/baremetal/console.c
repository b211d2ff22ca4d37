// SPDX-License-Identifier: BSD-3-Clause
/*
 * Console: a PL011 (the device tree's stdout-path) or any character sink
 * set with bm_console_set(), and a small printf.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include <bm/bm.h>

#define PL011_DR 0x00u
#define PL011_FR 0x18u
#define PL011_FR_TXFF (1u << 5)
#define PL011_LCR_H 0x2cu
#define PL011_LCR_H_WLEN8_FEN 0x70u
#define PL011_CR 0x30u
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

static void (*console_putc)(void *ctx, char c);
static void *console_ctx;
static bool pl011_ready;

/*
 * A PL011 comes out of reset disabled (QEMU's too): enable it before the
 * first character. Baud rate is left to firmware; QEMU ignores it.
 */
static void pl011_enable(uint64_t base)
{
	uint32_t cr = bm_read32(base + PL011_CR);

	if (!(cr & PL011_CR_UARTEN)) {
		bm_write32(base + PL011_LCR_H, PL011_LCR_H_WLEN8_FEN);
		bm_write32(base + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
	}
	pl011_ready = true;
}

static void pl011_putc(uint64_t base, char c)
{
	while (bm_read32(base + PL011_FR) & PL011_FR_TXFF)
		;
	bm_write32(base + PL011_DR, (unsigned char)c);
}

void bm_console_set(void (*putc)(void *ctx, char c), void *ctx)
{
	console_ctx = ctx;
	console_putc = putc;
}

void bm_putc(char c)
{
	if (console_putc) {
		console_putc(console_ctx, c);
		return;
	}
	if (!bm_plat.uart)
		return;
	if (!pl011_ready)
		pl011_enable(bm_plat.uart);
	if (c == '\n')
		pl011_putc(bm_plat.uart, '\r');
	pl011_putc(bm_plat.uart, c);
}

/* ---- formatting ---------------------------------------------------------- */

struct sink {
	char *buf;      /* NULL: console */
	size_t size;
	size_t len;     /* characters produced, even past size */
};

static void emit(struct sink *s, char c)
{
	if (!s->buf)
		bm_putc(c);
	else if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

static void emit_number(struct sink *s, unsigned long long v, unsigned base, bool upper,
			bool neg, unsigned width, bool zero, bool left)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	unsigned n = 0, len;

	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	len = n + (neg ? 1u : 0u);
	if (neg && zero)
		emit(s, '-');
	if (!left)
		for (; width > len; width--)
			emit(s, zero ? '0' : ' ');
	if (neg && !zero)
		emit(s, '-');
	while (n)
		emit(s, tmp[--n]);
	if (left)
		for (; width > len; width--)
			emit(s, ' ');
}

static void format(struct sink *s, const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		bool zero = false, left = false, upper = false, alt = false;
		unsigned width = 0, lng = 0;
		unsigned long long v;
		const char *str;

		if (*fmt != '%') {
			emit(s, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '0')
				zero = true;
			else if (*fmt == '-')
				left = true;
			else if (*fmt == '#')
				alt = true;
			else
				break;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (unsigned)(*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z') {
			lng++;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i': {
			long long sv = lng ? va_arg(ap, long long) : va_arg(ap, int);

			emit_number(s, sv < 0 ? 0ull - (unsigned long long)sv : (unsigned long long)sv,
				    10, false, sv < 0, width, zero, left);
			break;
		}
		case 'u':
		case 'x':
		case 'X':
			v = lng ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned int);
			upper = *fmt == 'X';
			if (alt && *fmt != 'u') {
				emit(s, '0');
				emit(s, upper ? 'X' : 'x');
			}
			emit_number(s, v, *fmt == 'u' ? 10 : 16, upper, false, width, zero, left);
			break;
		case 'p':
			emit(s, '0');
			emit(s, 'x');
			emit_number(s, (uintptr_t)va_arg(ap, void *), 16, false, false, width, zero,
				    left);
			break;
		case 'c':
			emit(s, (char)va_arg(ap, int));
			break;
		case 's': {
			unsigned len = 0;

			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
			while (str[len])
				len++;
			if (!left)
				for (; width > len; width--)
					emit(s, ' ');
			while (*str)
				emit(s, *str++);
			if (left)
				for (; width > len; width--)
					emit(s, ' ');
			break;
		}
		case '%':
			emit(s, '%');
			break;
		case '\0':
			return;
		default:
			emit(s, '%');
			emit(s, *fmt);
			break;
		}
	}
}

int bm_vprintf(const char *fmt, va_list ap)
{
	struct sink s = { 0 };

	format(&s, fmt, ap);
	return (int)s.len;
}

int bm_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = bm_vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int bm_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct sink s = { .buf = buf, .size = size };
	va_list ap;

	va_start(ap, fmt);
	format(&s, fmt, ap);
	va_end(ap);
	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return (int)s.len;
}
