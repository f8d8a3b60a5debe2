// SPDX-License-Identifier: GPL-2.0-only
/*
 * The ioctl dispatcher: one table of (command, kernel struct size, minimum
 * size, handler) and upstream iommufd's common rules, in upstream's order:
 *
 *   1. a number outside the table: VFIO compatibility (vfio_compat.c),
 *      ENOTTY unless it is one of VFIO's container ioctls; a hole in it
 *      -> ENOTTY
 *   2. the leading u32 size unreadable             -> EFAULT
 *   3. the full command value differs (dir/size)   -> ENOTTY
 *   4. size below the command's minimum            -> EINVAL
 *   5. copy_struct_from_user(): short structs are zero-extended, bytes past
 *      the kernel struct must be zero (E2BIG), a fault gives EFAULT
 *   6. the handler; an object it created becomes visible only on success
 *   7. replies copy min(user size, kernel size) bytes back
 */
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

/* Every command struct, so one stack buffer fits any of them. */
union isim_ucmd_buffer {
	struct iommu_destroy destroy;
	struct iommu_ioas_alloc ioas_alloc;
	struct iommu_hwpt_alloc hwpt_alloc;
	struct iommu_hw_info hw_info;
	struct iommu_test_cmd test_cmd;
	struct iommufd_sim_cmd sim_cmd;
	struct iommu_ioas_allow_iovas allow_iovas;
	struct iommu_ioas_copy ioas_copy;
	struct iommu_ioas_iova_ranges iova_ranges;
	struct iommu_ioas_map ioas_map;
	struct iommu_ioas_map_file ioas_map_file;
	struct iommu_ioas_unmap ioas_unmap;
	struct iommu_option option;
	struct iommu_hw_queue_alloc hw_queue_alloc;
	struct iommu_veventq_alloc veventq_alloc;
	struct iommu_viommu_alloc viommu_alloc;
	struct iommu_vdevice_alloc vdevice_alloc;
	struct iommu_hwpt_invalidate hwpt_invalidate;
	struct iommu_ioas_change_process change_process;
	struct iommu_vfio_ioas vfio_ioas;
	struct iommu_fault_alloc fault_alloc;
	struct iommu_hwpt_set_dirty_tracking set_dirty_tracking;
	struct iommu_hwpt_get_dirty_bitmap get_dirty_bitmap;
};

struct isim_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	unsigned int ioctl_num;
	int (*execute)(struct isim_ucmd *ucmd);
};

/*
 * _ioctl is the full value the caller must pass, and the only place its
 * number comes from: a row cannot answer for another command.
 */
#define ISIM_IOCTL_OP(_ioctl, _fn, _struct, _last)                            \
	{                                                                     \
		.size = sizeof(_struct) +                                     \
			BUILD_BUG_ON_ZERO(sizeof(union isim_ucmd_buffer) <    \
					  sizeof(_struct)),                   \
		.min_size = offsetofend(_struct, _last),                      \
		.ioctl_num = _ioctl,                                          \
		.execute = _fn,                                               \
	}

