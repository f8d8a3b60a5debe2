// SPDX-License-Identifier: GPL-2.0
/*
 * Compile-time check of the iommufd-sim uapi headers against the upstream
 * iommufd ABI (uapi/linux/iommufd.h) and the simulator ABI
 * (uapi/linux/iommufd_sim.h).
 *
 * Every check is a static_assert, so a wrong layout fails the build. The
 * program itself only reports how many checks were compiled.
 *
 * Build from the top of the tree: gcc -std=gnu11 -Wall -Wextra -Werror
 * -I uapi <this file> -o /tmp/abi_layout. Compiling it with -m32 as well
 * (compiling is enough, no need to link) proves that the __aligned_u64
 * fields keep the same offsets on 32-bit.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>

#include "../../uapi/linux/iommufd_sim.h"

#define offsetofend(type, member) \
	(offsetof(type, member) + sizeof(((type *)0)->member))

/*
 * Each CHECK() uses __COUNTER__ exactly once, so the value of __COUNTER__
 * after the last check is the number of checks.
 */
#define CHECK(expr) CHECK_N(expr, __COUNTER__)
#define CHECK_N(expr, n) CHECK_S(expr, n)
#define CHECK_S(expr, n) static_assert((expr), "check " #n ": " #expr)

#define SIZE(type, sz) CHECK(sizeof(struct type) == (sz))
#define OFF(type, field, off) CHECK(offsetof(struct type, field) == (off))
#define MIN(type, field, sz) CHECK(offsetofend(struct type, field) == (sz))
#define FSIZE(type, field, sz) \
	CHECK(sizeof(((struct type *)0)->field) == (sz))

/* (a) ioctl numbers */
CHECK(IOMMUFD_TYPE == 0x3b);
CHECK(IOMMUFD_CMD_BASE == 0x80);
CHECK(IOMMUFD_CMD_DESTROY == 0x80);
CHECK(IOMMUFD_CMD_IOAS_ALLOC == 0x81);
CHECK(IOMMUFD_CMD_IOAS_ALLOW_IOVAS == 0x82);
CHECK(IOMMUFD_CMD_IOAS_COPY == 0x83);
CHECK(IOMMUFD_CMD_IOAS_IOVA_RANGES == 0x84);
CHECK(IOMMUFD_CMD_IOAS_MAP == 0x85);
CHECK(IOMMUFD_CMD_IOAS_UNMAP == 0x86);
CHECK(IOMMUFD_CMD_OPTION == 0x87);
CHECK(IOMMUFD_CMD_VFIO_IOAS == 0x88);
CHECK(IOMMUFD_CMD_HWPT_ALLOC == 0x89);
CHECK(IOMMUFD_CMD_GET_HW_INFO == 0x8a);
CHECK(IOMMUFD_CMD_HWPT_SET_DIRTY_TRACKING == 0x8b);
CHECK(IOMMUFD_CMD_HWPT_GET_DIRTY_BITMAP == 0x8c);
CHECK(IOMMUFD_CMD_HWPT_INVALIDATE == 0x8d);
CHECK(IOMMUFD_CMD_FAULT_QUEUE_ALLOC == 0x8e);
CHECK(IOMMUFD_CMD_IOAS_MAP_FILE == 0x8f);
CHECK(IOMMUFD_CMD_VIOMMU_ALLOC == 0x90);
CHECK(IOMMUFD_CMD_VDEVICE_ALLOC == 0x91);
CHECK(IOMMUFD_CMD_IOAS_CHANGE_PROCESS == 0x92);
CHECK(IOMMUFD_CMD_VEVENTQ_ALLOC == 0x93);
CHECK(IOMMUFD_CMD_HW_QUEUE_ALLOC == 0x94);

/* Portable form: every command is _IO(';', nr), no size, no direction */
CHECK(_IO(';', 0x80) == IOMMU_DESTROY);
CHECK(_IO(';', 0x94) == IOMMU_HW_QUEUE_ALLOC);
CHECK(_IO(';', 0xa0) == IOMMU_TEST_CMD);
CHECK(_IO(';', 0xc0) == IOMMUFD_SIM_CMD);

/* Literal values, valid where _IOC_NONE is 0 (x86, arm, riscv, ...) */
#if _IOC_NONE == 0
CHECK(IOMMU_DESTROY == 0x3b80);
CHECK(IOMMU_IOAS_ALLOC == 0x3b81);
CHECK(IOMMU_IOAS_ALLOW_IOVAS == 0x3b82);
CHECK(IOMMU_IOAS_COPY == 0x3b83);
CHECK(IOMMU_IOAS_IOVA_RANGES == 0x3b84);
CHECK(IOMMU_IOAS_MAP == 0x3b85);
CHECK(IOMMU_IOAS_UNMAP == 0x3b86);
CHECK(IOMMU_OPTION == 0x3b87);
CHECK(IOMMU_VFIO_IOAS == 0x3b88);
CHECK(IOMMU_HWPT_ALLOC == 0x3b89);
CHECK(IOMMU_GET_HW_INFO == 0x3b8a);
CHECK(IOMMU_HWPT_SET_DIRTY_TRACKING == 0x3b8b);
CHECK(IOMMU_HWPT_GET_DIRTY_BITMAP == 0x3b8c);
CHECK(IOMMU_HWPT_INVALIDATE == 0x3b8d);
CHECK(IOMMU_FAULT_QUEUE_ALLOC == 0x3b8e);
CHECK(IOMMU_IOAS_MAP_FILE == 0x3b8f);
CHECK(IOMMU_VIOMMU_ALLOC == 0x3b90);
CHECK(IOMMU_VDEVICE_ALLOC == 0x3b91);
CHECK(IOMMU_IOAS_CHANGE_PROCESS == 0x3b92);
CHECK(IOMMU_VEVENTQ_ALLOC == 0x3b93);
CHECK(IOMMU_HW_QUEUE_ALLOC == 0x3b94);
CHECK(IOMMU_TEST_CMD == 0x3ba0);
CHECK(IOMMUFD_SIM_CMD == 0x3bc0);
#endif

