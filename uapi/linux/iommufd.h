/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * iommufd user-space ABI, as understood by iommufd-sim.
 *
 * This header describes the upstream Linux iommufd ioctl interface (the
 * v6.17 set of commands, 0x80 to 0x94) with the same names, numbers and
 * structure layouts, so that a program built against it also runs against
 * a kernel's own /dev/iommu. It is written independently for the iommufd-sim
 * project; only the ABI facts (names, values, offsets) follow upstream.
 *
 * The include guard deliberately matches the kernel's own header: whichever
 * copy is seen first wins, and the two never clash.
 *
 * Conventions shared by every ioctl below:
 *
 *  - The ioctl number is _IO(IOMMUFD_TYPE, nr); the argument size is not
 *    encoded in it. Instead the first __u32 of every argument struct is
 *    @size, the number of bytes user space passes.
 *  - A @size smaller than the minimum size of the command (the end of its
 *    last mandatory field) is rejected with EINVAL. Bytes beyond the part of
 *    the struct the kernel knows must be zero, otherwise E2BIG. A shorter
 *    struct from older user space is zero-extended.
 *  - Replies are copied back only up to min(@size, kernel struct size).
 *  - Errno meanings: ENOTTY unknown ioctl; E2BIG non-zero unknown tail;
 *    EOPNOTSUPP a known field (flags, reserved, type) holds an unsupported
 *    value; EINVAL a field value is wrong; ENOENT an ID or IOVA does not
 *    exist; ENOMEM out of memory; EOVERFLOW arithmetic overflow. Individual
 *    ioctls may add more.
 *  - Object IDs are never 0. Fields named __reserved must be zero.
 *
 * Every struct, member, enum constant and IOMMU* macro of Linux 7.2's
 * installed header is here with the same layout and value; CI compares the
 * two field by field (scripts/lib/uapi-compare). The AMD types and
 * IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED were added from 7.2's header; the
 * simulator implements neither AMD type. Values seen only in patch series
 * and in no release header are NOT defined here (UNVERIFIED):
 * IOMMU_HW_INFO_ARM_SMMUV3_ERRATA_REPEAT_TLBI_CFGI (1 << 0) and
 * IOMMUFD_CMD_VDEVICE_TSM_OP (0x95). None of them changes a layout below.
 */
#ifndef _UAPI_IOMMUFD_H
#define _UAPI_IOMMUFD_H

#include <linux/ioctl.h>
#include <linux/types.h>

/*
 * Very old user-space kernel headers may lack the little-endian aligned
 * 64-bit type; it has the same size and alignment as __aligned_u64.
 */
#ifndef __aligned_le64
#define __aligned_le64 __aligned_u64
#endif

#define IOMMUFD_TYPE (';')

/*
 * Command numbers (the nr part of the ioctl number). They are dense from
 * IOMMUFD_CMD_BASE; ioctl value = 0x3b00 | nr.
 */
enum {
	IOMMUFD_CMD_BASE = 0x80,
	IOMMUFD_CMD_DESTROY = IOMMUFD_CMD_BASE,
	IOMMUFD_CMD_IOAS_ALLOC = 0x81,
	IOMMUFD_CMD_IOAS_ALLOW_IOVAS = 0x82,
	IOMMUFD_CMD_IOAS_COPY = 0x83,
	IOMMUFD_CMD_IOAS_IOVA_RANGES = 0x84,
	IOMMUFD_CMD_IOAS_MAP = 0x85,
	IOMMUFD_CMD_IOAS_UNMAP = 0x86,
	IOMMUFD_CMD_OPTION = 0x87,
	IOMMUFD_CMD_VFIO_IOAS = 0x88,
	IOMMUFD_CMD_HWPT_ALLOC = 0x89,
	IOMMUFD_CMD_GET_HW_INFO = 0x8a,
	IOMMUFD_CMD_HWPT_SET_DIRTY_TRACKING = 0x8b,
	IOMMUFD_CMD_HWPT_GET_DIRTY_BITMAP = 0x8c,
	IOMMUFD_CMD_HWPT_INVALIDATE = 0x8d,
	IOMMUFD_CMD_FAULT_QUEUE_ALLOC = 0x8e,
	IOMMUFD_CMD_IOAS_MAP_FILE = 0x8f,
	IOMMUFD_CMD_VIOMMU_ALLOC = 0x90,
	IOMMUFD_CMD_VDEVICE_ALLOC = 0x91,
	IOMMUFD_CMD_IOAS_CHANGE_PROCESS = 0x92,
	IOMMUFD_CMD_VEVENTQ_ALLOC = 0x93,
	IOMMUFD_CMD_HW_QUEUE_ALLOC = 0x94,
};

/**
 * struct iommu_destroy - argument of IOMMU_DESTROY
 * @size: in, sizeof(struct iommu_destroy)
 * @id: in, ID of the object to destroy; any object type may be named
 *
 * Removes one object. It fails with EBUSY while any other object, mapping
 * or open file still holds a reference to it, and with ENOENT when @id does
 * not name a live object.
 */
struct iommu_destroy {
	__u32 size;
	__u32 id;
};

#define IOMMU_DESTROY _IO(IOMMUFD_TYPE, IOMMUFD_CMD_DESTROY)

/**
 * struct iommu_ioas_alloc - argument of IOMMU_IOAS_ALLOC
 * @size: in, sizeof(struct iommu_ioas_alloc)
 * @flags: in, must be 0
 * @out_ioas_id: out, ID of the new IOAS
 *
 * Creates an empty I/O address space (IOAS): a table that maps IO virtual
 * addresses (IOVAs) to user memory.
 */
struct iommu_ioas_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_ioas_id;
};

#define IOMMU_IOAS_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOC)

/**
 * struct iommu_iova_range - one closed interval of IOVA space
 * @start: first IOVA of the interval
 * @last: last IOVA of the interval (inclusive)
 */
struct iommu_iova_range {
	__aligned_u64 start;
	__aligned_u64 last;
};

/**
 * struct iommu_ioas_iova_ranges - argument of IOMMU_IOAS_IOVA_RANGES
 * @size: in, sizeof(struct iommu_ioas_iova_ranges)
 * @ioas_id: in, IOAS to query
 * @num_iovas: in, capacity of the @allowed_iovas array; out, number of
 *             ranges the IOAS currently has
 * @__reserved: must be 0
 * @allowed_iovas: in, user pointer to an array of struct iommu_iova_range
 * @out_iova_alignment: out, alignment every IOVA and length given to
 *                      IOMMU_IOAS_MAP or IOMMU_IOAS_COPY must respect
 *                      (1 means any; never more than PAGE_SIZE)
 *
 * Reports the IOVA ranges that may currently be mapped. The set depends on
 * the attached devices and can shrink or grow as devices come and go, so it
 * should be read again after each attach or detach. When @num_iovas is too
 * small the struct is still written back, with the needed count, and the
 * call fails with EMSGSIZE.
 */
