// SPDX-License-Identifier: GPL-2.0-only
/*
 * HW queues (IOMMU_HW_QUEUE_ALLOC): guest memory holding a queue that the
 * vIOMMU's hardware reads by physical address, such as a Tegra241 LVCMDQ.
 *
 * The core part is the same for every vIOMMU type: it checks the request
 * in upstream's order, pins the queue memory through the nesting parent's
 * IOAS (which locks it against IOAS_UNMAP for the queue's lifetime),
 * insists that it is physically contiguous, and hands the index and host
 * physical address to the type's hw_queue_init_phys(), which applies the
 * type's own rules (viommu_selftest.c, tegra241_cmdqv.c).
 */
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/pfn.h>
#include <linux/slab.h>

#include "iommufd_sim.h"

/*
 * Pin [ALIGN_DOWN(iova), ALIGN(iova + length)) in the nesting parent's
 * IOAS and check that it is physically contiguous; on success hwq->pin is
 * set and *base_pa is the host address of @iova.  Upstream's steps and
 * errnos: the page count overflows (ERANGE), the page array cannot be
 * allocated (ENOMEM), the pin fails (EADDRINUSE, EPERM, ENOENT, EFAULT,
 * ENOMEM: see isim_ioas_pin_locked()), the pages are not contiguous (EFAULT,
 * with nothing left pinned).
 */
static int isim_hw_queue_pin(struct isim_hw_queue *hwq,
			     struct isim_viommu *viommu, u64 iova, u64 length,
			     phys_addr_t *base_pa)
{
	u64 offset = iova % PAGE_SIZE, span, npages, i;
	struct isim_ioas_pin *pin;
	struct page **pages;
	int rc = 0;

	if (check_add_overflow(offset, length, &span))
		return -ERANGE;
	if (check_add_overflow(span, (u64)PAGE_SIZE - 1, &span))
		return -ERANGE;
	npages = span >> PAGE_SHIFT;

	/* No OOM kill and no warning for a size that user space chose. */
	if (npages > SIZE_MAX / sizeof(*pages))
		return -ENOMEM;
	pages = kvcalloc(npages, sizeof(*pages),
			 GFP_KERNEL_ACCOUNT | __GFP_NOWARN | __GFP_RETRY_MAYFAIL);
	if (!pages)
		return -ENOMEM;

	pin = isim_ioas_pin_locked(viommu->parent->ioas, iova, length, pages);
	if (IS_ERR(pin)) {
		rc = PTR_ERR(pin);
		goto out_free;
	}
	for (i = 1; i < npages; i++) {
		if (page_to_pfn(pages[i]) != page_to_pfn(pages[i - 1]) + 1) {
			isim_ioas_unpin_locked(pin);
			rc = -EFAULT;
			goto out_free;
		}
	}
	*base_pa = PFN_PHYS(page_to_pfn(pages[0])) + offset;
	hwq->pin = pin;
out_free:
	kvfree(pages);
	return rc;
}

/*
 * IOMMU_HW_QUEUE_ALLOC, upstream's checks in order: flags or the DEFAULT
 * type (EOPNOTSUPP), length 0 (EINVAL), the last byte overflows
 * (EOVERFLOW), viommu_id (ENOENT), a vIOMMU type without HW queues or
 * without this queue type (EOPNOTSUPP); then the object exists (aborted on
 * any later failure), the memory is pinned (isim_hw_queue_pin()), the
 * queue holds the vIOMMU, and the type's init_phys decides about the index.
 */
int isim_hw_queue_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hw_queue_alloc *cmd = ucmd->cmd;
	const struct isim_viommu_ops *ops;
	struct isim_object *viommu_obj, *obj;
	struct isim_viommu *viommu;
	struct isim_hw_queue *hwq;
	phys_addr_t base_pa;
	u64 last;
	int rc;

	if (cmd->flags || cmd->type == IOMMU_HW_QUEUE_TYPE_DEFAULT)
		return -EOPNOTSUPP;
	if (!cmd->length)
		return -EINVAL;
	if (check_add_overflow(cmd->nesting_parent_iova, cmd->length - 1,
			       &last))
		return -EOVERFLOW;

	viommu_obj = isim_obj_get(ucmd->ctx, cmd->viommu_id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(viommu_obj))
		return PTR_ERR(viommu_obj);
	viommu = container_of(viommu_obj, struct isim_viommu, obj);

	ops = viommu->ops;
	if (!ops || !ops->hw_queue_supported || !ops->hw_queue_init_phys ||
	    !ops->hw_queue_supported(viommu, cmd->type)) {
		rc = -EOPNOTSUPP;
		goto out_put;
	}

	obj = isim_obj_alloc(ucmd->ctx, sizeof(*hwq), ISIM_OBJ_HW_QUEUE);
	if (IS_ERR(obj)) {
		rc = PTR_ERR(obj);
		goto out_put;
	}
	hwq = container_of(obj, struct isim_hw_queue, obj);
	/* From here on the dispatcher aborts it: isim_hw_queue_destroy(). */
	ucmd->new_obj = obj;

	/* Our short-term reference keeps the vIOMMU, parent and IOAS alive. */
	rc = isim_hw_queue_pin(hwq, viommu, cmd->nesting_parent_iova,
			       cmd->length, &base_pa);
	if (rc)
		goto out_put;

	/*
	 * ENOENT when a concurrent DESTROY took the vIOMMU: then nothing
	 * keeps the IOAS alive after this ioctl, so unpin now, not at abort.
	 */
	rc = isim_obj_hold(ucmd->ctx, &viommu->obj);
	if (rc) {
		isim_ioas_unpin_locked(hwq->pin);
		hwq->pin = NULL;
		goto out_put;
	}
	hwq->viommu = viommu;
	hwq->type = cmd->type;
	hwq->index = cmd->index;
	hwq->length = cmd->length;
	hwq->base_addr = cmd->nesting_parent_iova;
	hwq->base_pa = base_pa;

	rc = ops->hw_queue_init_phys(hwq, cmd->index, base_pa);
	if (rc)
		goto out_put;

	cmd->out_hw_queue_id = hwq->obj.id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
out_put:
	isim_obj_put(ucmd->ctx, viommu_obj);
	return rc;
}

/*
 * Upstream's order: the type's destroy (which may still use the queue),
 * then the pin, then the vIOMMU.  An aborted queue has only some set.
 */
void isim_hw_queue_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_hw_queue *hwq = container_of(obj, struct isim_hw_queue,
						 obj);

	if (hwq->destroy)
		hwq->destroy(hwq);
	/* A type that depends on queues undepends in its destroy. */
	WARN_ON(hwq->depends_on);
	if (hwq->pin)
		isim_ioas_unpin_locked(hwq->pin);
	if (hwq->viommu)
		isim_obj_unhold(&hwq->viommu->obj);
	kfree(hwq);
}

int isim_hw_queue_depend(struct isim_hw_queue *hwq,
			 struct isim_hw_queue *lower)
{
	if (WARN_ON(hwq == lower || hwq->depends_on ||
		    hwq->viommu != lower->viommu))
		return -EINVAL;
	/*
	 * @lower may be on its way out: removed from the table by DESTROY
	 * (or aborted) but not yet out of the type's slots.  Treat it as
	 * gone already.
	 */
	if (isim_obj_hold(hwq->viommu->ctx, &lower->obj))
		return -EIO;
	hwq->depends_on = lower;
	return 0;
}

void isim_hw_queue_undepend(struct isim_hw_queue *hwq)
{
	if (!hwq->depends_on)
		return;
	isim_obj_unhold(&hwq->depends_on->obj);
	hwq->depends_on = NULL;
}
