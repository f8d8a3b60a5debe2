/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * iommufd-sim simulator ABI.
 *
 * Three parts, all for user space talking to /dev/iommufd-sim:
 *
 *  1. The upstream iommufd selftest ABI (IOMMU_TEST_CMD and the selftest
 *     driver types), with upstream's names, numbers and layouts, so that a
 *     program written for the kernel's selftest mock runs unchanged.
 *  2. The simulator's own command, IOMMUFD_SIM_CMD, for what upstream has
 *     no word for (plugging simulated devices, and more later).
 *  3. The NVIDIA Tegra241 CMDQV VINTF page0 layout that user space sees
 *     through mmap(), and the SMMUv3 command encoding the simulated CMDQV
 *     engine executes.
 *
 * Everything that is not an upstream name is prefixed IOMMUFD_SIM_.
 */
#ifndef _UAPI_IOMMUFD_SIM_H
#define _UAPI_IOMMUFD_SIM_H

/*
 * Quoted on purpose: inside a kernel build <linux/iommufd.h> could resolve
 * to the kernel's own copy instead of the sibling file.
 */
#include "iommufd.h"

/*
 * Part 1: upstream selftest ABI (drivers/iommu/iommufd/iommufd_test.h, v6.17)
 */

/*
 * Operations of IOMMU_TEST_CMD (struct iommu_test_cmd::op). An unknown op
 * fails with EOPNOTSUPP. iommufd-sim implements ADD_RESERVED, MOCK_DOMAIN,
 * MD_CHECK_MAP, MD_CHECK_REFS, SET_TEMP_MEMORY_LIMIT (validated, limit >= 12, else
 * EINVAL; stored module-wide), MOCK_DOMAIN_REPLACE, MOCK_DOMAIN_FLAGS,
 * MD_CHECK_IOTLB, TRIGGER_IOPF, DEV_CHECK_CACHE, TRIGGER_VEVENT, the PASID
 * ops (PASID_ATTACH, PASID_REPLACE, PASID_DETACH, PASID_CHECK_HWPT; PASID
 * 0 is the RID, as upstream's IOMMU_NO_PASID) and the access ops
 * CREATE_ACCESS, DESTROY_ACCESS_PAGES, ACCESS_PAGES, ACCESS_RW and
 * ACCESS_REPLACE_IOAS, and DMABUF_GET and DMABUF_REVOKE (as Linux 7.2;
 * see struct iommu_test_cmd); the other ops listed here fail with
 * EOPNOTSUPP until implemented. As upstream, iommu_test_cmd::__reserved is
 * not checked.
 */
enum {
	IOMMU_TEST_OP_ADD_RESERVED = 1,
	IOMMU_TEST_OP_MOCK_DOMAIN = 2,
	IOMMU_TEST_OP_MD_CHECK_MAP = 3,
	IOMMU_TEST_OP_MD_CHECK_REFS = 4,
	IOMMU_TEST_OP_CREATE_ACCESS = 5,
	IOMMU_TEST_OP_DESTROY_ACCESS_PAGES = 6,
	IOMMU_TEST_OP_ACCESS_PAGES = 7,
	IOMMU_TEST_OP_ACCESS_RW = 8,
	IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT = 9,
	IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE = 10,
	IOMMU_TEST_OP_ACCESS_REPLACE_IOAS = 11,
	IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS = 12,
	IOMMU_TEST_OP_DIRTY = 13,
	IOMMU_TEST_OP_MD_CHECK_IOTLB = 14,
	IOMMU_TEST_OP_TRIGGER_IOPF = 15,
	IOMMU_TEST_OP_DEV_CHECK_CACHE = 16,
	IOMMU_TEST_OP_TRIGGER_VEVENT = 17,
	IOMMU_TEST_OP_PASID_ATTACH = 18,
	IOMMU_TEST_OP_PASID_REPLACE = 19,
	IOMMU_TEST_OP_PASID_DETACH = 20,
	IOMMU_TEST_OP_PASID_CHECK_HWPT = 21,
	IOMMU_TEST_OP_DMABUF_GET = 22,
	IOMMU_TEST_OP_DMABUF_REVOKE = 23,
};

/*
 * IOVA aperture of mock domains (MOCK_IOMMUPT_DEFAULT), upstream's IO page
 * size and the large leaf of MOCK_IOMMUPT_HUGE tables.  The module's mock
 * uses PAGE_SIZE / 2 as its IO page, the same on 4 KiB-page kernels.
 */
enum {
	MOCK_APERTURE_START = 1UL << 24,
	MOCK_APERTURE_LAST = (1UL << 31) - 1,
	MOCK_PAGE_SIZE = 2048,
	MOCK_HUGE_PAGE_SIZE = 512 * MOCK_PAGE_SIZE,
};

/*
 * access_pages.flags of IOMMU_TEST_OP_ACCESS_PAGES: WRITE pins for writing
 * (the mapping must be writeable, else EPERM); SYZ (also in
 * access_rw.flags) reads the iova field as { __u32 nth_area; __u32 offset; }
 * in memory order: the IOVA of the nth mapping (lowest first) plus offset,
 * 0 when there are fewer, as upstream's selftest does for syzkaller.
 */
enum {
	MOCK_FLAGS_ACCESS_WRITE = 1 << 0,
	MOCK_FLAGS_ACCESS_SYZ = 1 << 16,
};

/*
 * access_rw.flags of IOMMU_TEST_OP_ACCESS_RW: WRITE copies from the user
 * buffer into the IOVA range, else from the range into the buffer.
 * SLOW_PATH is accepted and changes nothing in iommufd-sim: every copy
 * goes through pinned pages, upstream's slow path.
 */