struct iommu_ioas_iova_ranges {
	__u32 size;
	__u32 ioas_id;
	__u32 num_iovas;
	__u32 __reserved;
	__aligned_u64 allowed_iovas;
	__aligned_u64 out_iova_alignment;
};

#define IOMMU_IOAS_IOVA_RANGES _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_IOVA_RANGES)

/**
 * struct iommu_ioas_allow_iovas - argument of IOMMU_IOAS_ALLOW_IOVAS
 * @size: in, sizeof(struct iommu_ioas_allow_iovas)
 * @ioas_id: in, IOAS to change
 * @num_iovas: in, number of entries in @allowed_iovas
 * @__reserved: must be 0
 * @allowed_iovas: in, user pointer to an array of struct iommu_iova_range
 *
 * Replaces the list of IOVA ranges the IOAS promises to keep usable. Later
 * device attachments that would narrow the usable space below this list
 * fail, and automatic IOVA allocation stays inside it. The call itself fails
 * if the IOAS is already narrower than the requested ranges.
 */
struct iommu_ioas_allow_iovas {
	__u32 size;
	__u32 ioas_id;
	__u32 num_iovas;
	__u32 __reserved;
	__aligned_u64 allowed_iovas;
};

#define IOMMU_IOAS_ALLOW_IOVAS _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_ALLOW_IOVAS)

/**
 * enum iommufd_ioas_map_flags - flags of IOMMU_IOAS_MAP, _MAP_FILE and _COPY
 * @IOMMU_IOAS_MAP_FIXED_IOVA: place the mapping at the IOVA given by the
 *                             caller; without it the kernel picks the IOVA
 * @IOMMU_IOAS_MAP_WRITEABLE: devices may write through the mapping
 * @IOMMU_IOAS_MAP_READABLE: devices may read through the mapping
 */
enum iommufd_ioas_map_flags {
	IOMMU_IOAS_MAP_FIXED_IOVA = 1 << 0,
	IOMMU_IOAS_MAP_WRITEABLE = 1 << 1,
	IOMMU_IOAS_MAP_READABLE = 1 << 2,
};

/**
 * struct iommu_ioas_map - argument of IOMMU_IOAS_MAP
 * @size: in, sizeof(struct iommu_ioas_map)
 * @flags: in, enum iommufd_ioas_map_flags; READABLE or WRITEABLE (or both)
 *         is required
 * @ioas_id: in, IOAS to map into
 * @__reserved: must be 0
 * @user_va: in, start of the user memory to map
 * @length: in, number of bytes to map
 * @iova: in when IOMMU_IOAS_MAP_FIXED_IOVA is set, always out: the IOVA the
 *        mapping starts at
 *
 * Pins the user memory and maps it at an IOVA. A fixed IOVA range must not
 * overlap an existing mapping; existing mappings are never replaced.
 */
struct iommu_ioas_map {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__u32 __reserved;
	__aligned_u64 user_va;
	__aligned_u64 length;
	__aligned_u64 iova;
};

#define IOMMU_IOAS_MAP _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_MAP)

/**
 * struct iommu_ioas_map_file - argument of IOMMU_IOAS_MAP_FILE
 * @size: in, sizeof(struct iommu_ioas_map_file)
 * @flags: in, as for struct iommu_ioas_map
 * @ioas_id: in, as for struct iommu_ioas_map
 * @fd: in, file descriptor of the memfd that backs the mapping
 * @start: in, byte offset into the file where the mapping begins
 * @length: in, as for struct iommu_ioas_map
 * @iova: in/out, as for struct iommu_ioas_map
 *
 * Same as IOMMU_IOAS_MAP, except the memory is named by a memfd and an
 * offset instead of a user virtual address.
 */
struct iommu_ioas_map_file {
	__u32 size;
	__u32 flags;
	__u32 ioas_id;
	__s32 fd;
	__aligned_u64 start;
	__aligned_u64 length;
	__aligned_u64 iova;
};

#define IOMMU_IOAS_MAP_FILE _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_MAP_FILE)

/**
 * struct iommu_ioas_copy - argument of IOMMU_IOAS_COPY
 * @size: in, sizeof(struct iommu_ioas_copy)
 * @flags: in, enum iommufd_ioas_map_flags
 * @dst_ioas_id: in, IOAS that receives the new mapping
 * @src_ioas_id: in, IOAS that already maps the memory
 * @length: in, number of bytes to copy
 * @dst_iova: in when IOMMU_IOAS_MAP_FIXED_IOVA is set, always out: where the
 *            copy was placed in the destination IOAS
 * @src_iova: in, start of the source range
 *
 * Maps, in another IOAS, memory that is already mapped in @src_ioas_id. The
 * source range must match a range created by IOMMU_IOAS_MAP exactly. The
 * pages are shared rather than pinned a second time.
 */
struct iommu_ioas_copy {
	__u32 size;
	__u32 flags;
	__u32 dst_ioas_id;
	__u32 src_ioas_id;
	__aligned_u64 length;
	__aligned_u64 dst_iova;
	__aligned_u64 src_iova;
};

#define IOMMU_IOAS_COPY _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_COPY)

/**
 * struct iommu_ioas_unmap - argument of IOMMU_IOAS_UNMAP
 * @size: in, sizeof(struct iommu_ioas_unmap)
 * @ioas_id: in, IOAS to unmap from
 * @iova: in, first IOVA of the range
 * @length: in, length of the range; out, number of bytes actually unmapped
 *
 * Removes every mapping inside the range. The range must cover whole
 * mappings; a mapping is never split. @iova 0 with @length U64_MAX removes
 * everything. Ranges pinned by an internal user (for example a HW queue)
 * cannot be unmapped (EBUSY).
 */
struct iommu_ioas_unmap {
	__u32 size;
	__u32 ioas_id;
	__aligned_u64 iova;
	__aligned_u64 length;
};

#define IOMMU_IOAS_UNMAP _IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_UNMAP)

/**
 * enum iommufd_option - values of iommu_option::option_id
 * @IOMMU_OPTION_RLIMIT_MODE: how pinned memory is charged against
 *                            RLIMIT_MEMLOCK: 0 per user (default), 1 per
 *                            process. Global, needs privilege, object_id 0.
 * @IOMMU_OPTION_HUGE_PAGES: per IOAS (object_id = IOAS ID): 1 (default)
 *                           lets contiguous pages be mapped as larger IOMMU
 *                           pages, 0 maps everything in PAGE_SIZE units
 */
enum iommufd_option {
	IOMMU_OPTION_RLIMIT_MODE = 0,
	IOMMU_OPTION_HUGE_PAGES = 1,
};

