/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The check macro of the host unit tests: a failed CHECK_EQ names the file,
 * line, function and both expressions with their values, and the test goes
 * on; tl_check_report() prints "NAME: N cases passed" (exit status 0) or
 * "NAME: F of N cases failed" (1).  One translation unit per test.
 */
#ifndef IOMMUFD_SIM_CHECK_H
#define IOMMUFD_SIM_CHECK_H

#include <stdio.h>

static unsigned int tl_cases, tl_failures;

#define CHECK_EQ(a, b)                                                      \
	do {                                                                \
		unsigned long long a_ = (a), b_ = (b);                      \
		tl_cases++;                                                 \
		if (a_ != b_) {                                             \
			tl_failures++;                                      \
			fprintf(stderr,                                     \
				"FAIL %s:%d (%s): %s = %#llx, want %s = %#llx\n", \
				__FILE__, __LINE__, __func__, #a, a_, #b,   \
				b_);                                        \
		}                                                           \
	} while (0)
#define CHECK(c) CHECK_EQ(!!(c), 1)

static inline int tl_check_report(const char *name)
{
	if (tl_failures) {
		printf("%s: %u of %u cases failed\n", name, tl_failures,
		       tl_cases);
		return 1;
	}
	printf("%s: %u cases passed\n", name, tl_cases);
	return 0;
}

#endif