enum {
	MOCK_ACCESS_RW_WRITE = 1 << 0,
	MOCK_ACCESS_RW_SLOW_PATH = 1 << 2,
};

/*
 * create_access.flags of IOMMU_TEST_OP_CREATE_ACCESS: the access may pin
 * pages (ACCESS_PAGES; without it EOPNOTSUPP) and raises the IOAS's IOVA
 * alignment to PAGE_SIZE while attached (EADDRINUSE when a mapping does
 * not meet it).  Any other bit is EOPNOTSUPP.
 */
enum {
	MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES = 1 << 0,
};

/*
 * mock_domain_flags.dev_flags of IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS.
 * MOCK_FLAGS_DEVICE_HUGE_IOVA exists in v6.17 and was dropped later by the
 * generic page-table rework; as in 7.x it is refused (EINVAL), and its
 * name stays only so that 6.17-era programs still build.
 */
enum {
	MOCK_FLAGS_DEVICE_NO_DIRTY = 1 << 0,
	MOCK_FLAGS_DEVICE_HUGE_IOVA = 1 << 1,
	MOCK_FLAGS_DEVICE_PASID = 1 << 2,
};

/* IOTLB entries of a mock nested domain */
enum {
	MOCK_NESTED_DOMAIN_IOTLB_ID_MAX = 3,
	MOCK_NESTED_DOMAIN_IOTLB_NUM = 4,
};

/* Per-device cache entries of a mock device */
enum {
	MOCK_DEV_CACHE_ID_MAX = 3,
	MOCK_DEV_CACHE_NUM = 4,
};

/* PASID kept aside by the mock for the PASID replace test */
#define IOMMU_TEST_PASID_RESERVED 1024

/**
 * struct iommu_test_cmd - argument of IOMMU_TEST_CMD
 * @size: in, sizeof(struct iommu_test_cmd); at least 68, i.e. up to and
 *        including @last
 * @op: in, one of the IOMMU_TEST_OP_* values
 * @id: in, op-specific object ID (e.g. the IOAS or HWPT to attach for
 *      MOCK_DOMAIN, the idev for DEV_CHECK_CACHE, the stdev for PASID ops)
 * @__reserved: must be 0
 * @add_reserved: ADD_RESERVED: reserve [start, start + length) in IOAS @id
 * @mock_domain: MOCK_DOMAIN: out, the selftest device object (destroy it to
 *               unplug), the HWPT actually attached and the iommufd device
 *               ID to use as dev_id elsewhere
 * @mock_domain_flags: MOCK_DOMAIN_FLAGS: as @mock_domain, plus in,
 *                     dev_flags made of MOCK_FLAGS_DEVICE_* bits
 * @mock_domain_replace: MOCK_DOMAIN_REPLACE: in, new IOAS or HWPT to attach
 *                       the selftest device @id to
 * @check_map: MD_CHECK_MAP: in, IOVA range and the user memory it must map;
 *             @id is a selftest paging HWPT (ENOENT for another object,
 *             EINVAL for another IOMMU's); IOVA, length and uptr must be
 *             multiples of the IO page size, PAGE_SIZE / 2 (EINVAL); EINVAL
 *             when an IO page maps other memory or nothing
 * @check_refs: MD_CHECK_REFS: in, user range and expected pin count
 * @create_access: CREATE_ACCESS on IOAS @id: in, flags
 *                 (MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES); out, an
 *                 O_CLOEXEC fd naming the access in @id of the other access
 *                 ops (anything else there: EBADFD). The access is also an
 *                 object with its own id (DESTROY: EBUSY) that holds the
 *                 IOAS; closing the fd drops its pins and destroys it, and
 *                 the iommufd context lives until then
 * @destroy_access_pages: DESTROY_ACCESS_PAGES: in, a pin of access fd @id
 *                        to release (ENOENT when there is none, e.g. after
 *                        IOAS_UNMAP of its memory released it)
 * @access_pages: ACCESS_PAGES: pin [iova, iova + length) through access fd
 *                @id: in, flags (MOCK_FLAGS_ACCESS_WRITE/SYZ), a
 *                page-aligned iova, length (at most 16 MiB, else ENOMEM)
 *                and uptr (0, or where the caller maps that memory: other
 *                pages EBADE); out, the pin's id (0, 1, ... per access).
 *                EINVAL unaligned, ENOENT not fully mapped, EPERM not
 *                writeable/readable. IOAS_UNMAP of pinned memory releases
 *                the pins in the range first
 * @access_rw: ACCESS_RW through access fd @id: in, IOVA range (at most
 *             16 MiB), user buffer and MOCK_ACCESS_RW_* flags; no
 *             alignment needed, nothing stays pinned
 * @memory_limit: SET_TEMP_MEMORY_LIMIT: in, temporary internal memory limit
 * @access_replace_ioas: ACCESS_REPLACE_IOAS: in, IOAS to move access fd
 *                       @id to; its pins are released first
 * @dirty: DIRTY: in, range, page size and bitmap; out, dirty page count
 *         (4 bytes of implicit padding follow @dirty.flags)
 * @check_iotlb: MD_CHECK_IOTLB: in, IOTLB entry index and expected value
 * @trigger_iopf: TRIGGER_IOPF: in, fault to inject for a device
 * @check_dev_cache: DEV_CHECK_CACHE: in, cache entry index and expected
 *                   value for device @id
 * @trigger_vevent: TRIGGER_VEVENT: in, device whose vDEVICE raises a
 *                  selftest vEVENT
 * @pasid_attach: PASID_ATTACH: in, PASID of stdev @id and the HWPT; out,
 *                the HWPT (PASID_REPLACE also reads and writes this one,
 *                as upstream)
 * @pasid_replace: PASID_REPLACE: the same layout as @pasid_attach
 * @pasid_detach: PASID_DETACH: in, PASID of stdev @id to detach
 * @pasid_check: PASID_CHECK_HWPT: in, PASID of stdev @id and expected HWPT
 *               (0: nothing attached)
 * @dmabuf_get: DMABUF_GET: in, size in bytes (rounded up to pages, at most
 *              2 MiB) and flags of the new dma-buf fd (O_CLOEXEC, O_RDWR
 *              ...); the ioctl returns the fd.  Mappable with mmap(2)
 * @dmabuf_revoke: DMABUF_REVOKE: in, a dma-buf fd of DMABUF_GET and
 *                 whether it is now revoked (non-zero) or usable again
 * @last: unused; marks the end of the minimum size
 *
 * The op arguments sit in a 48-byte, 8-byte aligned union at offset 16, so
 * @last is at offset 64 and the struct is 72 bytes.
 */