/**
 * enum iommufd_option_ops - values of iommu_option::op
 * @IOMMU_OPTION_OP_SET: store iommu_option::val64 into the option
 * @IOMMU_OPTION_OP_GET: read the option into iommu_option::val64
 */
enum iommufd_option_ops {
	IOMMU_OPTION_OP_SET = 0,
	IOMMU_OPTION_OP_GET = 1,
};

/**
 * struct iommu_option - argument of IOMMU_OPTION
 * @size: in, sizeof(struct iommu_option)
 * @option_id: in, enum iommufd_option
 * @op: in, enum iommufd_option_ops
 * @__reserved: must be 0
 * @object_id: in, object the option applies to, 0 for global options
 * @val64: in for SET, out for GET: the option value
 *
 * Reads or writes one simple setting of the context or of an object.
 */
struct iommu_option {
	__u32 size;
	__u32 option_id;
	__u16 op;
	__u16 __reserved;
	__u32 object_id;
	__aligned_u64 val64;
};

#define IOMMU_OPTION _IO(IOMMUFD_TYPE, IOMMUFD_CMD_OPTION)

/**
 * enum iommufd_vfio_ioas_op - values of iommu_vfio_ioas::op
 * @IOMMU_VFIO_IOAS_GET: report the IOAS used by the VFIO compatibility layer
 * @IOMMU_VFIO_IOAS_SET: make the given IOAS the compatibility IOAS
 * @IOMMU_VFIO_IOAS_CLEAR: turn VFIO compatibility off
 */
enum iommufd_vfio_ioas_op {
	IOMMU_VFIO_IOAS_GET = 0,
	IOMMU_VFIO_IOAS_SET = 1,
	IOMMU_VFIO_IOAS_CLEAR = 2,
};

/**
 * struct iommu_vfio_ioas - argument of IOMMU_VFIO_IOAS
 * @size: in, sizeof(struct iommu_vfio_ioas)
 * @ioas_id: in for SET, out for GET: the compatibility IOAS
 * @op: in, enum iommufd_vfio_ioas_op
 * @__reserved: must be 0
 *
 * Chooses the single IOAS that the legacy VFIO container emulation uses
 * (VFIO container ioctls carry no ID). Neither SET nor CLEAR destroys an
 * IOAS that was created automatically. The compatibility IOAS is not held:
 * destroying it ends compatibility. GET without one is ENODEV; SET of a
 * missing IOAS ENOENT; another op or __reserved non-zero EOPNOTSUPP.
 *
 * On the same fd, every ioctl number outside iommufd's range is one of
 * VFIO's type1 container ioctls (<linux/vfio.h>) acting on this IOAS:
 * VFIO_GET_API_VERSION, VFIO_CHECK_EXTENSION (TYPE1_IOMMU, TYPE1v2_IOMMU,
 * UNMAP_ALL; DMA_CC_IOMMU), VFIO_SET_IOMMU (TYPE1_IOMMU turns the IOAS's
 * large pages off so that any part of a mapping can be unmapped),
 * VFIO_IOMMU_GET_INFO (page sizes, DMA_AVAIL and IOVA_RANGE capabilities),
 * VFIO_IOMMU_MAP_DMA (a fixed IOVA) and VFIO_IOMMU_UNMAP_DMA (incl.
 * UNMAP_ALL); each answers ENODEV without a compatibility IOAS, after its
 * argument checks (EINVAL); anything else is ENOTTY.
 */
struct iommu_vfio_ioas {
	__u32 size;
	__u32 ioas_id;
	__u16 op;
	__u16 __reserved;
};

#define IOMMU_VFIO_IOAS _IO(IOMMUFD_TYPE, IOMMUFD_CMD_VFIO_IOAS)

/**
 * enum iommufd_hwpt_alloc_flags - flags of IOMMU_HWPT_ALLOC
 * @IOMMU_HWPT_ALLOC_NEST_PARENT: the new paging HWPT may later serve as the
 *                                stage-2 parent of nested HWPTs or a vIOMMU
 * @IOMMU_HWPT_ALLOC_DIRTY_TRACKING: require dirty tracking support from
 *                                   every device attached to the HWPT
 * @IOMMU_HWPT_FAULT_ID_VALID: iommu_hwpt_alloc::fault_id names a fault
 *                             queue object that receives I/O page faults
 * @IOMMU_HWPT_ALLOC_PASID: the HWPT may be attached to PASIDs of a device;
 *                          a domain on the non-PASID part of such a device
 *                          must carry this flag too. EOPNOTSUPP when the
 *                          IOMMU has no PASID support.
 */
enum iommufd_hwpt_alloc_flags {
	IOMMU_HWPT_ALLOC_NEST_PARENT = 1 << 0,
	IOMMU_HWPT_ALLOC_DIRTY_TRACKING = 1 << 1,
	IOMMU_HWPT_FAULT_ID_VALID = 1 << 2,
	IOMMU_HWPT_ALLOC_PASID = 1 << 3,
};

/**
 * enum iommu_hwpt_vtd_s1_flags - attribute bits of struct iommu_hwpt_vtd_s1
 * @IOMMU_VTD_S1_SRE: supervisor requests allowed
 * @IOMMU_VTD_S1_EAFE: extended accessed flag enabled
 * @IOMMU_VTD_S1_WPE: write protection enforced for supervisor accesses
 */
enum iommu_hwpt_vtd_s1_flags {
	IOMMU_VTD_S1_SRE = 1 << 0,
	IOMMU_VTD_S1_EAFE = 1 << 1,
	IOMMU_VTD_S1_WPE = 1 << 2,
};

/**
 * struct iommu_hwpt_vtd_s1 - Intel VT-d stage-1 table (IOMMU_HWPT_DATA_VTD_S1)
 * @flags: enum iommu_hwpt_vtd_s1_flags
 * @pgtbl_addr: guest address of the stage-1 page table root
 * @addr_width: input address width of the stage-1 table, in bits
 * @__reserved: must be 0
 */
struct iommu_hwpt_vtd_s1 {
	__aligned_u64 flags;
	__aligned_u64 pgtbl_addr;
	__u32 addr_width;
	__u32 __reserved;
};

/**
 * struct iommu_hwpt_arm_smmuv3 - SMMUv3 nested STE (IOMMU_HWPT_DATA_ARM_SMMUV3)
 * @ste: the first 128 bits of the guest's Stream Table Entry, little-endian
 *
 * Only the stage-1 related STE fields may be set: in word 0 V, Cfg, S1Fmt,
 * S1ContextPtr and S1CDMax; in word 1 EATS, S1DSS, S1CIR, S1COR, S1CSH and
 * S1STALLD. Anything else makes the allocation fail with EIO. Cfg selects
 * abort, bypass (translate as the nesting parent) or stage-1 translation
 * through a guest CD table that the nesting parent translates.
 */
