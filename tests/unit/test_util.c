// SPDX-License-Identifier: BSD-3-Clause
/* Error strings, the freestanding formatter, bit-field helpers. */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "core/fmt.h"

static void strerror_covers_every_code(void **state)
{
	(void)state;
	assert_string_equal(smmuv3_strerror(0), "success");
	assert_string_equal(smmuv3_strerror(5), "success");
	for (int e = -1; e >= SMMUV3_ERR_MAX; e--) {
		assert_string_not_equal(smmuv3_strerror(e), "unknown error");
		assert_string_not_equal(smmuv3_strerror(e), "success");
		assert_non_null(strstr(smmuv3_errname(e), "SMMUV3_ERR_"));
		/* Distinct texts: no two codes are described alike. */
		for (int o = e + 1; o < 0; o++)
			assert_string_not_equal(smmuv3_strerror(e), smmuv3_strerror(o));
	}
	assert_string_equal(smmuv3_strerror(SMMUV3_ERR_MAX - 1), "unknown error");
	assert_string_equal(smmuv3_errname(SMMUV3_ERR_TIMEOUT), "SMMUV3_ERR_TIMEOUT");
}

static void fmt_matches_libc(void **state)
{
	char ours[128], libc[128];

	(void)state;
#define SAME(...)                                                    \
	do {                                                         \
		int a = smmuv3_snprintf(ours, sizeof(ours), __VA_ARGS__); \
		int b = snprintf(libc, sizeof(libc), __VA_ARGS__);   \
		assert_string_equal(ours, libc);                     \
		assert_int_equal(a, b);                              \
	} while (0)
	SAME("plain");
	SAME("%d %i %u", -42, 7, 4000000000u);
	SAME("%x %X %08x %-6x|", 0xbeefu, 0xbeefu, 0x12u, 0xau);
	SAME("%llx %lld %llu", 0xfedcba9876543210ull, -9000000000ll, 18446744073709551615ull);
	SAME("%lx %ld %zu", 0x1234ul, -5l, (size_t)99);
	SAME("%s|%8s|%-8s|%.3s", "abc", "r", "l", "truncate");
	SAME("%c%c %% %5d %-5d| %05d", 'o', 'k', 3, 4, -12);
	SAME("%*d", 6, 17);
	/* An int given to %hhu/%hu is converted (300 -> 44): what the
	 * test checks, and what clang's -Wformat warns about. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
	SAME("%hhu %hu", 300, 70000);
#pragma GCC diagnostic pop
#undef SAME
}

static void fmt_truncates_safely(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof(buf));
	assert_int_equal(smmuv3_snprintf(buf, sizeof(buf), "%s", "0123456789"), 10);
	assert_string_equal(buf, "0123456");
	assert_int_equal(smmuv3_snprintf(buf, 0, "%d", 12345), 5);
	assert_int_equal(buf[0], '0');
}

static void field_helpers(void **state)
{
	(void)state;
	assert_int_equal(SMMUV3_GENMASK(3, 0), 0xf);
	assert_int_equal(SMMUV3_GENMASK(63, 63), 0x8000000000000000ull);
	assert_int_equal(SMMUV3_GENMASK(63, 0), ~0ull);
	assert_int_equal(SMMUV3_FIELD_PREP(SMMUV3_GENMASK(7, 4), 0x1f), 0xf0);
	assert_int_equal(SMMUV3_FIELD_GET(SMMUV3_GENMASK(7, 4), 0xabcd), 0xc);
	assert_true(SMMUV3_FIELD_FITS(SMMUV3_GENMASK(7, 4), 0xf));
	assert_false(SMMUV3_FIELD_FITS(SMMUV3_GENMASK(7, 4), 0x10));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strerror_covers_every_code),
		cmocka_unit_test(fmt_matches_libc),
		cmocka_unit_test(fmt_truncates_safely),
		cmocka_unit_test(field_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