struct iommu_test_cmd {
	__u32 size;
	__u32 op;
	__u32 id;
	__u32 __reserved;
	union {
		struct {
			__aligned_u64 start;
			__aligned_u64 length;
		} add_reserved;
		struct {
			__u32 out_stdev_id;
			__u32 out_hwpt_id;
			__u32 out_idev_id;
		} mock_domain;
		struct {
			__u32 out_stdev_id;
			__u32 out_hwpt_id;
			__u32 out_idev_id;
			__u32 dev_flags;
		} mock_domain_flags;
		struct {
			__u32 pt_id;
		} mock_domain_replace;
		struct {
			__aligned_u64 iova;
			__aligned_u64 length;
			__aligned_u64 uptr;
		} check_map;
		struct {
			__aligned_u64 length;
			__aligned_u64 uptr;
			__u32 refs;
		} check_refs;
		struct {
			__u32 out_access_fd;
			__u32 flags;
		} create_access;
		struct {
			__u32 access_pages_id;
		} destroy_access_pages;
		struct {
			__u32 flags;
			__u32 out_access_pages_id;
			__aligned_u64 iova;
			__aligned_u64 length;
			__aligned_u64 uptr;
		} access_pages;
		struct {
			__aligned_u64 iova;
			__aligned_u64 length;
			__aligned_u64 uptr;
			__u32 flags;
		} access_rw;
		struct {
			__u32 limit;
		} memory_limit;
		struct {
			__u32 ioas_id;
		} access_replace_ioas;
		struct {
			__u32 flags;
			__aligned_u64 iova;
			__aligned_u64 length;
			__aligned_u64 page_size;
			__aligned_u64 uptr;
			__aligned_u64 out_nr_dirty;
		} dirty;
		struct {
			__u32 id;
			__u32 iotlb;
		} check_iotlb;
		struct {
			__u32 dev_id;
			__u32 pasid;
			__u32 grpid;
			__u32 perm;
			__aligned_u64 addr;
		} trigger_iopf;
		struct {
			__u32 id;
			__u32 cache;
		} check_dev_cache;
		struct {
			__u32 dev_id;
		} trigger_vevent;
		struct {
			__u32 pasid;
			__u32 pt_id;
		} pasid_attach;
		struct {
			__u32 pasid;
			__u32 pt_id;
		} pasid_replace;
		struct {
			__u32 pasid;
		} pasid_detach;
		struct {
			__u32 pasid;
			__u32 hwpt_id;
		} pasid_check;
		struct {
			__u32 length;
			__u32 open_flags;
		} dmabuf_get;
		struct {
			__s32 dmabuf_fd;
			__u32 revoked;
		} dmabuf_revoke;
	};
	__u32 last;
};

#define IOMMU_TEST_CMD _IO(IOMMUFD_TYPE, IOMMUFD_CMD_BASE + 32)

/* PASID width, in bits, of mock devices and the mock IOMMU */
#define MOCK_PASID_WIDTH 20

/* IOMMU_GET_HW_INFO on a mock device */
#define IOMMU_HW_INFO_TYPE_SELFTEST 0xfeedbeef
#define IOMMU_HW_INFO_SELFTEST_REGVAL 0xdeadbeef

/**
 * struct iommu_test_hw_info - GET_HW_INFO data of a mock device
 *                             (IOMMU_HW_INFO_TYPE_SELFTEST)
 * @flags: 0
 * @test_reg: IOMMU_HW_INFO_SELFTEST_REGVAL
 */
struct iommu_test_hw_info {
	__u32 flags;
	__u32 test_reg;
};

/* HWPT data type of mock nested domains; outside enum iommu_hwpt_data_type */
#define IOMMU_HWPT_DATA_SELFTEST 0xdead
/* Initial value of every IOTLB entry of a mock nested domain */
#define IOMMU_TEST_IOTLB_DEFAULT 0xbadbeef
/* iommu_hwpt_selftest::pagetable_type (7.x) */
enum {
	MOCK_IOMMUPT_DEFAULT = 0,
	MOCK_IOMMUPT_HUGE = 1,
};

/* Initial value of every cache entry of a mock device */
#define IOMMU_TEST_DEV_CACHE_DEFAULT 0xbaddad

/**
 * struct iommu_hwpt_selftest - data of a mock nested HWPT
 *                              (IOMMU_HWPT_DATA_SELFTEST)
 * @iotlb: value loaded into all IOTLB entries, normally
 *         IOMMU_TEST_IOTLB_DEFAULT
 * @pagetable_type: 7.x, for a paging HWPT: MOCK_IOMMUPT_DEFAULT (the mock
 *                  aperture, a dirty bit per IO page) or MOCK_IOMMUPT_HUGE
 *                  (aperture [0, 2^38 - 1], PAGE_SIZE and
 *                  MOCK_HUGE_PAGE_SIZE leaves); read and ignored for a
 *                  nested HWPT
 *
 * The 7.x layout (8 bytes); the 6.17 form, @iotlb alone, stays valid
 * input, and anything longer than 8 bytes is EINVAL.  Another
 * pagetable_type is EOPNOTSUPP, as upstream.
 */