/* (a)/(b) struct sizes and minimum sizes (offsetofend of the last field) */
SIZE(iommu_destroy, 8);
MIN(iommu_destroy, id, 8);
OFF(iommu_destroy, size, 0);
OFF(iommu_destroy, id, 4);

SIZE(iommu_ioas_alloc, 12);
MIN(iommu_ioas_alloc, out_ioas_id, 12);
OFF(iommu_ioas_alloc, size, 0);
OFF(iommu_ioas_alloc, flags, 4);
OFF(iommu_ioas_alloc, out_ioas_id, 8);

SIZE(iommu_iova_range, 16);
OFF(iommu_iova_range, start, 0);
OFF(iommu_iova_range, last, 8);

SIZE(iommu_ioas_iova_ranges, 32);
MIN(iommu_ioas_iova_ranges, out_iova_alignment, 32);
OFF(iommu_ioas_iova_ranges, size, 0);
OFF(iommu_ioas_iova_ranges, ioas_id, 4);
OFF(iommu_ioas_iova_ranges, num_iovas, 8);
OFF(iommu_ioas_iova_ranges, __reserved, 12);
OFF(iommu_ioas_iova_ranges, allowed_iovas, 16);
OFF(iommu_ioas_iova_ranges, out_iova_alignment, 24);

SIZE(iommu_ioas_allow_iovas, 24);
MIN(iommu_ioas_allow_iovas, allowed_iovas, 24);
OFF(iommu_ioas_allow_iovas, size, 0);
OFF(iommu_ioas_allow_iovas, ioas_id, 4);
OFF(iommu_ioas_allow_iovas, num_iovas, 8);
OFF(iommu_ioas_allow_iovas, __reserved, 12);
OFF(iommu_ioas_allow_iovas, allowed_iovas, 16);

SIZE(iommu_ioas_map, 40);
MIN(iommu_ioas_map, iova, 40);
OFF(iommu_ioas_map, size, 0);
OFF(iommu_ioas_map, flags, 4);
OFF(iommu_ioas_map, ioas_id, 8);
OFF(iommu_ioas_map, __reserved, 12);
OFF(iommu_ioas_map, user_va, 16);
OFF(iommu_ioas_map, length, 24);
OFF(iommu_ioas_map, iova, 32);

SIZE(iommu_ioas_map_file, 40);
MIN(iommu_ioas_map_file, iova, 40);
OFF(iommu_ioas_map_file, size, 0);
OFF(iommu_ioas_map_file, flags, 4);
OFF(iommu_ioas_map_file, ioas_id, 8);
OFF(iommu_ioas_map_file, fd, 12);
OFF(iommu_ioas_map_file, start, 16);
OFF(iommu_ioas_map_file, length, 24);
OFF(iommu_ioas_map_file, iova, 32);
/* fd is signed (__s32) */
CHECK((__typeof__(((struct iommu_ioas_map_file *)0)->fd))0 - 1 < 0);

SIZE(iommu_ioas_copy, 40);
MIN(iommu_ioas_copy, src_iova, 40);
OFF(iommu_ioas_copy, size, 0);
OFF(iommu_ioas_copy, flags, 4);
OFF(iommu_ioas_copy, dst_ioas_id, 8);
OFF(iommu_ioas_copy, src_ioas_id, 12);
OFF(iommu_ioas_copy, length, 16);
OFF(iommu_ioas_copy, dst_iova, 24);
OFF(iommu_ioas_copy, src_iova, 32);

SIZE(iommu_ioas_unmap, 24);
MIN(iommu_ioas_unmap, length, 24);
OFF(iommu_ioas_unmap, size, 0);
OFF(iommu_ioas_unmap, ioas_id, 4);
OFF(iommu_ioas_unmap, iova, 8);
OFF(iommu_ioas_unmap, length, 16);

SIZE(iommu_option, 24);
MIN(iommu_option, val64, 24);
OFF(iommu_option, size, 0);
OFF(iommu_option, option_id, 4);
OFF(iommu_option, op, 8);
FSIZE(iommu_option, op, 2);
OFF(iommu_option, __reserved, 10);
FSIZE(iommu_option, __reserved, 2);
OFF(iommu_option, object_id, 12);
OFF(iommu_option, val64, 16);

SIZE(iommu_vfio_ioas, 12);
MIN(iommu_vfio_ioas, __reserved, 12);
OFF(iommu_vfio_ioas, size, 0);
OFF(iommu_vfio_ioas, ioas_id, 4);
OFF(iommu_vfio_ioas, op, 8);
FSIZE(iommu_vfio_ioas, op, 2);
OFF(iommu_vfio_ioas, __reserved, 10);

SIZE(iommu_ioas_change_process, 8);
MIN(iommu_ioas_change_process, __reserved, 8);
OFF(iommu_ioas_change_process, size, 0);
OFF(iommu_ioas_change_process, __reserved, 4);