struct iommu_hwpt_arm_smmuv3 {
	__aligned_le64 ste[2];
};

/**
 * struct iommu_hwpt_amd_guest - AMD guest Device Table Entry
 *                               (IOMMU_HWPT_DATA_AMD_GUEST)
 * @dte: the guest's 256-bit DTE
 *
 * Defined for ABI completeness; no simulated IOMMU accepts this type
 * (EOPNOTSUPP).
 */
struct iommu_hwpt_amd_guest {
	__aligned_u64 dte[4];
};

/**
 * enum iommu_hwpt_data_type - values of iommu_hwpt_alloc::data_type
 * @IOMMU_HWPT_DATA_NONE: no driver data; allocates a paging HWPT
 * @IOMMU_HWPT_DATA_VTD_S1: struct iommu_hwpt_vtd_s1
 * @IOMMU_HWPT_DATA_ARM_SMMUV3: struct iommu_hwpt_arm_smmuv3
 * @IOMMU_HWPT_DATA_AMD_GUEST: struct iommu_hwpt_amd_guest
 */
enum iommu_hwpt_data_type {
	IOMMU_HWPT_DATA_NONE = 0,
	IOMMU_HWPT_DATA_VTD_S1 = 1,
	IOMMU_HWPT_DATA_ARM_SMMUV3 = 2,
	IOMMU_HWPT_DATA_AMD_GUEST = 3,
};

/**
 * struct iommu_hwpt_alloc - argument of IOMMU_HWPT_ALLOC
 * @size: in, sizeof(struct iommu_hwpt_alloc); at least 24 (up to and
 *        including @__reserved)
 * @flags: in, enum iommufd_hwpt_alloc_flags
 * @dev_id: in, device the HWPT is allocated for
 * @pt_id: in, an IOAS (gives a paging HWPT), a nest-parent paging HWPT or a
 *         vIOMMU (both give a nested HWPT)
 * @out_hwpt_id: out, ID of the new HWPT
 * @__reserved: must be 0
 * @data_type: in, enum iommu_hwpt_data_type; NONE for a paging HWPT
 * @data_len: in, byte length of the data at @data_uptr; 0 exactly when
 *            @data_type is NONE; at most the kernel's struct for the type
 *            (7.x: EINVAL beyond it)
 * @data_uptr: in, user pointer to the driver-specific data
 * @fault_id: in, fault queue object, used only with IOMMU_HWPT_FAULT_ID_VALID
 * @__reserved2: must be 0 (pads the struct to a multiple of 8 bytes)
 *
 * Creates a hardware page table (an iommu_domain). From an IOAS the kernel
 * owns the table and mirrors the IOAS mappings into it. From a nest parent
 * or a vIOMMU the table is owned by user space, described by the typed data,
 * and translated through the parent; @dev_id and the vIOMMU must then sit
 * behind the same physical IOMMU.
 */
struct iommu_hwpt_alloc {
	__u32 size;
	__u32 flags;
	__u32 dev_id;
	__u32 pt_id;
	__u32 out_hwpt_id;
	__u32 __reserved;
	__u32 data_type;
	__u32 data_len;
	__aligned_u64 data_uptr;
	__u32 fault_id;
	__u32 __reserved2;
};

#define IOMMU_HWPT_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_ALLOC)

/**
 * enum iommu_hw_info_vtd_flags - flags of struct iommu_hw_info_vtd
 * @IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17: read-only mappings must not be
 *                                         used in a nest-parent domain
 *                                         (Intel erratum 772415, SPR17)
 */
enum iommu_hw_info_vtd_flags {
	IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17 = 1 << 0,
};

/**
 * struct iommu_hw_info_vtd - Intel VT-d data (IOMMU_HW_INFO_TYPE_INTEL_VTD)
 * @flags: enum iommu_hw_info_vtd_flags
 * @__reserved: must be 0
 * @cap_reg: raw VT-d Capability Register
 * @ecap_reg: raw VT-d Extended Capability Register
 */
struct iommu_hw_info_vtd {
	__u32 flags;
	__u32 __reserved;
	__aligned_u64 cap_reg;
	__aligned_u64 ecap_reg;
};

/**
 * struct iommu_hw_info_arm_smmuv3 - SMMUv3 data (IOMMU_HW_INFO_TYPE_ARM_SMMUV3)
 * @flags: 0
 * @__reserved: must be 0
 * @idr: raw SMMU_IDR0..SMMU_IDR5 registers
 * @iidr: raw SMMU_IIDR register
 * @aidr: raw SMMU_AIDR register
 *
 * The registers are reported as read from hardware. A VMM should only use
 * the fields it is meant to mirror into its emulated SMMU (in IDR0 ST_LEVEL,
 * TERM_MODEL, STALL_MODEL, TTENDIAN, CD2L, ASID16, TTF; in IDR1 SIDSIZE,
 * SSIDSIZE; in IDR3 BBML, RIL; in IDR5 VAX and the granule bits) and ignore
 * the rest, so that later kernels can report more.
 */
struct iommu_hw_info_arm_smmuv3 {
	__u32 flags;
	__u32 __reserved;
	__u32 idr[6];
	__u32 iidr;
	__u32 aidr;
};

/**
 * struct iommu_hw_info_tegra241_cmdqv - NVIDIA Tegra241 CMDQV data
 *                                       (IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV)
 * @flags: 0
 * @version: CMDQV version, PARAM register bits [3:0]
 * @log2vcmdqs: log2 of the number of VCMDQs, PARAM bits [7:4]
 * @log2vsids: log2 of the number of SID replacement slots, PARAM [15:12]
 * @__reserved: must be 0
 *
 * A VMM can copy these fields into the PARAM register it emulates. It should
 * expose a single VINTF to a guest, i.e. report 0 in PARAM bits [11:8].
 */
struct iommu_hw_info_tegra241_cmdqv {
	__u32 flags;
	__u8 version;
	__u8 log2vcmdqs;
	__u8 log2vsids;
	__u8 __reserved;
};

/**
 * struct iommu_hw_info_amd - AMD IOMMU data (IOMMU_HW_INFO_TYPE_AMD)
 * @efr: the Extended Feature Register, raw
 * @efr2: the Extended Feature 2 Register, raw
 *
 * Defined for ABI completeness; no simulated IOMMU reports this type.
 */
struct iommu_hw_info_amd {
	__aligned_u64 efr;
	__aligned_u64 efr2;
};

