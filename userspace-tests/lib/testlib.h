/* SPDX-License-Identifier: GPL-2.0-only */
/* Small helpers shared by the iommufd-sim test programs. */
#ifndef IOMMUFD_SIM_TESTLIB_H
#define IOMMUFD_SIM_TESTLIB_H

#include <stdbool.h>
#include <stdint.h>

/* "EINVAL" for EINVAL; "E<number>" for anything glibc has no name for. */
const char *tl_errname(int err);

/* Parse a decimal or 0x-prefixed number; exits with status 2 on junk. */
uint64_t tl_parse_u64(const char *what, const char *s);

/* Print to stderr and exit with status 2 (usage) or 1 (environment). */
void tl_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void tl_fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The device under test: $IOMMUFD_SIM_DEV or /dev/iommufd-sim. */
const char *tl_device_path(void);

#endif