struct iommu_hwpt_selftest {
	__u32 iotlb;
	__u32 pagetable_type;
};

/* Invalidation data types of mock nested HWPTs; outside the upstream enum */
#define IOMMU_HWPT_INVALIDATE_DATA_SELFTEST 0xdeadbeef
#define IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID 0xdadbeef

/* Flag of the selftest invalidation entries: invalidate every entry */
#define IOMMU_TEST_INVALIDATE_FLAG_ALL 0x1

/**
 * struct iommu_hwpt_invalidate_selftest - invalidation entry of a mock
 *                                         nested HWPT
 *                                         (IOMMU_HWPT_INVALIDATE_DATA_SELFTEST)
 * @flags: 0 or IOMMU_TEST_INVALIDATE_FLAG_ALL
 * @iotlb_id: IOTLB entry to reset, ignored with IOMMU_TEST_INVALIDATE_FLAG_ALL
 */
struct iommu_hwpt_invalidate_selftest {
	__u32 flags;
	__u32 iotlb_id;
};

/* vIOMMU type of the mock IOMMU */
#define IOMMU_VIOMMU_TYPE_SELFTEST 0xdeadbeef

/**
 * struct iommu_viommu_selftest - data of a mock vIOMMU
 *                                (IOMMU_VIOMMU_TYPE_SELFTEST)
 * @in_data: in, any value
 * @out_data: out, a copy of @in_data
 * @out_mmap_offset: out, mmap() offset of the vIOMMU's 2-page test region,
 *                   whose first __u32 holds @in_data
 * @out_mmap_length: out, mmap() length of that region
 *
 * Optional; the minimum data length is 8 (up to and including @out_data).
 */
struct iommu_viommu_selftest {
	__u32 in_data;
	__u32 out_data;
	__aligned_u64 out_mmap_offset;
	__aligned_u64 out_mmap_length;
};

/* Invalidation data types of the mock vIOMMU; outside the upstream enum */
#define IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST 0xdeadbeef
#define IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST_INVALID 0xdadbeef

/**
 * struct iommu_viommu_invalidate_selftest - invalidation entry of the mock
 *                                           vIOMMU
 *                                 (IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST)
 * @flags: 0 or IOMMU_TEST_INVALIDATE_FLAG_ALL (other bits: EOPNOTSUPP)
 * @vdev_id: virt_id of the vDEVICE whose device cache is invalidated
 * @cache_id: cache entry to reset (at most MOCK_DEV_CACHE_ID_MAX), ignored
 *            with IOMMU_TEST_INVALIDATE_FLAG_ALL
 */
struct iommu_viommu_invalidate_selftest {
	__u32 flags;
	__u32 vdev_id;
	__u32 cache_id;
};

/* vEVENTQ type of the mock vIOMMU */
#define IOMMU_VEVENTQ_TYPE_SELFTEST 0xbeefbeef

/**
 * struct iommu_viommu_event_selftest - payload of a mock vEVENT
 *                                      (IOMMU_VEVENTQ_TYPE_SELFTEST)
 * @virt_id: virt_id of the vDEVICE that raised the event
 */
struct iommu_viommu_event_selftest {
	__u32 virt_id;
};

/* HW queue type of the mock vIOMMU, and its number of queue indexes */
#define IOMMU_HW_QUEUE_TYPE_SELFTEST 0xdeadbeef
#define IOMMU_TEST_HW_QUEUE_MAX 2

/*
 * Part 2: the simulator's own command
 */

/**
 * struct iommufd_sim_device_alloc - arguments of IOMMUFD_SIM_OP_DEVICE_ALLOC
 * @model: in, IOMMUFD_SIM_MODEL_*: which simulated IOMMU the device sits
 *         behind; any other value gives EOPNOTSUPP
 * @stream_id: in, physical stream ID (SID) of the device, any value; two
 *             IOMMUFD_SIM_MODEL_TEGRA241 devices of one iommufd context
 *             cannot share one (EEXIST) until the first is unplugged
 * @flags: in, must be 0 for now (EOPNOTSUPP otherwise)
 * @out_stdev_id: out, simulated device object; IOMMU_DESTROY on it unplugs
 *                the device (detaches it and destroys the idev)
 * @out_hwpt_id: out, HWPT the device was attached to, 0 when unattached
 * @out_idev_id: out, iommufd device ID, the dev_id for every other ioctl;
 *               IOMMU_DESTROY on it is EBUSY
 *
 * iommufd_sim_cmd::id is the IOAS or HWPT_PAGING to attach the new device
 * to, or 0 to leave it unattached.  As for IOMMU_TEST_OP_MOCK_DOMAIN: a
 * missing id gives ENOENT, an object of another type EINVAL; on an IOAS
 * the device reuses the first auto domain of that IOAS it is compatible
 * with, else a new auto HWPT is created, which is destroyed with its last
 * device; a HWPT of the other model gives EINVAL.  IDs are allocated in
 * the order stdev, idev, auto HWPT.  Attaching can also fail as adding a
 * domain to the IOAS does (EADDRINUSE, ENOMEM, EFAULT).  A failed call
 * leaves no object behind.
 *
 * The models differ as follows:
 *
 * - IOMMUFD_SIM_MODEL_SELFTEST: the device of IOMMU_TEST_OP_MOCK_DOMAIN
 *   (without MOCK_FLAGS_DEVICE_*).  Domain aperture
 *   [MOCK_APERTURE_START, MOCK_APERTURE_LAST], IO page size PAGE_SIZE / 2,
 *   dirty tracking capable; GET_HW_INFO gives IOMMU_HW_INFO_TYPE_SELFTEST.
 * - IOMMUFD_SIM_MODEL_TEGRA241: behind the simulated Grace SMMUv3.  Domain
 *   aperture [0, 2^48 - 1], IO page size PAGE_SIZE, no dirty tracking, no
 *   PASID; GET_HW_INFO gives IOMMU_HW_INFO_TYPE_ARM_SMMUV3 by default and
 *   IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV on request.  HWPT_ALLOC takes
 *   NEST_PARENT or nothing (each optionally with PASID).
 */