/* HW page tables, info and invalidation */
SIZE(iommu_hwpt_alloc, 48);
MIN(iommu_hwpt_alloc, __reserved, 24);
OFF(iommu_hwpt_alloc, size, 0);
OFF(iommu_hwpt_alloc, flags, 4);
OFF(iommu_hwpt_alloc, dev_id, 8);
OFF(iommu_hwpt_alloc, pt_id, 12);
OFF(iommu_hwpt_alloc, out_hwpt_id, 16);
OFF(iommu_hwpt_alloc, __reserved, 20);
OFF(iommu_hwpt_alloc, data_type, 24);
OFF(iommu_hwpt_alloc, data_len, 28);
OFF(iommu_hwpt_alloc, data_uptr, 32);
OFF(iommu_hwpt_alloc, fault_id, 40);
OFF(iommu_hwpt_alloc, __reserved2, 44);

SIZE(iommu_hwpt_vtd_s1, 24);
OFF(iommu_hwpt_vtd_s1, flags, 0);
OFF(iommu_hwpt_vtd_s1, pgtbl_addr, 8);
OFF(iommu_hwpt_vtd_s1, addr_width, 16);
OFF(iommu_hwpt_vtd_s1, __reserved, 20);

SIZE(iommu_hwpt_arm_smmuv3, 16);
OFF(iommu_hwpt_arm_smmuv3, ste, 0);

SIZE(iommu_hw_info, 40);
MIN(iommu_hw_info, __reserved, 32);
OFF(iommu_hw_info, size, 0);
OFF(iommu_hw_info, flags, 4);
OFF(iommu_hw_info, dev_id, 8);
OFF(iommu_hw_info, data_len, 12);
OFF(iommu_hw_info, data_uptr, 16);
OFF(iommu_hw_info, in_data_type, 24);
OFF(iommu_hw_info, out_data_type, 24);
OFF(iommu_hw_info, out_max_pasid_log2, 28);
FSIZE(iommu_hw_info, out_max_pasid_log2, 1);
OFF(iommu_hw_info, __reserved, 29);
FSIZE(iommu_hw_info, __reserved, 3);
OFF(iommu_hw_info, out_capabilities, 32);

SIZE(iommu_hw_info_vtd, 24);
OFF(iommu_hw_info_vtd, flags, 0);
OFF(iommu_hw_info_vtd, __reserved, 4);
OFF(iommu_hw_info_vtd, cap_reg, 8);
OFF(iommu_hw_info_vtd, ecap_reg, 16);

SIZE(iommu_hw_info_arm_smmuv3, 40);
OFF(iommu_hw_info_arm_smmuv3, flags, 0);
OFF(iommu_hw_info_arm_smmuv3, __reserved, 4);
OFF(iommu_hw_info_arm_smmuv3, idr, 8);
FSIZE(iommu_hw_info_arm_smmuv3, idr, 24);
OFF(iommu_hw_info_arm_smmuv3, iidr, 32);
OFF(iommu_hw_info_arm_smmuv3, aidr, 36);

SIZE(iommu_hw_info_tegra241_cmdqv, 8);
OFF(iommu_hw_info_tegra241_cmdqv, flags, 0);
OFF(iommu_hw_info_tegra241_cmdqv, version, 4);
OFF(iommu_hw_info_tegra241_cmdqv, log2vcmdqs, 5);
OFF(iommu_hw_info_tegra241_cmdqv, log2vsids, 6);
OFF(iommu_hw_info_tegra241_cmdqv, __reserved, 7);

SIZE(iommu_hwpt_set_dirty_tracking, 16);
MIN(iommu_hwpt_set_dirty_tracking, __reserved, 16);
OFF(iommu_hwpt_set_dirty_tracking, size, 0);
OFF(iommu_hwpt_set_dirty_tracking, flags, 4);
OFF(iommu_hwpt_set_dirty_tracking, hwpt_id, 8);
OFF(iommu_hwpt_set_dirty_tracking, __reserved, 12);

SIZE(iommu_hwpt_get_dirty_bitmap, 48);
MIN(iommu_hwpt_get_dirty_bitmap, data, 48);
OFF(iommu_hwpt_get_dirty_bitmap, size, 0);
OFF(iommu_hwpt_get_dirty_bitmap, hwpt_id, 4);
OFF(iommu_hwpt_get_dirty_bitmap, flags, 8);
OFF(iommu_hwpt_get_dirty_bitmap, __reserved, 12);
OFF(iommu_hwpt_get_dirty_bitmap, iova, 16);
OFF(iommu_hwpt_get_dirty_bitmap, length, 24);
OFF(iommu_hwpt_get_dirty_bitmap, page_size, 32);
OFF(iommu_hwpt_get_dirty_bitmap, data, 40);

SIZE(iommu_hwpt_invalidate, 32);
MIN(iommu_hwpt_invalidate, __reserved, 32);
OFF(iommu_hwpt_invalidate, size, 0);
OFF(iommu_hwpt_invalidate, hwpt_id, 4);
OFF(iommu_hwpt_invalidate, data_uptr, 8);
OFF(iommu_hwpt_invalidate, data_type, 16);
OFF(iommu_hwpt_invalidate, entry_len, 20);
OFF(iommu_hwpt_invalidate, entry_num, 24);
OFF(iommu_hwpt_invalidate, __reserved, 28);