/**
 * enum iommu_hw_info_type - type of the data returned by IOMMU_GET_HW_INFO
 * @IOMMU_HW_INFO_TYPE_NONE: the driver reports no data (output only)
 * @IOMMU_HW_INFO_TYPE_DEFAULT: ask for the driver's default type (input)
 * @IOMMU_HW_INFO_TYPE_INTEL_VTD: struct iommu_hw_info_vtd
 * @IOMMU_HW_INFO_TYPE_ARM_SMMUV3: struct iommu_hw_info_arm_smmuv3
 * @IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV: struct iommu_hw_info_tegra241_cmdqv
 * @IOMMU_HW_INFO_TYPE_AMD: struct iommu_hw_info_amd
 */
enum iommu_hw_info_type {
	IOMMU_HW_INFO_TYPE_NONE = 0,
	IOMMU_HW_INFO_TYPE_DEFAULT = 0,
	IOMMU_HW_INFO_TYPE_INTEL_VTD = 1,
	IOMMU_HW_INFO_TYPE_ARM_SMMUV3 = 2,
	IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV = 3,
	IOMMU_HW_INFO_TYPE_AMD = 4,
};

/**
 * enum iommufd_hw_capabilities - bits of iommu_hw_info::out_capabilities
 * @IOMMU_HW_CAP_DIRTY_TRACKING: the IOMMU can track dirty pages, so
 *                               IOMMU_HWPT_SET_DIRTY_TRACKING and
 *                               IOMMU_HWPT_GET_DIRTY_BITMAP are usable
 * @IOMMU_HW_CAP_PCI_PASID_EXEC: PASID Execute permission is supported;
 *                               meaningless when out_max_pasid_log2 is 0
 * @IOMMU_HW_CAP_PCI_PASID_PRIV: PASID Privileged mode is supported;
 *                               meaningless when out_max_pasid_log2 is 0
 * @IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED: the device cannot use ATS (7.x); the
 *                                      simulator never sets it today
 */
enum iommufd_hw_capabilities {
	IOMMU_HW_CAP_DIRTY_TRACKING = 1 << 0,
	IOMMU_HW_CAP_PCI_PASID_EXEC = 1 << 1,
	IOMMU_HW_CAP_PCI_PASID_PRIV = 1 << 2,
	IOMMU_HW_CAP_PCI_ATS_NOT_SUPPORTED = 1 << 3,
};

/**
 * enum iommufd_hw_info_flags - flags of IOMMU_GET_HW_INFO
 * @IOMMU_HW_INFO_FLAG_INPUT_TYPE: iommu_hw_info::in_data_type holds the
 *                                 type user space asks for; without this
 *                                 flag the default type is returned
 */
enum iommufd_hw_info_flags {
	IOMMU_HW_INFO_FLAG_INPUT_TYPE = 1 << 0,
};

/**
 * struct iommu_hw_info - argument of IOMMU_GET_HW_INFO
 * @size: in, sizeof(struct iommu_hw_info); at least 32 (up to and
 *        including @__reserved)
 * @flags: in, enum iommufd_hw_info_flags
 * @dev_id: in, device whose IOMMU is described
 * @data_len: in, size of the buffer at @data_uptr (0 is allowed); out, size
 *            of the data the kernel has for this type
 * @data_uptr: in, user pointer to the buffer receiving the typed data
 * @in_data_type: in, requested enum iommu_hw_info_type, only looked at with
 *                IOMMU_HW_INFO_FLAG_INPUT_TYPE; shares storage with
 *                @out_data_type
 * @out_data_type: out, enum iommu_hw_info_type of the data returned
 * @out_max_pasid_log2: out, PASID width in bits, 0 when PASID is unsupported
 * @__reserved: must be 0
 * @out_capabilities: out, enum iommufd_hw_capabilities
 *
 * Describes the physical IOMMU behind a device, so that a VMM can build a
 * compatible virtual IOMMU. The kernel copies min(@data_len, its length)
 * bytes and zeroes the rest of a larger buffer. An unsupported requested
 * type gives EOPNOTSUPP.
 */
struct iommu_hw_info {
	__u32 size;
	__u32 flags;
	__u32 dev_id;
	__u32 data_len;
	__aligned_u64 data_uptr;
	union {
		__u32 in_data_type;
		__u32 out_data_type;
	};
	__u8 out_max_pasid_log2;
	__u8 __reserved[3];
	__aligned_u64 out_capabilities;
};

#define IOMMU_GET_HW_INFO _IO(IOMMUFD_TYPE, IOMMUFD_CMD_GET_HW_INFO)

/**
 * enum iommufd_hwpt_set_dirty_tracking_flags - flags of
 *                                              IOMMU_HWPT_SET_DIRTY_TRACKING
 * @IOMMU_HWPT_DIRTY_TRACKING_ENABLE: turn tracking on (clear: turn it off)
 */
enum iommufd_hwpt_set_dirty_tracking_flags {
	IOMMU_HWPT_DIRTY_TRACKING_ENABLE = 1,
};

/**
 * struct iommu_hwpt_set_dirty_tracking - argument of
 *                                        IOMMU_HWPT_SET_DIRTY_TRACKING
 * @size: in, sizeof(struct iommu_hwpt_set_dirty_tracking)
 * @flags: in, enum iommufd_hwpt_set_dirty_tracking_flags
 * @hwpt_id: in, paging HWPT to change
 * @__reserved: must be 0
 *
 * Starts or stops dirty page tracking on a HWPT allocated with
 * IOMMU_HWPT_ALLOC_DIRTY_TRACKING; starting clears every dirty bit first.
 */
struct iommu_hwpt_set_dirty_tracking {
	__u32 size;
	__u32 flags;
	__u32 hwpt_id;
	__u32 __reserved;
};

#define IOMMU_HWPT_SET_DIRTY_TRACKING \
	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_SET_DIRTY_TRACKING)

/**
 * enum iommufd_hwpt_get_dirty_bitmap_flags - flags of
 *                                            IOMMU_HWPT_GET_DIRTY_BITMAP
 * @IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR: report dirty bits but leave them
 *                                        set, e.g. when the range is about
 *                                        to be unmapped anyway
 */
enum iommufd_hwpt_get_dirty_bitmap_flags {
	IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR = 1,
};

/**
 * struct iommu_hwpt_get_dirty_bitmap - argument of IOMMU_HWPT_GET_DIRTY_BITMAP
 * @size: in, sizeof(struct iommu_hwpt_get_dirty_bitmap)
 * @hwpt_id: in, paging HWPT to read
 * @flags: in, enum iommufd_hwpt_get_dirty_bitmap_flags
 * @__reserved: must be 0
 * @iova: in, IOVA that bit 0 of the bitmap stands for
 * @length: in, length of the IOVA range to report
 * @page_size: in, bytes of IOVA covered by each bit
 * @data: in, user pointer to the bitmap, an array of __u64
 *
 * Fills a bitmap of the pages written by devices in the range: the page at
 * IOVA x is dirty when bit ((x - @iova) / @page_size) is set, counting bit
 * n as bit (n % 64) of word (n / 64). By default the dirty state is cleared
 * as it is read. Bits are only set, never cleared, in the bitmap; as Linux
 * 7.2 does, the walk stops without an error at the first IOVA that is not
 * mapped and at a bitmap that cannot be written.
 */