struct iommufd_sim_device_alloc {
	__u32 model;
	__u32 stream_id;
	__u32 flags;
	__u32 out_stdev_id;
	__u32 out_hwpt_id;
	__u32 out_idev_id;
};

/**
 * struct iommufd_sim_viommu_counters - arguments of
 *                                      IOMMUFD_SIM_OP_VIOMMU_COUNTERS
 * @asid: in, the ASID whose per-ASID counters are reported
 * @sid: in, the physical stream ID whose per-SID counters are reported
 * @__reserved: in, must be 0 (EOPNOTSUPP otherwise)
 * @out_vmid: out, the vIOMMU's VMID: TLBI commands run with it, whatever
 *            VMID they carried (simulator: one VMID per vIOMMU, unique in
 *            the module, from 1)
 * @out_tlbi_nh_all: out, TLBI_NH_ALL run, TLBI_NSNH_ALL included (the trap
 *                   path converts it to TLBI_NH_ALL of the VMID)
 * @out_tlbi_nh_vaa: out, TLBI_NH_VAA run
 * @out_tlbi_nh_asid: out, TLBI_NH_ASID run for @asid
 * @out_tlbi_nh_va: out, TLBI_NH_VA run for @asid
 * @out_atc_inv: out, ATC_INV run for physical SID @sid
 * @out_cfgi_cd: out, CFGI_CD run for physical SID @sid
 * @out_cfgi_cd_all: out, CFGI_CD_ALL run for physical SID @sid
 * @out_cmd_sync: out, CMD_SYNC run by the vCMDQ engine (the trapped path
 *                never accepts one)
 *
 * Simulated invalidation effects of a vIOMMU of type ARM_SMMUV3 or
 * TEGRA241_CMDQV (iommufd_sim_cmd::id; ENOENT when not a vIOMMU, EOPNOTSUPP
 * for another vIOMMU type), counted after VMID replacement and vSID -> pSID
 * translation, for commands run through IOMMU_HWPT_INVALIDATE on the
 * vIOMMU and through its vCMDQs alike.  Counts start at 0 and wrap at 2^32.
 */
struct iommufd_sim_viommu_counters {
	__u32 asid;
	__u32 sid;
	__u32 __reserved;
	__u32 out_vmid;
	__u32 out_tlbi_nh_all;
	__u32 out_tlbi_nh_vaa;
	__u32 out_tlbi_nh_asid;
	__u32 out_tlbi_nh_va;
	__u32 out_atc_inv;
	__u32 out_cfgi_cd;
	__u32 out_cfgi_cd_all;
	__u32 out_cmd_sync;
};

/**
 * struct iommufd_sim_cmdqv_step - arguments of IOMMUFD_SIM_OP_CMDQV_STEP
 * @flags: in, must be 0 (EOPNOTSUPP otherwise)
 * @out_consumed: out, commands the step executed (CONS moved past them)
 * @out_errors: out, queues the step stopped with a command error
 * @out_events: out, TEGRA241 vEVENTs the step raised (each one goes to the
 *              vIOMMU's IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV vEVENTQ, if any)
 * @out_more: out, 1 when the step gave up with work left (a guest that
 *            keeps moving PROD), else 0; step again
 *
 * Runs the CMDQV engine on every LVCMDQ window of the VINTF of
 * iommufd_sim_cmd::id (a TEGRA241_CMDQV vIOMMU; ENOENT when not a vIOMMU,
 * EOPNOTSUPP for another type) until it has nothing left to do: STATUS
 * follows CONFIG.EN, a GERRORN acknowledgment resumes a stopped queue, and
 * every command between CONS and PROD runs or stops the queue.  When it
 * returns, the registers in the page show the result.  This is how tests
 * drive the engine with cmdqv_engine_manual=1; in the default mode the
 * engine's thread does the same on its own, and a step is harmless.
 */
struct iommufd_sim_cmdqv_step {
	__u32 flags;
	__u32 out_consumed;
	__u32 out_errors;
	__u32 out_events;
	__u32 out_more;
};

/* iommufd_sim_cmdqv_queue_state::out_flags */
/* STATUS.ENABLED: the queue runs (CONFIG.EN was seen set) */
#define IOMMUFD_SIM_CMDQV_Q_ENABLED 0x1U
/* A command error stopped the queue (CONS.ERR != 0), not yet acknowledged */
#define IOMMUFD_SIM_CMDQV_Q_ERROR 0x2U
/* The queue's bit in the VINTF's LVCMDQ error map is set */
#define IOMMUFD_SIM_CMDQV_Q_ERR_MAP 0x4U