SIZE(iommu_hwpt_vtd_s1_invalidate, 24);
OFF(iommu_hwpt_vtd_s1_invalidate, addr, 0);
OFF(iommu_hwpt_vtd_s1_invalidate, npages, 8);
OFF(iommu_hwpt_vtd_s1_invalidate, flags, 16);
OFF(iommu_hwpt_vtd_s1_invalidate, __reserved, 20);

SIZE(iommu_viommu_arm_smmuv3_invalidate, 16);
OFF(iommu_viommu_arm_smmuv3_invalidate, cmd, 0);

SIZE(iommu_fault_alloc, 16);
MIN(iommu_fault_alloc, out_fault_fd, 16);
OFF(iommu_fault_alloc, size, 0);
OFF(iommu_fault_alloc, flags, 4);
OFF(iommu_fault_alloc, out_fault_id, 8);
OFF(iommu_fault_alloc, out_fault_fd, 12);

SIZE(iommu_hwpt_pgfault, 40);
OFF(iommu_hwpt_pgfault, flags, 0);
OFF(iommu_hwpt_pgfault, dev_id, 4);
OFF(iommu_hwpt_pgfault, pasid, 8);
OFF(iommu_hwpt_pgfault, grpid, 12);
OFF(iommu_hwpt_pgfault, perm, 16);
OFF(iommu_hwpt_pgfault, __reserved, 20);
OFF(iommu_hwpt_pgfault, addr, 24);
OFF(iommu_hwpt_pgfault, length, 32);
OFF(iommu_hwpt_pgfault, cookie, 36);

SIZE(iommu_hwpt_page_response, 8);
OFF(iommu_hwpt_page_response, cookie, 0);
OFF(iommu_hwpt_page_response, code, 4);

/* vIOMMU family */
SIZE(iommu_viommu_alloc, 40);
MIN(iommu_viommu_alloc, out_viommu_id, 24);
OFF(iommu_viommu_alloc, size, 0);
OFF(iommu_viommu_alloc, flags, 4);
OFF(iommu_viommu_alloc, type, 8);
OFF(iommu_viommu_alloc, dev_id, 12);
OFF(iommu_viommu_alloc, hwpt_id, 16);
OFF(iommu_viommu_alloc, out_viommu_id, 20);
OFF(iommu_viommu_alloc, data_len, 24);
OFF(iommu_viommu_alloc, __reserved, 28);
OFF(iommu_viommu_alloc, data_uptr, 32);

SIZE(iommu_viommu_tegra241_cmdqv, 16);
OFF(iommu_viommu_tegra241_cmdqv, out_vintf_mmap_offset, 0);
OFF(iommu_viommu_tegra241_cmdqv, out_vintf_mmap_length, 8);

SIZE(iommu_vdevice_alloc, 24);
MIN(iommu_vdevice_alloc, virt_id, 24);
OFF(iommu_vdevice_alloc, size, 0);
OFF(iommu_vdevice_alloc, viommu_id, 4);
OFF(iommu_vdevice_alloc, dev_id, 8);
OFF(iommu_vdevice_alloc, out_vdevice_id, 12);
OFF(iommu_vdevice_alloc, virt_id, 16);

SIZE(iommu_veventq_alloc, 32);
MIN(iommu_veventq_alloc, out_veventq_fd, 28);
OFF(iommu_veventq_alloc, size, 0);
OFF(iommu_veventq_alloc, flags, 4);
OFF(iommu_veventq_alloc, viommu_id, 8);
OFF(iommu_veventq_alloc, type, 12);
OFF(iommu_veventq_alloc, veventq_depth, 16);
OFF(iommu_veventq_alloc, out_veventq_id, 20);
OFF(iommu_veventq_alloc, out_veventq_fd, 24);
OFF(iommu_veventq_alloc, __reserved, 28);

SIZE(iommufd_vevent_header, 8);
OFF(iommufd_vevent_header, flags, 0);
OFF(iommufd_vevent_header, sequence, 4);

SIZE(iommu_vevent_arm_smmuv3, 32);
OFF(iommu_vevent_arm_smmuv3, evt, 0);

SIZE(iommu_vevent_tegra241_cmdqv, 16);
OFF(iommu_vevent_tegra241_cmdqv, lvcmdq_err_map, 0);

SIZE(iommu_hw_queue_alloc, 40);
MIN(iommu_hw_queue_alloc, length, 40);
OFF(iommu_hw_queue_alloc, size, 0);
OFF(iommu_hw_queue_alloc, flags, 4);
OFF(iommu_hw_queue_alloc, viommu_id, 8);
OFF(iommu_hw_queue_alloc, type, 12);
OFF(iommu_hw_queue_alloc, index, 16);
OFF(iommu_hw_queue_alloc, out_hw_queue_id, 20);
OFF(iommu_hw_queue_alloc, nesting_parent_iova, 24);
OFF(iommu_hw_queue_alloc, length, 32);

