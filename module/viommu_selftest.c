// SPDX-License-Identifier: GPL-2.0-only
/*
 * The selftest vIOMMU (IOMMU_VIOMMU_TYPE_SELFTEST) of the selftest IOMMU:
 * upstream's mock vIOMMU (docs/object-model.md, 'Models').
 *
 * - With driver data (struct iommu_viommu_selftest, at least up to
 *   out_data) it allocates two zeroed pages, writes in_data into the first
 *   u32, makes them mmap-able through the fd and reports out_data =
 *   in_data and the region's offset and length: a loopback for the mmap
 *   contract.  Without data there is no region.
 * - Nested HWPTs take IOMMU_HWPT_DATA_SELFTEST ({iotlb}) and keep four IOTLB
 *   entries loaded with it; IOMMU_HWPT_INVALIDATE_DATA_SELFTEST entries
 *   clear them.
 * - vIOMMU invalidation (IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST) clears the
 *   per-device caches of the devices its vDEVICEs name.
 * - HW queues of IOMMU_HW_QUEUE_TYPE_SELFTEST: indexes below
 *   IOMMU_TEST_HW_QUEUE_MAX (EINVAL), each once (EEXIST), upwards from 0
 *   (EIO); queue N holds queue N - 1.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/slab.h>

#include "iommufd_sim.h"

/* The type's state (viommu->driver) */
struct isim_selftest_viommu {
	struct page *pages;	/* order 1, NULL without driver data */
	u64 mmap_offset;
};

#define ISIM_SELFTEST_MMAP_ORDER 1
#define ISIM_SELFTEST_MMAP_LENGTH (PAGE_SIZE << ISIM_SELFTEST_MMAP_ORDER)

/* Upstream's mock_viommu_init */
static int isim_selftest_viommu_init(struct isim_viommu *viommu,
				     const struct isim_user_data *data)
{
	struct iommu_viommu_selftest udata;
	struct isim_selftest_viommu *st;
	int rc;

	st = kzalloc(sizeof(*st), GFP_KERNEL_ACCOUNT);
	if (!st)
		return -ENOMEM;

	if (data) {
		rc = isim_copy_struct_from_user_data(&udata, sizeof(udata),
						     data,
						     IOMMU_VIOMMU_TYPE_SELFTEST,
						     offsetofend(typeof(udata),
								 out_data));
		if (rc)
			goto err_free;

		st->pages = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO,
					ISIM_SELFTEST_MMAP_ORDER);
		if (!st->pages) {
			rc = -ENOMEM;
			goto err_free;
		}
		rc = isim_mmap_register(viommu->ctx, &viommu->obj,
					page_to_pfn(st->pages),
					ISIM_SELFTEST_MMAP_LENGTH, NULL, NULL,
					&st->mmap_offset);
		if (rc)
			goto err_free_pages;

		/* the loopback: the region and out_data both echo in_data */
		*(u32 *)page_address(st->pages) = udata.in_data;
		udata.out_data = udata.in_data;
		udata.out_mmap_offset = st->mmap_offset;
		udata.out_mmap_length = ISIM_SELFTEST_MMAP_LENGTH;
		rc = isim_copy_struct_to_user_data(data, &udata, sizeof(udata),
						   IOMMU_VIOMMU_TYPE_SELFTEST,
						   offsetofend(typeof(udata),
							       out_data));
		if (rc)
			goto err_unregister;
	}
	viommu->driver = st;
	return 0;

err_unregister:
	isim_mmap_unregister(viommu->ctx, st->mmap_offset);
err_free_pages:
	__free_pages(st->pages, ISIM_SELFTEST_MMAP_ORDER);
err_free:
	kfree(st);
	return rc;
}

/*
 * No VMA can map the region any more (each held the vIOMMU), so it is
 * unregistered and only then freed.
 */
static void isim_selftest_viommu_destroy(struct isim_viommu *viommu)
{
	struct isim_selftest_viommu *st = viommu->driver;

	if (st->pages) {
		isim_mmap_unregister(viommu->ctx, st->mmap_offset);
		__free_pages(st->pages, ISIM_SELFTEST_MMAP_ORDER);
	}
	kfree(st);
	viommu->driver = NULL;
}