/**
 * struct iommufd_sim_cmdqv_queue_state - arguments of
 *                                        IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE
 * @out_base: out, the BASE register HW_QUEUE_ALLOC latched: host physical
 *            address [47:5] | LOG2SIZE [4:0].  Kernel-private on real
 *            hardware (page1, never mapped to user space).
 * @out_index: out, the LVCMDQ index of the queue in its VINTF
 * @out_log2size: out, log2 of the number of 16-byte entries
 * @out_cons: out, CONS as the engine holds it: CERROR [30:24] | wrap | idx
 * @out_gerror: out, GERROR as the engine holds it
 * @out_flags: out, IOMMUFD_SIM_CMDQV_Q_* bits
 * @out_nr_tlbi_nh_asid: out, TLBI_NH_ASID commands the queue executed
 * @out_nr_tlbi_nh_va: out, TLBI_NH_VA commands the queue executed
 * @out_nr_atc_inv: out, ATC_INV commands the queue executed
 * @out_nr_cmd_sync: out, CMD_SYNC commands the queue executed
 * @out_nr_errors: out, command errors that stopped the queue
 *
 * The engine-private state of the HW queue iommufd_sim_cmd::id (a
 * TEGRA241_CMDQV HW queue; ENOENT when not a HW queue, EOPNOTSUPP for
 * another type).  Counts start at 0 when the queue is allocated and wrap
 * at 2^32.  User stores to the page do not change these values: they are
 * what the simulated hardware believes.
 */
struct iommufd_sim_cmdqv_queue_state {
	__aligned_u64 out_base;
	__u32 out_index;
	__u32 out_log2size;
	__u32 out_cons;
	__u32 out_gerror;
	__u32 out_flags;
	__u32 out_nr_tlbi_nh_asid;
	__u32 out_nr_tlbi_nh_va;
	__u32 out_nr_atc_inv;
	__u32 out_nr_cmd_sync;
	__u32 out_nr_errors;
};

/* Commands a VINTF's trace keeps: the most recent ones */
#define IOMMUFD_SIM_CMDQV_TRACE_DEPTH 64

/**
 * struct iommufd_sim_cmdqv_trace_entry - one command the engine fetched
 * @seq: position in the VINTF's trace: 0 for the first command fetched
 *       after VIOMMU_ALLOC, counting every LVCMDQ of the VINTF
 * @cmd: the 16 bytes as read from the ring (little-endian words)
 * @exec: the command as executed, in CPU byte order: TLBI commands carry
 *        the vIOMMU's VMID, ATC_INV the physical SID the vSID maps to; both
 *        0 when the command was not executed (@cerror != 0)
 * @lvcmdq: the LVCMDQ index the command came from
 * @cerror: 0, or the CERROR code it stopped its queue with
 */
struct iommufd_sim_cmdqv_trace_entry {
	__aligned_u64 seq;
	__aligned_le64 cmd[2];
	__aligned_u64 exec[2];
	__u32 lvcmdq;
	__u32 cerror;
};

/**
 * struct iommufd_sim_cmdqv_trace - arguments of IOMMUFD_SIM_OP_CMDQV_TRACE
 * @uptr: in, user array of @entry_num struct iommufd_sim_cmdqv_trace_entry
 * @entry_len: in, sizeof(struct iommufd_sim_cmdqv_trace_entry); any other
 *             value is EINVAL
 * @entry_num: in, room in @uptr; out, entries written, oldest first: the
 *             last min(@entry_num, IOMMUFD_SIM_CMDQV_TRACE_DEPTH, fetched)
 *             commands the VINTF's queues fetched
 * @out_total: out, commands fetched since VIOMMU_ALLOC (the @seq the next
 *             one will get)
 *
 * The trace of the VINTF of iommufd_sim_cmd::id (a TEGRA241_CMDQV vIOMMU;
 * ENOENT when not a vIOMMU, EOPNOTSUPP for another type).  Commands of the
 * trapped path (IOMMU_HWPT_INVALIDATE) are not in it.  EFAULT when @uptr
 * cannot be written; nothing else is changed then.
 */
struct iommufd_sim_cmdqv_trace {
	__aligned_u64 uptr;
	__u32 entry_len;
	__u32 entry_num;
	__aligned_u64 out_total;
};

/**
 * struct iommufd_sim_cmd - argument of IOMMUFD_SIM_CMD
 * @size: in, bytes passed by user space; at least
 *        offsetofend(struct iommufd_sim_cmd, last) = 68
 * @op: in, IOMMUFD_SIM_OP_*
 * @id: in, op-specific object ID
 * @__reserved: must be 0
 * @device_alloc: IOMMUFD_SIM_OP_DEVICE_ALLOC arguments
 * @viommu_counters: IOMMUFD_SIM_OP_VIOMMU_COUNTERS arguments
 * @cmdqv_step: IOMMUFD_SIM_OP_CMDQV_STEP arguments
 * @cmdqv_queue_state: IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE arguments
 * @cmdqv_trace: IOMMUFD_SIM_OP_CMDQV_TRACE arguments
 * @__args: the op argument area, 48 bytes; new ops only grow it at the end
 * @__align: keeps the argument area 8-byte aligned on every architecture
 * @last: unused; marks the end of the minimum size
 *
 * Every op is validated like an upstream iommufd ioctl: @size below the
 * minimum gives EINVAL, non-zero bytes past the kernel's struct give E2BIG,
 * an unknown @op or a non-zero @__reserved gives EOPNOTSUPP, and a missing
 * or wrong-type ID gives ENOENT. Replies copy min(@size, sizeof) bytes. The
 * layout mirrors struct iommu_test_cmd: args at 16, @last at 64, 72 bytes.
 */