/* (b) enum and flag values */
CHECK(IOMMU_IOAS_MAP_FIXED_IOVA == 1);
CHECK(IOMMU_IOAS_MAP_WRITEABLE == 2);
CHECK(IOMMU_IOAS_MAP_READABLE == 4);
CHECK(IOMMU_OPTION_RLIMIT_MODE == 0);
CHECK(IOMMU_OPTION_HUGE_PAGES == 1);
CHECK(IOMMU_OPTION_OP_SET == 0);
CHECK(IOMMU_OPTION_OP_GET == 1);
CHECK(IOMMU_VFIO_IOAS_GET == 0);
CHECK(IOMMU_VFIO_IOAS_SET == 1);
CHECK(IOMMU_VFIO_IOAS_CLEAR == 2);
CHECK(IOMMU_HWPT_ALLOC_NEST_PARENT == 1 << 0);
CHECK(IOMMU_HWPT_ALLOC_DIRTY_TRACKING == 1 << 1);
CHECK(IOMMU_HWPT_FAULT_ID_VALID == 1 << 2);
CHECK(IOMMU_HWPT_ALLOC_PASID == 1 << 3);
CHECK(IOMMU_VTD_S1_SRE == 1 << 0);
CHECK(IOMMU_VTD_S1_EAFE == 1 << 1);
CHECK(IOMMU_VTD_S1_WPE == 1 << 2);
CHECK(IOMMU_HWPT_DATA_NONE == 0);
CHECK(IOMMU_HWPT_DATA_VTD_S1 == 1);
CHECK(IOMMU_HWPT_DATA_ARM_SMMUV3 == 2);
CHECK(IOMMU_HW_INFO_VTD_ERRATA_772415_SPR17 == 1);
CHECK(IOMMU_HW_INFO_TYPE_NONE == 0);
CHECK(IOMMU_HW_INFO_TYPE_DEFAULT == 0);
CHECK(IOMMU_HW_INFO_TYPE_INTEL_VTD == 1);
CHECK(IOMMU_HW_INFO_TYPE_ARM_SMMUV3 == 2);
CHECK(IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV == 3);
CHECK(IOMMU_HW_CAP_DIRTY_TRACKING == 1 << 0);
CHECK(IOMMU_HW_CAP_PCI_PASID_EXEC == 1 << 1);
CHECK(IOMMU_HW_CAP_PCI_PASID_PRIV == 1 << 2);
CHECK(IOMMU_HW_INFO_FLAG_INPUT_TYPE == 1 << 0);
CHECK(IOMMU_HWPT_DIRTY_TRACKING_ENABLE == 1);
CHECK(IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR == 1);
CHECK(IOMMU_HWPT_INVALIDATE_DATA_VTD_S1 == 0);
CHECK(IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3 == 1);
CHECK(IOMMU_VTD_INV_FLAGS_LEAF == 1);
CHECK(IOMMU_PGFAULT_FLAGS_PASID_VALID == 1 << 0);
CHECK(IOMMU_PGFAULT_FLAGS_LAST_PAGE == 1 << 1);
CHECK(IOMMU_PGFAULT_PERM_READ == 1 << 0);
CHECK(IOMMU_PGFAULT_PERM_WRITE == 1 << 1);
CHECK(IOMMU_PGFAULT_PERM_EXEC == 1 << 2);
CHECK(IOMMU_PGFAULT_PERM_PRIV == 1 << 3);
CHECK(IOMMUFD_PAGE_RESP_SUCCESS == 0);
CHECK(IOMMUFD_PAGE_RESP_INVALID == 1);
CHECK(IOMMU_VIOMMU_TYPE_DEFAULT == 0);
CHECK(IOMMU_VIOMMU_TYPE_ARM_SMMUV3 == 1);
CHECK(IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV == 2);
CHECK(IOMMU_VEVENTQ_FLAG_LOST_EVENTS == 1U << 0);
CHECK(IOMMU_VEVENTQ_TYPE_DEFAULT == 0);
CHECK(IOMMU_VEVENTQ_TYPE_ARM_SMMUV3 == 1);
CHECK(IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV == 2);
CHECK(IOMMU_HW_QUEUE_TYPE_DEFAULT == 0);
CHECK(IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV == 1);