/*
 * Upstream's __mock_domain_alloc_nested and the flag check both its
 * callers make: a selftest nested HWPT, on a vIOMMU or directly on a
 * nesting parent (the model's alloc_domain_nested).
 */
int isim_selftest_nested_init(struct isim_hwpt_nested *hwpt, u32 flags,
			      const struct isim_user_data *data)
{
	struct iommu_hwpt_selftest udata;
	int rc, i;

	if (flags & ~IOMMU_HWPT_ALLOC_PASID)
		return -EOPNOTSUPP;
	if (data->type != IOMMU_HWPT_DATA_SELFTEST)
		return -EOPNOTSUPP;
	rc = isim_copy_struct_from_user_data(&udata, sizeof(udata), data,
					     IOMMU_HWPT_DATA_SELFTEST,
					     offsetofend(typeof(udata), iotlb));
	if (rc)
		return rc;
	for (i = 0; i < MOCK_NESTED_DOMAIN_IOTLB_NUM; i++)
		hwpt->drv.iotlb[i] = udata.iotlb;
	return 0;
}

/* Upstream's mock_viommu_alloc_domain_nested */
static int isim_selftest_alloc_domain_nested(struct isim_viommu *viommu,
					     struct isim_hwpt_nested *hwpt,
					     u32 flags,
					     const struct isim_user_data *data)
{
	return isim_selftest_nested_init(hwpt, flags, data);
}

/*
 * Upstream's mock_domain_cache_invalidate_user: entry by entry, stopping at
 * the first bad one (a short entry or another type: EINVAL; unknown flags:
 * EOPNOTSUPP; iotlb_id above the maximum: EINVAL); entry_num reports how
 * many were handled.
 */
int isim_selftest_nested_invalidate(struct isim_hwpt_nested *hwpt,
				    struct isim_user_array *array)
{
	const size_t min_len = offsetofend(struct iommu_hwpt_invalidate_selftest,
					   iotlb_id);
	const u32 type = IOMMU_HWPT_INVALIDATE_DATA_SELFTEST;
	struct iommu_hwpt_invalidate_selftest inv;
	u32 done = 0, i;
	int rc = 0, j;

	if (array->type != type) {
		rc = -EINVAL;
		goto out;
	}
	for (i = 0; i < array->entry_num; i++) {
		rc = isim_copy_struct_from_user_array(&inv, sizeof(inv), array,
						      type, i, min_len);
		if (rc)
			break;
		if (inv.flags & ~IOMMU_TEST_INVALIDATE_FLAG_ALL) {
			rc = -EOPNOTSUPP;
			break;
		}
		if (inv.iotlb_id > MOCK_NESTED_DOMAIN_IOTLB_ID_MAX) {
			rc = -EINVAL;
			break;
		}
		if (inv.flags & IOMMU_TEST_INVALIDATE_FLAG_ALL) {
			for (j = 0; j < MOCK_NESTED_DOMAIN_IOTLB_NUM; j++)
				WRITE_ONCE(hwpt->drv.iotlb[j], 0);
		} else {
			j = array_index_nospec(inv.iotlb_id,
					       MOCK_NESTED_DOMAIN_IOTLB_NUM);
			WRITE_ONCE(hwpt->drv.iotlb[j], 0);
		}
		done++;
		cond_resched();
	}
out:
	array->entry_num = done;
	return rc;
}

/*
 * One entry of upstream's mock_viommu_cache_invalidate: unknown flags
 * EOPNOTSUPP, cache_id above the maximum or a virt_id without a vDEVICE
 * EINVAL; otherwise the cache of the device it names is cleared.  Under
 * viommu->lock, which keeps the vDEVICE, and so its idev, alive.
 */
static int isim_selftest_viommu_invalidate_one(struct isim_viommu *viommu,
					       void *entry)
{
	const struct iommu_viommu_invalidate_selftest *cmd = entry;
	struct isim_vdevice *vdev;
	unsigned int i;

	lockdep_assert_held(&viommu->lock);
	if (cmd->flags & ~IOMMU_TEST_INVALIDATE_FLAG_ALL)
		return -EOPNOTSUPP;
	if (cmd->cache_id > MOCK_DEV_CACHE_ID_MAX)
		return -EINVAL;
	vdev = xa_load(&viommu->vdevs, cmd->vdev_id);
	if (!vdev)
		return -EINVAL;
	if (cmd->flags & IOMMU_TEST_INVALIDATE_FLAG_ALL) {
		for (i = 0; i < MOCK_DEV_CACHE_NUM; i++)
			WRITE_ONCE(vdev->idev->cache[i], 0);
	} else {
		i = array_index_nospec(cmd->cache_id, MOCK_DEV_CACHE_NUM);
		WRITE_ONCE(vdev->idev->cache[i], 0);
	}
	return 0;
}

