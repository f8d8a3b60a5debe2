/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: the few kernel types and accessors that the "pure" engine
 * files (smmuv3_cmd.c, cmdqv_queue.c) use, so that the same C compiles
 * into the module and into the host unit tests under userspace-tests/host/.
 *
 * The pure files include nothing else from the kernel.  Register and ring
 * accesses go through the ISIM_PURE_* macros: in the kernel the register
 * page and the ring are shared with user space, which writes them at any
 * time, so every access is a single READ_ONCE/WRITE_ONCE and the ordering
 * points use acquire/release; on the host the same orderings come from the
 * compiler's atomic builtins.
 */
#ifndef IOMMUFD_SIM_PURE_TYPES_H
#define IOMMUFD_SIM_PURE_TYPES_H

#ifdef __KERNEL__

#include <linux/compiler.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/barrier.h>
#include <asm/byteorder.h>

#define ISIM_PURE_READ(p) READ_ONCE(*(p))
/* Pairs with the guest's store of PROD/GERRORN after its ring writes */
#define ISIM_PURE_READ_ACQUIRE(p) smp_load_acquire(p)
#define ISIM_PURE_WRITE(p, v) WRITE_ONCE(*(p), (v))
/* Pairs with the guest's read of CONS/STATUS/GERROR before it reuses slots */
#define ISIM_PURE_WRITE_RELEASE(p, v) smp_store_release((p), (v))

#else /* host unit tests */

#include <endian.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

#define cpu_to_le32(x) ((__le32)htole32(x))
#define le32_to_cpu(x) le32toh((__u32)(x))
#define cpu_to_le64(x) ((__le64)htole64(x))
#define le64_to_cpu(x) le64toh((__u64)(x))

#define fallthrough __attribute__((__fallthrough__))

#define ISIM_PURE_READ(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ISIM_PURE_READ_ACQUIRE(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define ISIM_PURE_WRITE(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define ISIM_PURE_WRITE_RELEASE(p, v) \
	__atomic_store_n((p), (v), __ATOMIC_RELEASE)

#endif /* __KERNEL__ */

#endif /* IOMMUFD_SIM_PURE_TYPES_H */
