/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * iommufd-sim: the VFIO device cdev uAPI its simulated VFIO devices speak
 * (/dev/iommufd-sim-vfio<ID>, README.md "Simulated VFIO devices"), with
 * Linux 7.2's numbers and layouts (include/uapi/linux/vfio.h).
 *
 * The ioctl numbers are Linux's own; only the struct names carry an
 * IOMMUFD_SIM_ prefix, because older kernels' <linux/vfio.h> lacks these
 * ioctls (6.1) or has shorter versions of the structs (BIND_IOMMUFD got
 * its token_uuid_ptr in 6.17), and a program may include both headers.
 * A VMM built against Linux 7.2's <linux/vfio.h> needs none of this file:
 * the layouts are the same, byte for byte.
 *
 * The ioctls a VFIO PCI device answers that 6.1 already has
 * (VFIO_DEVICE_GET_INFO, GET_REGION_INFO, GET_IRQ_INFO, SET_IRQS, RESET,
 * GET_PCI_HOT_RESET_INFO, FEATURE) use <linux/vfio.h>'s structs.
 */
#ifndef _UAPI_IOMMUFD_SIM_VFIO_H
#define _UAPI_IOMMUFD_SIM_VFIO_H

#include <linux/ioctl.h>
#include <linux/types.h>
#include <linux/vfio.h>

/* VFIO_DEVICE_BIND_IOMMUFD: struct iommufd_sim_vfio_bind_iommufd */
#define IOMMUFD_SIM_VFIO_BIND_IOMMUFD _IO(VFIO_TYPE, VFIO_BASE + 18)
/* VFIO_DEVICE_ATTACH_IOMMUFD_PT: struct iommufd_sim_vfio_attach_pt */
#define IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 19)
/* VFIO_DEVICE_DETACH_IOMMUFD_PT: struct iommufd_sim_vfio_detach_pt */
#define IOMMUFD_SIM_VFIO_DETACH_IOMMUFD_PT _IO(VFIO_TYPE, VFIO_BASE + 20)

/* The flags, as upstream's #defines of the same value name them */
enum {
	IOMMUFD_SIM_VFIO_BIND_FLAG_TOKEN = 1 << 0,	/* VFIO_DEVICE_BIND_FLAG_TOKEN */
	IOMMUFD_SIM_VFIO_ATTACH_PASID = 1 << 0,		/* VFIO_DEVICE_ATTACH_PASID */
	IOMMUFD_SIM_VFIO_DETACH_PASID = 1 << 0,		/* VFIO_DEVICE_DETACH_PASID */
};

/* struct vfio_device_bind_iommufd */
struct iommufd_sim_vfio_bind_iommufd {
	__u32 argsz;
	__u32 flags;
	__s32 iommufd;
	__u32 out_devid;
	__aligned_u64 token_uuid_ptr;
};

/* struct vfio_device_attach_iommufd_pt */
struct iommufd_sim_vfio_attach_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pt_id;
	__u32 pasid;
};

/* struct vfio_device_detach_iommufd_pt */
struct iommufd_sim_vfio_detach_pt {
	__u32 argsz;
	__u32 flags;
	__u32 pasid;
};

#endif /* _UAPI_IOMMUFD_SIM_VFIO_H */