/* (f) selftest: struct iommu_test_cmd */
SIZE(iommu_test_cmd, 72);
MIN(iommu_test_cmd, last, 68);
OFF(iommu_test_cmd, size, 0);
OFF(iommu_test_cmd, op, 4);
OFF(iommu_test_cmd, id, 8);
OFF(iommu_test_cmd, __reserved, 12);
OFF(iommu_test_cmd, add_reserved, 16);
OFF(iommu_test_cmd, last, 64);
FSIZE(iommu_test_cmd, dirty, 48);
OFF(iommu_test_cmd, add_reserved.start, 16);
OFF(iommu_test_cmd, add_reserved.length, 24);
OFF(iommu_test_cmd, mock_domain.out_stdev_id, 16);
OFF(iommu_test_cmd, mock_domain.out_hwpt_id, 20);
OFF(iommu_test_cmd, mock_domain.out_idev_id, 24);
OFF(iommu_test_cmd, mock_domain_flags.out_stdev_id, 16);
OFF(iommu_test_cmd, mock_domain_flags.out_hwpt_id, 20);
OFF(iommu_test_cmd, mock_domain_flags.out_idev_id, 24);
OFF(iommu_test_cmd, mock_domain_flags.dev_flags, 28);
OFF(iommu_test_cmd, mock_domain_replace.pt_id, 16);
OFF(iommu_test_cmd, check_map.iova, 16);
OFF(iommu_test_cmd, check_map.length, 24);
OFF(iommu_test_cmd, check_map.uptr, 32);
OFF(iommu_test_cmd, check_refs.length, 16);
OFF(iommu_test_cmd, check_refs.uptr, 24);
OFF(iommu_test_cmd, check_refs.refs, 32);
OFF(iommu_test_cmd, create_access.out_access_fd, 16);
OFF(iommu_test_cmd, create_access.flags, 20);
OFF(iommu_test_cmd, destroy_access_pages.access_pages_id, 16);
OFF(iommu_test_cmd, access_pages.flags, 16);
OFF(iommu_test_cmd, access_pages.out_access_pages_id, 20);
OFF(iommu_test_cmd, access_pages.iova, 24);
OFF(iommu_test_cmd, access_pages.length, 32);
OFF(iommu_test_cmd, access_pages.uptr, 40);
OFF(iommu_test_cmd, access_rw.iova, 16);
OFF(iommu_test_cmd, access_rw.length, 24);
OFF(iommu_test_cmd, access_rw.uptr, 32);
OFF(iommu_test_cmd, access_rw.flags, 40);
OFF(iommu_test_cmd, memory_limit.limit, 16);
OFF(iommu_test_cmd, access_replace_ioas.ioas_id, 16);
OFF(iommu_test_cmd, dirty.flags, 16);
OFF(iommu_test_cmd, dirty.iova, 24);
OFF(iommu_test_cmd, dirty.length, 32);
OFF(iommu_test_cmd, dirty.page_size, 40);
OFF(iommu_test_cmd, dirty.uptr, 48);
OFF(iommu_test_cmd, dirty.out_nr_dirty, 56);
OFF(iommu_test_cmd, check_iotlb.id, 16);
OFF(iommu_test_cmd, check_iotlb.iotlb, 20);
OFF(iommu_test_cmd, trigger_iopf.dev_id, 16);
OFF(iommu_test_cmd, trigger_iopf.pasid, 20);
OFF(iommu_test_cmd, trigger_iopf.grpid, 24);
OFF(iommu_test_cmd, trigger_iopf.perm, 28);
OFF(iommu_test_cmd, trigger_iopf.addr, 32);
OFF(iommu_test_cmd, check_dev_cache.id, 16);
OFF(iommu_test_cmd, check_dev_cache.cache, 20);
OFF(iommu_test_cmd, trigger_vevent.dev_id, 16);
OFF(iommu_test_cmd, pasid_attach.pasid, 16);
OFF(iommu_test_cmd, pasid_attach.pt_id, 20);
OFF(iommu_test_cmd, pasid_replace.pasid, 16);
OFF(iommu_test_cmd, pasid_replace.pt_id, 20);
OFF(iommu_test_cmd, pasid_detach.pasid, 16);
OFF(iommu_test_cmd, pasid_check.pasid, 16);
OFF(iommu_test_cmd, pasid_check.hwpt_id, 20);

/* (f) selftest op numbers */
CHECK(IOMMU_TEST_OP_ADD_RESERVED == 1);
CHECK(IOMMU_TEST_OP_MOCK_DOMAIN == 2);
CHECK(IOMMU_TEST_OP_MD_CHECK_MAP == 3);
CHECK(IOMMU_TEST_OP_MD_CHECK_REFS == 4);
CHECK(IOMMU_TEST_OP_CREATE_ACCESS == 5);
CHECK(IOMMU_TEST_OP_DESTROY_ACCESS_PAGES == 6);
CHECK(IOMMU_TEST_OP_ACCESS_PAGES == 7);
CHECK(IOMMU_TEST_OP_ACCESS_RW == 8);
CHECK(IOMMU_TEST_OP_SET_TEMP_MEMORY_LIMIT == 9);
CHECK(IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE == 10);
CHECK(IOMMU_TEST_OP_ACCESS_REPLACE_IOAS == 11);
CHECK(IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS == 12);
CHECK(IOMMU_TEST_OP_DIRTY == 13);
CHECK(IOMMU_TEST_OP_MD_CHECK_IOTLB == 14);
CHECK(IOMMU_TEST_OP_TRIGGER_IOPF == 15);
CHECK(IOMMU_TEST_OP_DEV_CHECK_CACHE == 16);
CHECK(IOMMU_TEST_OP_TRIGGER_VEVENT == 17);
CHECK(IOMMU_TEST_OP_PASID_ATTACH == 18);
CHECK(IOMMU_TEST_OP_PASID_REPLACE == 19);
CHECK(IOMMU_TEST_OP_PASID_DETACH == 20);
CHECK(IOMMU_TEST_OP_PASID_CHECK_HWPT == 21);

/* (f) selftest constants */
CHECK(MOCK_APERTURE_START == 1 << 24);
CHECK(MOCK_APERTURE_LAST == 0x7fffffff);
CHECK(MOCK_FLAGS_ACCESS_WRITE == 1);
CHECK(MOCK_FLAGS_ACCESS_SYZ == 1 << 16);
CHECK(MOCK_ACCESS_RW_WRITE == 1);
CHECK(MOCK_ACCESS_RW_SLOW_PATH == 1 << 2);
CHECK(MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES == 1);
CHECK(MOCK_FLAGS_DEVICE_NO_DIRTY == 1);
CHECK(MOCK_FLAGS_DEVICE_HUGE_IOVA == 2);
CHECK(MOCK_FLAGS_DEVICE_PASID == 4);
CHECK(MOCK_NESTED_DOMAIN_IOTLB_ID_MAX == 3);
CHECK(MOCK_NESTED_DOMAIN_IOTLB_NUM == 4);
CHECK(MOCK_DEV_CACHE_ID_MAX == 3);
CHECK(MOCK_DEV_CACHE_NUM == 4);
CHECK(IOMMU_TEST_PASID_RESERVED == 1024);
CHECK(MOCK_PASID_WIDTH == 20);
CHECK(IOMMU_HW_INFO_TYPE_SELFTEST == 0xfeedbeef);
CHECK(IOMMU_HW_INFO_SELFTEST_REGVAL == 0xdeadbeef);
CHECK(IOMMU_HWPT_DATA_SELFTEST == 0xdead);
CHECK(IOMMU_TEST_IOTLB_DEFAULT == 0xbadbeef);
CHECK(IOMMU_TEST_DEV_CACHE_DEFAULT == 0xbaddad);
CHECK(IOMMU_HWPT_INVALIDATE_DATA_SELFTEST == 0xdeadbeef);
CHECK(IOMMU_HWPT_INVALIDATE_DATA_SELFTEST_INVALID == 0xdadbeef);
CHECK(IOMMU_TEST_INVALIDATE_FLAG_ALL == 1);
CHECK(IOMMU_VIOMMU_TYPE_SELFTEST == 0xdeadbeef);
CHECK(IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST == 0xdeadbeef);
CHECK(IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST_INVALID == 0xdadbeef);
CHECK(IOMMU_VEVENTQ_TYPE_SELFTEST == 0xbeefbeef);
CHECK(IOMMU_HW_QUEUE_TYPE_SELFTEST == 0xdeadbeef);
CHECK(IOMMU_TEST_HW_QUEUE_MAX == 2);