struct iommu_hwpt_get_dirty_bitmap {
	__u32 size;
	__u32 hwpt_id;
	__u32 flags;
	__u32 __reserved;
	__aligned_u64 iova;
	__aligned_u64 length;
	__aligned_u64 page_size;
	__aligned_u64 data;
};

#define IOMMU_HWPT_GET_DIRTY_BITMAP \
	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_GET_DIRTY_BITMAP)

/**
 * enum iommu_hwpt_invalidate_data_type - values of
 *                                        iommu_hwpt_invalidate::data_type
 * @IOMMU_HWPT_INVALIDATE_DATA_VTD_S1: struct iommu_hwpt_vtd_s1_invalidate
 * @IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3: struct
 *                                           iommu_viommu_arm_smmuv3_invalidate
 */
enum iommu_hwpt_invalidate_data_type {
	IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 = 0,
	IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 = 1,
};

/**
 * enum iommu_hwpt_vtd_s1_invalidate_flags - flags of
 *                                           struct iommu_hwpt_vtd_s1_invalidate
 * @IOMMU_VTD_INV_FLAGS_LEAF: only leaf entries changed, so the paging
 *                            structure caches may be kept
 */
enum iommu_hwpt_vtd_s1_invalidate_flags {
	IOMMU_VTD_INV_FLAGS_LEAF = 1 << 0,
};

/**
 * struct iommu_hwpt_vtd_s1_invalidate - one VT-d stage-1 invalidation request
 *                                       (IOMMU_HWPT_INVALIDATE_DATA_VTD_S1)
 * @addr: first address to invalidate, 4 KiB aligned
 * @npages: number of 4 KiB pages; @addr 0 with @npages U64_MAX means all
 * @flags: enum iommu_hwpt_vtd_s1_invalidate_flags
 * @__reserved: must be 0
 *
 * Device TLBs are flushed as well when ATS is enabled.
 */
struct iommu_hwpt_vtd_s1_invalidate {
	__aligned_u64 addr;
	__aligned_u64 npages;
	__u32 flags;
	__u32 __reserved;
};

/**
 * struct iommu_viommu_arm_smmuv3_invalidate - one SMMUv3 command
 *                           (IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3)
 * @cmd: a 128-bit SMMUv3 command queue entry, little-endian
 *
 * Accepted on a vIOMMU: TLBI_NSNH_ALL, TLBI_NH_VA, TLBI_NH_VAA, TLBI_NH_ALL,
 * TLBI_NH_ASID, ATC_INV, CFGI_CD and CFGI_CD_ALL. Any other opcode fails
 * the request with EIO.
 */
struct iommu_viommu_arm_smmuv3_invalidate {
	__aligned_le64 cmd[2];
};

/**
 * struct iommu_hwpt_invalidate - argument of IOMMU_HWPT_INVALIDATE
 * @size: in, sizeof(struct iommu_hwpt_invalidate)
 * @hwpt_id: in, a nested HWPT or a vIOMMU whose caches are invalidated
 * @data_uptr: in, user pointer to an array of typed requests
 * @data_type: in, enum iommu_hwpt_invalidate_data_type (or a driver type);
 *             every entry of the array has this type
 * @entry_len: in, size of one array entry in bytes, at most PAGE_SIZE
 * @entry_num: in, number of entries, at most 1 << 19 (7.x; EINVAL beyond
 *             either bound); out, number handled successfully.
 *             Written back even when the call fails.
 * @__reserved: must be 0
 *
 * Flushes caches after user space changed a table it owns (nested HWPT) or
 * other state a vIOMMU caches (device or descriptor caches). With
 * @entry_num 0 nothing is done and @data_uptr and @entry_len are ignored;
 * this probes whether @data_type is supported.
 */
struct iommu_hwpt_invalidate {
	__u32 size;
	__u32 hwpt_id;
	__aligned_u64 data_uptr;
	__u32 data_type;
	__u32 entry_len;
	__u32 entry_num;
	__u32 __reserved;
};

#define IOMMU_HWPT_INVALIDATE _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HWPT_INVALIDATE)

/**
 * enum iommu_hwpt_pgfault_flags - flags of struct iommu_hwpt_pgfault
 * @IOMMU_PGFAULT_FLAGS_PASID_VALID: iommu_hwpt_pgfault::pasid is meaningful
 * @IOMMU_PGFAULT_FLAGS_LAST_PAGE: this fault ends its fault group
 */
enum iommu_hwpt_pgfault_flags {
	IOMMU_PGFAULT_FLAGS_PASID_VALID = (1 << 0),
	IOMMU_PGFAULT_FLAGS_LAST_PAGE = (1 << 1),
};

/**
 * enum iommu_hwpt_pgfault_perm - access bits of iommu_hwpt_pgfault::perm
 * @IOMMU_PGFAULT_PERM_READ: the request wants read access
 * @IOMMU_PGFAULT_PERM_WRITE: the request wants write access
 * @IOMMU_PGFAULT_PERM_EXEC: the PASID prefix asked for execute (PCIe 10.4.1)
 * @IOMMU_PGFAULT_PERM_PRIV: the PASID prefix asked for privileged mode
 *                           (PCIe 10.4.1)
 */
enum iommu_hwpt_pgfault_perm {
	IOMMU_PGFAULT_PERM_READ = (1 << 0),
	IOMMU_PGFAULT_PERM_WRITE = (1 << 1),
	IOMMU_PGFAULT_PERM_EXEC = (1 << 2),
	IOMMU_PGFAULT_PERM_PRIV = (1 << 3),
};

/**
 * struct iommu_hwpt_pgfault - one I/O page fault read from a fault queue fd
 * @flags: enum iommu_hwpt_pgfault_flags
 * @dev_id: device that faulted
 * @pasid: PASID of the request, when PASID_VALID is set
 * @grpid: page request group index
 * @perm: enum iommu_hwpt_pgfault_perm
 * @__reserved: 0
 * @addr: faulting address
 * @length: hint of how many bytes the device intends to access, 0 if none
 * @cookie: identifies the fault group; echo the cookie of the group's last
 *          fault in the response
 */
struct iommu_hwpt_pgfault {
	__u32 flags;
	__u32 dev_id;
	__u32 pasid;
	__u32 grpid;
	__u32 perm;
	__u32 __reserved;
	__aligned_u64 addr;
	__u32 length;
	__u32 cookie;
};