struct iommufd_sim_cmd {
	__u32 size;
	__u32 op;
	__u32 id;
	__u32 __reserved;
	union {
		struct iommufd_sim_device_alloc device_alloc;
		struct iommufd_sim_viommu_counters viommu_counters;
		struct iommufd_sim_cmdqv_step cmdqv_step;
		struct iommufd_sim_cmdqv_queue_state cmdqv_queue_state;
		struct iommufd_sim_cmdqv_trace cmdqv_trace;
		__u8 __args[48];
		__aligned_u64 __align;
	};
	__u32 last;
};

#define IOMMUFD_SIM_CMD _IO(IOMMUFD_TYPE, 0xc0)

/* Values of iommufd_sim_cmd::op; any other value gives EOPNOTSUPP */
/* Plug a simulated device; id = IOAS or HWPT to attach, 0 = none */
#define IOMMUFD_SIM_OP_DEVICE_ALLOC 1
/* Read a vIOMMU's simulated invalidation counters; id = the vIOMMU */
#define IOMMUFD_SIM_OP_VIOMMU_COUNTERS 2
/* Run the CMDQV engine on a VINTF until idle; id = TEGRA241_CMDQV vIOMMU */
#define IOMMUFD_SIM_OP_CMDQV_STEP 3
/* Read the engine's state of an LVCMDQ; id = TEGRA241_CMDQV HW queue */
#define IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE 4
/* Read a VINTF's trace of recent commands; id = TEGRA241_CMDQV vIOMMU */
#define IOMMUFD_SIM_OP_CMDQV_TRACE 5

/* Values of iommufd_sim_device_alloc::model */
/* Behind the selftest (mock) IOMMU, as IOMMU_TEST_OP_MOCK_DOMAIN devices */
#define IOMMUFD_SIM_MODEL_SELFTEST 0
/* Behind the simulated Grace SMMUv3 with Tegra241 CMDQV */
#define IOMMUFD_SIM_MODEL_TEGRA241 1

/*
 * Part 3: Tegra241 CMDQV VINTF page0, as mapped by user space
 *
 * IOMMU_VIOMMU_ALLOC with IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV returns the
 * mmap() offset and length of the VINTF's page0. The page has one 0x80-byte
 * register window per logical command queue (LVCMDQ); window l belongs to
 * the HW queue allocated with index l. Registers are 32 bits wide. Bytes of
 * a window not listed below are reserved: they start as zero and the
 * simulated hardware never reads them, but the page is plain memory, so a
 * value user space stores there reads back (on real hardware such accesses
 * are UNVERIFIED). Queue base, VMID, SID table and error maps are never
 * visible here: they are kernel-private. The simulated CMDQV engine polls
 * CONFIG, PROD and GERRORN of every window, see README "The engine".
 *
 * The module has cmdqv_num_vintfs VINTFs; VINTF0 is the host's, so at most
 * cmdqv_num_vintfs - 1 TEGRA241_CMDQV vIOMMUs exist at once, across all
 * contexts, and IOMMU_VIOMMU_ALLOC fails with ENOSPC when none is free (the
 * error upstream's VINTF allocator returns). IOMMU_VDEVICE_ALLOC on such a
 * vIOMMU maps virt_id (the vSID, at most 0xfffff, else EINVAL) to the
 * device's stream ID in one of the VINTF's 2^cmdqv_log2_vsids SID pairs
 * (ENOSPC when all are taken); destroying the vDEVICE frees the pair.
 */
#define IOMMUFD_SIM_TEGRA241_VINTF_PAGE0_SIZE 0x10000
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_STRIDE 0x80
/* Byte offset of register @reg of logical queue @l within page0 */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(l, reg) \
	((l) * IOMMUFD_SIM_TEGRA241_LVCMDQ_STRIDE + (reg))

/* Register offsets inside one LVCMDQ window */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS 0x00
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD 0x04
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG 0x08
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS 0x0c
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR 0x10
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN 0x14

/*
 * CONS (written by hardware) and PROD (written by the guest): with
 * n = log2 of the number of queue entries, bits [n-1:0] are the index and
 * bit n is the wrap bit. The queue is empty when index and wrap are equal,
 * full when the index is equal and the wrap bits differ. The hardware
 * fields are 20 bits wide (RD/WR [19:0]). CONS bits [30:24] hold the
 * CERROR code of a stopped queue. PROD bit 31 is used by Linux as a
 * software-only flag and is ignored by the consumer.
 */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_RD_MASK 0x000fffffU
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT 24
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK 0x7f000000U
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD_WR_MASK 0x000fffffU
/* Index and wrap parts of a CONS/PROD value for a queue of 2^n entries */
#define IOMMUFD_SIM_TEGRA241_Q_IDX(v, n) ((v) & ((1U << (n)) - 1))
#define IOMMUFD_SIM_TEGRA241_Q_WRP(v, n) ((v) & (1U << (n)))

/* CONS.ERR values (SMMUv3 CERROR codes) */
#define IOMMUFD_SIM_TEGRA241_CERROR_NONE 0
/* Illegal or unsupported command; CONS points at it */
#define IOMMUFD_SIM_TEGRA241_CERROR_ILL 1
/* Command fetch aborted; CONS points at the command */
#define IOMMUFD_SIM_TEGRA241_CERROR_ABT 2
/* ATC invalidation timed out; CONS points at the following CMD_SYNC */
#define IOMMUFD_SIM_TEGRA241_CERROR_ATC_INV_SYNC 3
/* CMDQV specific, named only by QEMU; its meaning is UNVERIFIED */
#define IOMMUFD_SIM_TEGRA241_CERROR_ILL_ACCESS 4

/* CONFIG: the guest requests the queue to run */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN 0x00000001U
/* STATUS (read-only): acknowledges CONFIG.EN (QEMU calls it CMDQ_EN_OK) */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED 0x00000001U