/* (f) selftest data structs */
SIZE(iommu_test_hw_info, 8);
OFF(iommu_test_hw_info, flags, 0);
OFF(iommu_test_hw_info, test_reg, 4);

SIZE(iommu_hwpt_selftest, 8);
OFF(iommu_hwpt_selftest, iotlb, 0);
OFF(iommu_hwpt_selftest, pagetable_type, 4);

SIZE(iommu_hwpt_invalidate_selftest, 8);
OFF(iommu_hwpt_invalidate_selftest, flags, 0);
OFF(iommu_hwpt_invalidate_selftest, iotlb_id, 4);

SIZE(iommu_viommu_selftest, 24);
MIN(iommu_viommu_selftest, out_data, 8);
OFF(iommu_viommu_selftest, in_data, 0);
OFF(iommu_viommu_selftest, out_data, 4);
OFF(iommu_viommu_selftest, out_mmap_offset, 8);
OFF(iommu_viommu_selftest, out_mmap_length, 16);

SIZE(iommu_viommu_invalidate_selftest, 12);
OFF(iommu_viommu_invalidate_selftest, flags, 0);
OFF(iommu_viommu_invalidate_selftest, vdev_id, 4);
OFF(iommu_viommu_invalidate_selftest, cache_id, 8);

SIZE(iommu_viommu_event_selftest, 4);
OFF(iommu_viommu_event_selftest, virt_id, 0);

/* struct iommufd_sim_cmd (uapi/linux/iommufd_sim.h) */
SIZE(iommufd_sim_cmd, 72);
MIN(iommufd_sim_cmd, last, 68);
OFF(iommufd_sim_cmd, size, 0);
OFF(iommufd_sim_cmd, op, 4);
OFF(iommufd_sim_cmd, id, 8);
OFF(iommufd_sim_cmd, __reserved, 12);
OFF(iommufd_sim_cmd, __args, 16);
FSIZE(iommufd_sim_cmd, __args, 48);
OFF(iommufd_sim_cmd, device_alloc, 16);
OFF(iommufd_sim_cmd, last, 64);
OFF(iommufd_sim_cmd, device_alloc.model, 16);
OFF(iommufd_sim_cmd, device_alloc.stream_id, 20);
OFF(iommufd_sim_cmd, device_alloc.flags, 24);
OFF(iommufd_sim_cmd, device_alloc.out_stdev_id, 28);
OFF(iommufd_sim_cmd, device_alloc.out_hwpt_id, 32);
OFF(iommufd_sim_cmd, device_alloc.out_idev_id, 36);
SIZE(iommufd_sim_device_alloc, 24);
CHECK(IOMMUFD_SIM_OP_DEVICE_ALLOC == 1);
CHECK(IOMMUFD_SIM_OP_VIOMMU_COUNTERS == 2);
CHECK(IOMMUFD_SIM_OP_CMDQV_STEP == 3);
CHECK(IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE == 4);
CHECK(IOMMUFD_SIM_OP_CMDQV_TRACE == 5);

/* IOMMUFD_SIM_OP_CMDQV_STEP */
SIZE(iommufd_sim_cmdqv_step, 20);
OFF(iommufd_sim_cmdqv_step, flags, 0);
OFF(iommufd_sim_cmdqv_step, out_consumed, 4);
OFF(iommufd_sim_cmdqv_step, out_errors, 8);
OFF(iommufd_sim_cmdqv_step, out_events, 12);
OFF(iommufd_sim_cmdqv_step, out_more, 16);
OFF(iommufd_sim_cmd, cmdqv_step, 16);
OFF(iommufd_sim_cmd, cmdqv_step.out_more, 32);

/* IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE: 48 bytes, the whole argument area */
SIZE(iommufd_sim_cmdqv_queue_state, 48);
OFF(iommufd_sim_cmdqv_queue_state, out_base, 0);
FSIZE(iommufd_sim_cmdqv_queue_state, out_base, 8);
OFF(iommufd_sim_cmdqv_queue_state, out_index, 8);
OFF(iommufd_sim_cmdqv_queue_state, out_log2size, 12);
OFF(iommufd_sim_cmdqv_queue_state, out_cons, 16);
OFF(iommufd_sim_cmdqv_queue_state, out_gerror, 20);
OFF(iommufd_sim_cmdqv_queue_state, out_flags, 24);
OFF(iommufd_sim_cmdqv_queue_state, out_nr_tlbi_nh_asid, 28);
OFF(iommufd_sim_cmdqv_queue_state, out_nr_tlbi_nh_va, 32);
OFF(iommufd_sim_cmdqv_queue_state, out_nr_atc_inv, 36);
OFF(iommufd_sim_cmdqv_queue_state, out_nr_cmd_sync, 40);
OFF(iommufd_sim_cmdqv_queue_state, out_nr_errors, 44);
OFF(iommufd_sim_cmd, cmdqv_queue_state, 16);
OFF(iommufd_sim_cmd, cmdqv_queue_state.out_nr_errors, 60);
CHECK(IOMMUFD_SIM_CMDQV_Q_ENABLED == 1);
CHECK(IOMMUFD_SIM_CMDQV_Q_ERROR == 2);
CHECK(IOMMUFD_SIM_CMDQV_Q_ERR_MAP == 4);

/* IOMMUFD_SIM_OP_CMDQV_TRACE and its user array */
SIZE(iommufd_sim_cmdqv_trace, 24);
OFF(iommufd_sim_cmdqv_trace, uptr, 0);
FSIZE(iommufd_sim_cmdqv_trace, uptr, 8);
OFF(iommufd_sim_cmdqv_trace, entry_len, 8);
OFF(iommufd_sim_cmdqv_trace, entry_num, 12);
OFF(iommufd_sim_cmdqv_trace, out_total, 16);
FSIZE(iommufd_sim_cmdqv_trace, out_total, 8);
OFF(iommufd_sim_cmd, cmdqv_trace, 16);
OFF(iommufd_sim_cmd, cmdqv_trace.out_total, 32);
SIZE(iommufd_sim_cmdqv_trace_entry, 48);
OFF(iommufd_sim_cmdqv_trace_entry, seq, 0);
FSIZE(iommufd_sim_cmdqv_trace_entry, seq, 8);
OFF(iommufd_sim_cmdqv_trace_entry, cmd, 8);
FSIZE(iommufd_sim_cmdqv_trace_entry, cmd, 16);
OFF(iommufd_sim_cmdqv_trace_entry, exec, 24);
FSIZE(iommufd_sim_cmdqv_trace_entry, exec, 16);
OFF(iommufd_sim_cmdqv_trace_entry, lvcmdq, 40);
OFF(iommufd_sim_cmdqv_trace_entry, cerror, 44);
CHECK(IOMMUFD_SIM_CMDQV_TRACE_DEPTH == 64);
CHECK(IOMMUFD_SIM_MODEL_SELFTEST == 0);
CHECK(IOMMUFD_SIM_MODEL_TEGRA241 == 1);

/* VINTF page0 seen through mmap() (README.md, "The register page") */
CHECK(IOMMUFD_SIM_TEGRA241_VINTF_PAGE0_SIZE == 0x10000);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_STRIDE == 0x80);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS == 0x00);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD == 0x04);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG == 0x08);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS == 0x0c);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR == 0x10);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN == 0x14);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(1, 0x04) == 0x84);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(2, 0x14) == 0x114);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT == 24);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK == 0x7f000000U);
CHECK(IOMMUFD_SIM_TEGRA241_CERROR_ILL == 1);
CHECK(IOMMUFD_SIM_TEGRA241_CERROR_ABT == 2);
CHECK(IOMMUFD_SIM_TEGRA241_CERROR_ATC_INV_SYNC == 3);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN == 1);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED == 1);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR == 1);
CHECK(IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_INIT_ERR == 4);
CHECK(IOMMUFD_SIM_TEGRA241_Q_IDX(0x1f, 4) == 0xf);
CHECK(IOMMUFD_SIM_TEGRA241_Q_WRP(0x1f, 4) == 0x10);

/* SMMUv3 commands run by the engine (README.md, "The engine") */
CHECK(IOMMUFD_SIM_CMDQ_ENT_SIZE == 16);
CHECK(IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID == 0x11);
CHECK(IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA == 0x12);
CHECK(IOMMUFD_SIM_CMDQ_OP_ATC_INV == 0x40);
CHECK(IOMMUFD_SIM_CMDQ_OP_CMD_SYNC == 0x46);
CHECK(IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE == 0);
CHECK(IOMMUFD_SIM_CMDQ_SYNC_0_CS_IRQ == 1);
CHECK(IOMMUFD_SIM_CMDQ_SYNC_0_CS_SEV == 2);
CHECK(IOMMUFD_SIM_CMDQ_SYNC_0_CS_MASK == 0x3000ULL);
CHECK(IOMMUFD_SIM_CMDQ_SYNC_1_MSIADDR_MASK == 0x000ffffffffffffcULL);
CHECK(IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK == 0x0000ffff00000000ULL);
CHECK(IOMMUFD_SIM_CMDQ_TLBI_0_ASID_MASK == 0xffff000000000000ULL);
CHECK(IOMMUFD_SIM_CMDQ_ATC_0_SSID_MASK == 0x00000000fffff000ULL);
CHECK(IOMMUFD_SIM_CMDQ_ATC_0_SID_MASK == 0xffffffff00000000ULL);

/* Number of CHECK()s above; must stay the last use of __COUNTER__ */
enum { ABI_LAYOUT_CHECKS = __COUNTER__ };

int main(void)
{
	printf("abi_layout: %d assertions compiled\n", ABI_LAYOUT_CHECKS);
	return 0;
}