/**
 * enum iommufd_page_response_code - values of iommu_hwpt_page_response::code
 * @IOMMUFD_PAGE_RESP_SUCCESS: the fault was resolved; the device may retry
 *                             (PCIe "Success")
 * @IOMMUFD_PAGE_RESP_INVALID: the fault cannot be resolved; the device must
 *                             not retry (PCIe "Invalid Request")
 */
enum iommufd_page_response_code {
	IOMMUFD_PAGE_RESP_SUCCESS = 0,
	IOMMUFD_PAGE_RESP_INVALID = 1,
};

/**
 * struct iommu_hwpt_page_response - reply written to a fault queue fd
 * @cookie: cookie of the fault group being answered
 * @code: enum iommufd_page_response_code
 */
struct iommu_hwpt_page_response {
	__u32 cookie;
	__u32 code;
};

/**
 * struct iommu_fault_alloc - argument of IOMMU_FAULT_QUEUE_ALLOC
 * @size: in, sizeof(struct iommu_fault_alloc)
 * @flags: in, must be 0
 * @out_fault_id: out, ID of the new fault queue object
 * @out_fault_fd: out, file descriptor to read faults from and write
 *                responses to
 *
 * Creates a fault queue for I/O page faults (in iommufd-sim only the
 * selftest mock's IOMMU_TEST_OP_TRIGGER_IOPF raises them).
 */
struct iommu_fault_alloc {
	__u32 size;
	__u32 flags;
	__u32 out_fault_id;
	__u32 out_fault_fd;
};

#define IOMMU_FAULT_QUEUE_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_FAULT_QUEUE_ALLOC)

/**
 * enum iommu_viommu_type - values of iommu_viommu_alloc::type
 * @IOMMU_VIOMMU_TYPE_DEFAULT: reserved; rejected with EOPNOTSUPP
 * @IOMMU_VIOMMU_TYPE_ARM_SMMUV3: plain SMMUv3 vIOMMU
 * @IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV: SMMUv3 vIOMMU with a Tegra241 CMDQV
 *                                    virtual interface (VINTF); driver data
 *                                    is struct iommu_viommu_tegra241_cmdqv
 */
enum iommu_viommu_type {
	IOMMU_VIOMMU_TYPE_DEFAULT = 0,
	IOMMU_VIOMMU_TYPE_ARM_SMMUV3 = 1,
	IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV = 2,
};

/**
 * struct iommu_viommu_tegra241_cmdqv - Tegra241 CMDQV vIOMMU data
 *                                      (IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV)
 * @out_vintf_mmap_offset: out, offset argument for mmap() on the iommufd
 *                         to map the VINTF's page0
 * @out_vintf_mmap_length: out, length argument for that mmap() (64 KiB)
 *
 * Page0 holds the PROD/CONS/CONFIG/STATUS/GERROR/GERRORN registers of the
 * VINTF's logical queues; a VMM maps it straight into the guest so the
 * guest drives its queues without exits.
 */
struct iommu_viommu_tegra241_cmdqv {
	__aligned_u64 out_vintf_mmap_offset;
	__aligned_u64 out_vintf_mmap_length;
};

/**
 * struct iommu_viommu_alloc - argument of IOMMU_VIOMMU_ALLOC
 * @size: in, sizeof(struct iommu_viommu_alloc); at least 24 (up to and
 *        including @out_viommu_id)
 * @flags: in, must be 0
 * @type: in, enum iommu_viommu_type (DEFAULT is rejected)
 * @dev_id: in, device whose physical IOMMU backs the vIOMMU
 * @hwpt_id: in, paging HWPT allocated with IOMMU_HWPT_ALLOC_NEST_PARENT
 * @out_viommu_id: out, ID of the new vIOMMU
 * @data_len: in, length of the typed data at @data_uptr, 0 for none; at
 *            most the kernel's struct for the type (7.x: EINVAL beyond it)
 * @__reserved: documented as must-be-0, but the kernel does not check it
 * @data_uptr: in/out, user pointer to the driver-specific data
 *
 * Creates a virtual IOMMU: the slice of a physical IOMMU's virtualization
 * features given to one VM. It owns VM-wide state such as guest cache tags,
 * virtual device IDs, event queues, invalidation paths and HW queues. It
 * holds a reference on @hwpt_id until destroyed.
 */
struct iommu_viommu_alloc {
	__u32 size;
	__u32 flags;
	__u32 type;
	__u32 dev_id;
	__u32 hwpt_id;
	__u32 out_viommu_id;
	__u32 data_len;
	__u32 __reserved;
	__aligned_u64 data_uptr;
};

#define IOMMU_VIOMMU_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_VIOMMU_ALLOC)

/**
 * struct iommu_vdevice_alloc - argument of IOMMU_VDEVICE_ALLOC
 * @size: in, sizeof(struct iommu_vdevice_alloc)
 * @viommu_id: in, vIOMMU the virtual device belongs to
 * @dev_id: in, physical device being virtualised
 * @out_vdevice_id: out, ID of the new vDEVICE
 * @virt_id: in, the ID the guest uses for the device in this vIOMMU (a vSID
 *           on SMMUv3, a vDeviceID on AMD, a vRID on VT-d)
 *
 * Tells the vIOMMU which guest-visible ID stands for a device. A device can
 * have one vDEVICE, and a @virt_id is unique per vIOMMU (EEXIST otherwise).
 * Destroy the vDEVICE before the device goes away; if the device is removed
 * first the vDEVICE is destroyed with it and its ID stays unusable (ENOENT,
 * never reused) until the iommufd is closed.
 */
struct iommu_vdevice_alloc {
	__u32 size;
	__u32 viommu_id;
	__u32 dev_id;
	__u32 out_vdevice_id;
	__aligned_u64 virt_id;
};

#define IOMMU_VDEVICE_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_VDEVICE_ALLOC)

/**
 * struct iommu_ioas_change_process - argument of IOMMU_IOAS_CHANGE_PROCESS
 * @size: in, sizeof(struct iommu_ioas_change_process)
 * @__reserved: must be 0
 *
 * Moves the pinned-memory accounting of every mapping in the context to the
 * calling process, e.g. when a live update hands a device to a new process:
 * what is charged now is charged to the caller (in each mapping's mode,
 * against its RLIMIT_MEMLOCK: ENOMEM) and uncharged from the old process, and
 * later pins are charged to the caller too. Only works when every mapping of
 * every IOAS came from IOMMU_IOAS_MAP_FILE (EINVAL otherwise); __reserved
 * non-zero is EOPNOTSUPP; on failure nothing changes; an empty context
 * succeeds.
 */
struct iommu_ioas_change_process {
	__u32 size;
	__u32 __reserved;
};

#define IOMMU_IOAS_CHANGE_PROCESS \
	_IO(IOMMUFD_TYPE, IOMMUFD_CMD_IOAS_CHANGE_PROCESS)