/*
 * Upstream's mock_viommu_cache_invalidate: an empty array of the right type
 * probes the type; otherwise isim_viommu_invalidate_each() with the entry
 * rules above.
 */
static int isim_selftest_viommu_invalidate(struct isim_viommu *viommu,
					   struct isim_user_array *array)
{
	const u32 type = IOMMU_VIOMMU_INVALIDATE_DATA_SELFTEST;

	if (!array->entry_num && array->type == type)
		return 0;
	return isim_viommu_invalidate_each(viommu, array, type,
					   sizeof(struct iommu_viommu_invalidate_selftest),
					   isim_selftest_viommu_invalidate_one);
}

/*
 * The selftest vIOMMU's queues, with upstream's mock rules.  Its slots are
 * viommu->hw_queues (index -> queue) under viommu->lock.
 */
static bool isim_selftest_hw_queue_supported(struct isim_viommu *viommu,
					     u32 type)
{
	return type == IOMMU_HW_QUEUE_TYPE_SELFTEST;
}

static void isim_selftest_hw_queue_destroy(struct isim_hw_queue *hwq)
{
	struct isim_viommu *viommu = hwq->viommu;

	mutex_lock(&viommu->lock);
	xa_erase(&viommu->hw_queues, hwq->index);
	isim_hw_queue_undepend(hwq);
	mutex_unlock(&viommu->lock);
}

/*
 * In the mock's order: an index past the last slot (EINVAL), a taken slot
 * (EEXIST), a slot whose predecessor is empty (EIO).  Queue N holds queue
 * N - 1, so queues go away from the highest index down.  The mock's check
 * of base_pa against the parent domain is left out: the core computed
 * base_pa from that very translation.
 */
static int isim_selftest_hw_queue_init_phys(struct isim_hw_queue *hwq,
					    u32 index, phys_addr_t base_pa)
{
	struct isim_viommu *viommu = hwq->viommu;
	struct isim_hw_queue *prev = NULL;
	int rc;

	if (index >= IOMMU_TEST_HW_QUEUE_MAX)
		return -EINVAL;
	index = array_index_nospec(index, IOMMU_TEST_HW_QUEUE_MAX);

	mutex_lock(&viommu->lock);
	if (xa_load(&viommu->hw_queues, index)) {
		rc = -EEXIST;
		goto out_unlock;
	}
	if (index) {
		prev = xa_load(&viommu->hw_queues, index - 1);
		if (!prev) {
			rc = -EIO;
			goto out_unlock;
		}
		rc = isim_hw_queue_depend(hwq, prev);
		if (rc)
			goto out_unlock;
	}
	rc = xa_insert(&viommu->hw_queues, index, hwq, GFP_KERNEL_ACCOUNT);
	if (rc) {
		isim_hw_queue_undepend(hwq);
		goto out_unlock;
	}
	hwq->destroy = isim_selftest_hw_queue_destroy;
out_unlock:
	mutex_unlock(&viommu->lock);
	return rc;
}

static const struct isim_viommu_ops isim_selftest_viommu_ops = {
	.destroy = isim_selftest_viommu_destroy,
	.alloc_domain_nested = isim_selftest_alloc_domain_nested,
	.cache_invalidate = isim_selftest_viommu_invalidate,
	.nested_cache_invalidate = isim_selftest_nested_invalidate,
	.hw_queue_supported = isim_selftest_hw_queue_supported,
	.hw_queue_init_phys = isim_selftest_hw_queue_init_phys,
};

const struct isim_viommu_type isim_selftest_viommu_type = {
	.type = IOMMU_VIOMMU_TYPE_SELFTEST,
	.init = isim_selftest_viommu_init,
	.ops = &isim_selftest_viommu_ops,
};
