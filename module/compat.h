/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Every kernel-version shim of iommufd-sim lives here, each guarded by a
 * feature test (a macro the kernel defines, or a HAVE_ flag that Kbuild
 * sets after grepping the target kernel's headers) rather than by a
 * version number, so distribution backports are handled too.
 *
 * Supported: Linux 6.1 (Debian 12) and newer.
 */
#ifndef IOMMUFD_SIM_COMPAT_H
#define IOMMUFD_SIM_COMPAT_H

#include <linux/nospec.h>

#endif /* IOMMUFD_SIM_COMPAT_H */