/*
 * GERROR (read-only) and GERRORN use the same bits. An error is active
 * while a GERROR bit differs from the same GERRORN bit: the hardware
 * toggles the GERROR bit when raising an error, and software acknowledges
 * by writing the GERROR value into GERRORN. Bit names come from QEMU; the
 * exact meaning of bits 1 and 2 beyond their names is UNVERIFIED. Simulator
 * policy: CMDQ_ERR toggles when a command error stops the queue, and
 * CMDQ_INIT_ERR toggles when CONFIG.EN is set on a window that has no
 * queue allocated (STATUS then stays 0).
 */
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR 0x00000001U
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CONS_DRAM_WR_ABT_ERR 0x00000002U
#define IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_INIT_ERR 0x00000004U

/*
 * SMMUv3 command queue entries executed by the simulated engine.
 *
 * Each entry is 16 bytes: two little-endian 64-bit words, w0 then w1, at
 * base + (index & (2^n - 1)) * 16. The opcode is w0 bits [7:0]. A
 * guest-owned VINTF queue runs only the four opcodes below. The simulator
 * stops the queue with CERROR_ILL on any other opcode, and on an ATC_INV
 * whose SID has no vDEVICE in the VINTF (what real hardware does there is
 * UNVERIFIED). Masks apply to the word named in the macro (_0_ = w0,
 * _1_ = w1) and are already shifted into place.
 */
#define IOMMUFD_SIM_CMDQ_ENT_SIZE 16
/* Smallest queue accepted by IOMMU_HW_QUEUE_ALLOC: 32 bytes, 2 entries */
#define IOMMUFD_SIM_CMDQ_MIN_QUEUE_SIZE 32
#define IOMMUFD_SIM_CMDQ_0_OP_MASK 0xffULL

#define IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID 0x11
#define IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA 0x12
#define IOMMUFD_SIM_CMDQ_OP_ATC_INV 0x40
#define IOMMUFD_SIM_CMDQ_OP_CMD_SYNC 0x46

/* TLBI_NH_ASID and TLBI_NH_VA */
#define IOMMUFD_SIM_CMDQ_TLBI_0_NUM_SHIFT 12
#define IOMMUFD_SIM_CMDQ_TLBI_0_NUM_MASK (0x1fULL << 12)
#define IOMMUFD_SIM_CMDQ_TLBI_0_SCALE_SHIFT 20
#define IOMMUFD_SIM_CMDQ_TLBI_0_SCALE_MASK (0x1fULL << 20)
#define IOMMUFD_SIM_CMDQ_TLBI_0_VMID_SHIFT 32
#define IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK (0xffffULL << 32)
#define IOMMUFD_SIM_CMDQ_TLBI_0_ASID_SHIFT 48
#define IOMMUFD_SIM_CMDQ_TLBI_0_ASID_MASK (0xffffULL << 48)
#define IOMMUFD_SIM_CMDQ_TLBI_1_LEAF 0x1ULL
#define IOMMUFD_SIM_CMDQ_TLBI_1_TTL_SHIFT 8
#define IOMMUFD_SIM_CMDQ_TLBI_1_TTL_MASK (0x3ULL << 8)
#define IOMMUFD_SIM_CMDQ_TLBI_1_TG_SHIFT 10
#define IOMMUFD_SIM_CMDQ_TLBI_1_TG_MASK (0x3ULL << 10)
#define IOMMUFD_SIM_CMDQ_TLBI_1_VA_MASK (~0xfffULL)

/* ATC_INV */
#define IOMMUFD_SIM_CMDQ_ATC_0_GLOBAL 0x200ULL
#define IOMMUFD_SIM_CMDQ_ATC_0_SSV 0x800ULL
#define IOMMUFD_SIM_CMDQ_ATC_0_SSID_SHIFT 12
#define IOMMUFD_SIM_CMDQ_ATC_0_SSID_MASK (0xfffffULL << 12)
#define IOMMUFD_SIM_CMDQ_ATC_0_SID_SHIFT 32
#define IOMMUFD_SIM_CMDQ_ATC_0_SID_MASK (0xffffffffULL << 32)
#define IOMMUFD_SIM_CMDQ_ATC_1_SIZE_MASK 0x3fULL
/* SIZE value that invalidates the whole ATC of the device */
#define IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL 52
#define IOMMUFD_SIM_CMDQ_ATC_1_ADDR_MASK (~0xfffULL)

/*
 * CMD_SYNC. Tegra241 CMDQV queues support only CS = SIG_NONE: the sync
 * completes when CONS moves past it. What hardware does with SIG_IRQ or
 * SIG_SEV on a VCMDQ is UNVERIFIED; the simulator treats them as
 * CERROR_ILL and never performs an MSI write.
 */
#define IOMMUFD_SIM_CMDQ_SYNC_0_CS_SHIFT 12
#define IOMMUFD_SIM_CMDQ_SYNC_0_CS_MASK (0x3ULL << 12)
#define IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE 0
#define IOMMUFD_SIM_CMDQ_SYNC_0_CS_IRQ 1
#define IOMMUFD_SIM_CMDQ_SYNC_0_CS_SEV 2
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSH_SHIFT 22
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSH_MASK (0x3ULL << 22)
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSIATTR_SHIFT 24
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSIATTR_MASK (0xfULL << 24)
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSIDATA_SHIFT 32
#define IOMMUFD_SIM_CMDQ_SYNC_0_MSIDATA_MASK (0xffffffffULL << 32)
#define IOMMUFD_SIM_CMDQ_SYNC_1_MSIADDR_MASK (0x3ffffffffffffULL << 2)

#endif /* _UAPI_IOMMUFD_SIM_H */