/* Sorted by command number; IOMMUFD_SIM_CMD has the highest */
static const struct isim_ioctl_op isim_ioctl_ops[] = {
	ISIM_IOCTL_OP(IOMMU_DESTROY, isim_destroy_ioctl,
		      struct iommu_destroy, id),
	ISIM_IOCTL_OP(IOMMU_IOAS_ALLOC, isim_ioas_alloc_ioctl,
		      struct iommu_ioas_alloc, out_ioas_id),
	ISIM_IOCTL_OP(IOMMU_IOAS_ALLOW_IOVAS, isim_ioas_allow_iovas_ioctl,
		      struct iommu_ioas_allow_iovas, allowed_iovas),
	ISIM_IOCTL_OP(IOMMU_IOAS_COPY, isim_ioas_copy_ioctl,
		      struct iommu_ioas_copy, src_iova),
	ISIM_IOCTL_OP(IOMMU_IOAS_IOVA_RANGES, isim_ioas_iova_ranges_ioctl,
		      struct iommu_ioas_iova_ranges, out_iova_alignment),
	ISIM_IOCTL_OP(IOMMU_IOAS_MAP, isim_ioas_map_ioctl,
		      struct iommu_ioas_map, iova),
	ISIM_IOCTL_OP(IOMMU_IOAS_UNMAP, isim_ioas_unmap_ioctl,
		      struct iommu_ioas_unmap, length),
	ISIM_IOCTL_OP(IOMMU_OPTION, isim_option_ioctl,
		      struct iommu_option, val64),
	ISIM_IOCTL_OP(IOMMU_VFIO_IOAS, isim_vfio_ioas_ioctl,
		      struct iommu_vfio_ioas, __reserved),
	ISIM_IOCTL_OP(IOMMU_HWPT_ALLOC, isim_hwpt_alloc_ioctl,
		      struct iommu_hwpt_alloc, __reserved),
	ISIM_IOCTL_OP(IOMMU_HWPT_SET_DIRTY_TRACKING,
		      isim_hwpt_set_dirty_tracking_ioctl,
		      struct iommu_hwpt_set_dirty_tracking, __reserved),
	ISIM_IOCTL_OP(IOMMU_HWPT_GET_DIRTY_BITMAP,
		      isim_hwpt_get_dirty_bitmap_ioctl,
		      struct iommu_hwpt_get_dirty_bitmap, data),
	ISIM_IOCTL_OP(IOMMU_GET_HW_INFO, isim_get_hw_info_ioctl,
		      struct iommu_hw_info, __reserved),
	ISIM_IOCTL_OP(IOMMU_HWPT_INVALIDATE, isim_hwpt_invalidate_ioctl,
		      struct iommu_hwpt_invalidate, __reserved),
	ISIM_IOCTL_OP(IOMMU_IOAS_MAP_FILE, isim_ioas_map_file_ioctl,
		      struct iommu_ioas_map_file, iova),
	ISIM_IOCTL_OP(IOMMU_VIOMMU_ALLOC, isim_viommu_alloc_ioctl,
		      struct iommu_viommu_alloc, out_viommu_id),
	ISIM_IOCTL_OP(IOMMU_VDEVICE_ALLOC, isim_vdevice_alloc_ioctl,
		      struct iommu_vdevice_alloc, virt_id),
	ISIM_IOCTL_OP(IOMMU_FAULT_QUEUE_ALLOC, isim_fault_alloc_ioctl,
		      struct iommu_fault_alloc, out_fault_fd),
	ISIM_IOCTL_OP(IOMMU_IOAS_CHANGE_PROCESS,
		      isim_ioas_change_process_ioctl,
		      struct iommu_ioas_change_process, __reserved),
	ISIM_IOCTL_OP(IOMMU_VEVENTQ_ALLOC, isim_veventq_alloc_ioctl,
		      struct iommu_veventq_alloc, out_veventq_fd),
	ISIM_IOCTL_OP(IOMMU_HW_QUEUE_ALLOC, isim_hw_queue_alloc_ioctl,
		      struct iommu_hw_queue_alloc, length),
	ISIM_IOCTL_OP(IOMMU_TEST_CMD, isim_test_cmd_ioctl,
		      struct iommu_test_cmd, last),
	ISIM_IOCTL_OP(IOMMUFD_SIM_CMD, isim_sim_cmd_ioctl,
		      struct iommufd_sim_cmd, last),
};

/* The row of command number @nr, NULL for a hole in the numbers */
static const struct isim_ioctl_op *isim_ioctl_find(unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(isim_ioctl_ops); i++)
		if (_IOC_NR(isim_ioctl_ops[i].ioctl_num) == nr)
			return &isim_ioctl_ops[i];
	return NULL;
}

long isim_fops_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct isim_ucmd ucmd = {
		.ctx = filp->private_data,
		.ubuffer = (void __user *)arg,
	};
	const struct isim_ioctl_op *op;
	union isim_ucmd_buffer buf;
	unsigned int nr;
	int rc;

	/*
	 * As upstream, every number from IOMMUFD_CMD_BASE up to the last
	 * command reads the size field before a hole answers ENOTTY; the
	 * numbers outside are VFIO's container ioctls (vfio_compat.c).
	 */
	nr = _IOC_NR(cmd);
	if (nr < IOMMUFD_CMD_BASE ||
	    nr > _IOC_NR(IOMMUFD_SIM_CMD))
		return isim_vfio_ioctl(ucmd.ctx, cmd, arg);

	rc = get_user(ucmd.user_size, (u32 __user *)ucmd.ubuffer);
	if (rc)
		return rc;

	op = isim_ioctl_find(nr);
	if (!op || op->ioctl_num != cmd)
		return -ENOTTY;
	if (ucmd.user_size < op->min_size)
		return -EINVAL;

	ucmd.cmd = &buf;
	rc = copy_struct_from_user(ucmd.cmd, op->size, ucmd.ubuffer,
				   ucmd.user_size);
	if (rc)
		return rc;

	rc = op->execute(&ucmd);
	if (ucmd.new_obj) {
		if (rc)
			isim_obj_abort(ucmd.ctx, ucmd.new_obj);
		else
			isim_obj_finalize(ucmd.ctx, ucmd.new_obj);
	}
	return rc;
}