/**
 * enum iommu_veventq_flag - flags of struct iommufd_vevent_header
 * @IOMMU_VEVENTQ_FLAG_LOST_EVENTS: events were dropped because the queue
 *                                  was full; such a header has no payload
 */
enum iommu_veventq_flag {
	IOMMU_VEVENTQ_FLAG_LOST_EVENTS = (1U << 0),
};

/**
 * struct iommufd_vevent_header - header in front of each vEVENT read
 * @flags: enum iommu_veventq_flag
 * @sequence: per-queue event counter, 0 to INT_MAX, wrapping back to 0
 *
 * A read() on a vEVENTQ fd returns whole records, each a header followed by
 * the type's payload. Consecutive headers normally differ by one in
 * @sequence; a larger step means the events in between were lost. Loss at
 * the end of the queue is shown by a final header with LOST_EVENTS set and
 * no payload, which disappears once a newer event is queued. A read()
 * whose count is below a header, or cannot take the first queued record
 * whole, fails with EINVAL; an empty queue reads 0 bytes without blocking.
 */
struct iommufd_vevent_header {
	__u32 flags;
	__u32 sequence;
};

/**
 * enum iommu_veventq_type - values of iommu_veventq_alloc::type
 * @IOMMU_VEVENTQ_TYPE_DEFAULT: reserved; rejected with EOPNOTSUPP
 * @IOMMU_VEVENTQ_TYPE_ARM_SMMUV3: struct iommu_vevent_arm_smmuv3 records
 * @IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV: struct iommu_vevent_tegra241_cmdqv
 *                                     records
 */
enum iommu_veventq_type {
	IOMMU_VEVENTQ_TYPE_DEFAULT = 0,
	IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 = 1,
	IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV = 2,
};

/**
 * struct iommu_vevent_arm_smmuv3 - SMMUv3 event (IOMMU_VEVENTQ_TYPE_ARM_SMMUV3)
 * @evt: a 256-bit SMMUv3 event record, little-endian, whose StreamID field
 *       carries the guest's virtual ID of the device
 *
 * Forwarded event types: C_BAD_STE (0x04), F_STREAM_DISABLED (0x06),
 * C_BAD_SUBSTREAMID (0x08), C_BAD_CD (0x0a), F_TRANSLATION (0x10),
 * F_ADDR_SIZE (0x11), F_ACCESS (0x12) and F_PERMISSION (0x13). Events are
 * only delivered for devices that have a vDEVICE.
 */
struct iommu_vevent_arm_smmuv3 {
	__aligned_le64 evt[4];
};

/**
 * struct iommu_vevent_tegra241_cmdqv - Tegra241 CMDQV error event
 *                                      (IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV)
 * @lvcmdq_err_map: the VINTF's 128-bit LVCMDQ error map, little-endian; bit
 *                  l is set when logical queue l has an error
 */
struct iommu_vevent_tegra241_cmdqv {
	__aligned_le64 lvcmdq_err_map[2];
};

/**
 * struct iommu_veventq_alloc - argument of IOMMU_VEVENTQ_ALLOC
 * @size: in, sizeof(struct iommu_veventq_alloc); at least 28 (up to and
 *        including @out_veventq_fd)
 * @flags: in, must be 0
 * @viommu_id: in, vIOMMU whose events the queue receives
 * @type: in, enum iommu_veventq_type (DEFAULT is rejected)
 * @veventq_depth: in, maximum number of queued events, 1 to 1 << 19
 *                 (EINVAL otherwise)
 * @out_veventq_id: out, ID of the new vEVENTQ
 * @out_veventq_fd: out, close-on-exec file descriptor to read() and poll()
 *                  events from; user space closes it when done
 * @__reserved: must be 0
 *
 * Creates an event queue for one event type of a vIOMMU; a second queue of
 * the same type on the same vIOMMU fails with EEXIST. When @veventq_depth
 * events are pending, further events are dropped and reported as lost (see
 * struct iommufd_vevent_header). The queue object cannot be destroyed while
 * its fd is open.
 */
struct iommu_veventq_alloc {
	__u32 size;
	__u32 flags;
	__u32 viommu_id;
	__u32 type;
	__u32 veventq_depth;
	__u32 out_veventq_id;
	__u32 out_veventq_fd;
	__u32 __reserved;
};

#define IOMMU_VEVENTQ_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_VEVENTQ_ALLOC)

/**
 * enum iommu_hw_queue_type - values of iommu_hw_queue_alloc::type
 * @IOMMU_HW_QUEUE_TYPE_DEFAULT: reserved; rejected with EOPNOTSUPP
 * @IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV: a Tegra241 CMDQV logical command
 *                                      queue (LVCMDQ) of the vIOMMU's VINTF
 *
 * Rules for TEGRA241_CMDQV queues (violations fail the allocation):
 * indexes are allocated upwards from 0 and destroyed from the highest
 * down; the queue memory is mapped in the IOAS and aligned to its length;
 * the length is a power of two from 32 bytes up to 16 << IDR1.CMDQS bytes
 * (IDR1 as reported in struct iommu_hw_info_arm_smmuv3). Backing the queue
 * with physically contiguous memory, e.g. one huge page, is advisable.
 */
enum iommu_hw_queue_type {
	IOMMU_HW_QUEUE_TYPE_DEFAULT = 0,
	IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV = 1,
};

/**
 * struct iommu_hw_queue_alloc - argument of IOMMU_HW_QUEUE_ALLOC
 * @size: in, sizeof(struct iommu_hw_queue_alloc)
 * @flags: in, must be 0
 * @viommu_id: in, vIOMMU the queue belongs to
 * @type: in, enum iommu_hw_queue_type (DEFAULT is rejected)
 * @index: in, logical queue number, counted per vIOMMU and per type
 * @out_hw_queue_id: out, ID of the new HW queue
 * @nesting_parent_iova: in, guest physical address of the queue memory, an
 *                       IOVA in the nesting parent's IOAS
 * @length: in, size of the queue memory in bytes
 *
 * Hands a guest-owned queue to hardware that reads it directly. The kernel
 * pins the queue memory for the lifetime of the object (IOAS_UNMAP of it
 * fails with EBUSY) and requires it to be physically contiguous (EFAULT).
 */
struct iommu_hw_queue_alloc {
	__u32 size;
	__u32 flags;
	__u32 viommu_id;
	__u32 type;
	__u32 index;
	__u32 out_hw_queue_id;
	__aligned_u64 nesting_parent_iova;
	__aligned_u64 length;
};

#define IOMMU_HW_QUEUE_ALLOC _IO(IOMMUFD_TYPE, IOMMUFD_CMD_HW_QUEUE_ALLOC)

#endif /* _UAPI_IOMMUFD_H */
