// SPDX-License-Identifier: GPL-2.0-only
/*
 * IOMMU_IOAS_CHANGE_PROCESS: move the pinned-memory accounting of every
 * mapping of the context to the calling process, as upstream does for a
 * VMM that hands its iommufd to a new process (live update, QEMU's
 * cpr-transfer).
 *
 * In upstream's order:
 *   1. __reserved != 0                                  -> EOPNOTSUPP
 *   2. every IOAS of the context is held and locked, in id order, and no
 *      IOAS can appear while the call runs (ctx->ioas_creation_lock)
 *   3. any mapping that is not of a file (IOAS_MAP of user memory, in any
 *      IOAS) -> EINVAL: its pages could only be pinned through the old
 *      process's address space
 *   4. what is charged now is charged to the caller, per mode, at once:
 *      over its RLIMIT_MEMLOCK -> ENOMEM and nothing moved
 *   5. then uncharged from the old process, and the caller becomes the
 *      source of every mapping (what is pinned later is charged to it)
 *
 * An empty context succeeds.  Memory shared by several areas (IOAS_COPY)
 * is counted and moved once.  Pin state only changes under an IOAS lock of
 * the context, so with all of them held the charged amounts stay exact.
 */
#include <linux/rwsem.h>
#include <linux/xarray.h>

#include "io_pagetable.h"

/*
 * The next area of the IOASes in @list after @area (NULL: the first), in id
 * then IOVA order; *@index is the IOAS's id.
 */
static struct isim_area *isim_next_locked_area(struct xarray *list,
					       unsigned long *index,
					       struct isim_area *area)
{
	struct isim_ioas *ioas;

	if (area) {
		area = isim_iopt_area_next(area);
		if (area)
			return area;
		(*index)++;
	} else {
		*index = 0;
	}
	for (ioas = xa_find(list, index, ULONG_MAX, XA_PRESENT); ioas;
	     ioas = xa_find_after(list, index, ULONG_MAX, XA_PRESENT)) {
		area = isim_iopt_area_first(ioas);
		if (area)
			return area;
	}
	return NULL;
}

static void isim_unlock_all_ioas(struct isim_ctx *ctx, struct xarray *list)
{
	struct isim_ioas *ioas;
	unsigned long index;

	xa_for_each(list, index, ioas) {
		mutex_unlock(&ioas->lock);
		isim_obj_unhold(&ioas->obj);
	}
	up_write(&ctx->ioas_creation_lock);
	xa_destroy(list);
}

/*
 * Hold (so that DESTROY answers EBUSY) and lock every IOAS of @ctx, in id
 * order, recording each in @list.  The only place two IOAS locks nest;
 * ioas_creation_lock, held for writing, is their nest lock and keeps new
 * IOASes out of the table meanwhile.
 */
static int isim_lock_all_ioas(struct isim_ctx *ctx, struct xarray *list)
{
	struct isim_object *obj;
	struct isim_ioas *ioas;
	unsigned long index;
	int rc;

	down_write(&ctx->ioas_creation_lock);
	xa_lock(&ctx->objects);
	xa_for_each(&ctx->objects, index, obj) {
		if (obj->type != ISIM_OBJ_IOAS ||
		    !refcount_inc_not_zero(&obj->users))
			continue;
		xa_unlock(&ctx->objects);

		ioas = container_of(obj, struct isim_ioas, obj);
		mutex_lock_nest_lock(&ioas->lock, &ctx->ioas_creation_lock);
		rc = xa_err(xa_store(list, index, ioas, GFP_KERNEL_ACCOUNT));
		if (rc) {
			mutex_unlock(&ioas->lock);
			isim_obj_unhold(&ioas->obj);
			isim_unlock_all_ioas(ctx, list);
			return rc;
		}
		xa_lock(&ctx->objects);
	}
	xa_unlock(&ctx->objects);
	return 0;
}

/* Charge @npinned[mode] pages in each mode to current; all or nothing. */
static int isim_charge_current(const unsigned long *npinned,
			       unsigned int nmodes)
{
	unsigned int mode;
	int rc;

	for (mode = 0; mode < nmodes; mode++) {
		if (!npinned[mode])
			continue;
		rc = isim_account_current(mode, npinned[mode], true);
		if (rc)
			goto err_undo;
	}
	return 0;

err_undo:
	while (mode--)
		if (npinned[mode])
			isim_account_current(mode, npinned[mode], false);
	return rc;
}

int isim_ioas_change_process_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_change_process *cmd = ucmd->cmd;
	unsigned long npinned[ISIM_ACCOUNT_NONE + 1] = {};
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_pages *pages;
	struct isim_area *area;
	struct xarray list;
	unsigned long index;
	int rc;

	if (cmd->__reserved)
		return -EOPNOTSUPP;

	xa_init(&list);
	rc = isim_lock_all_ioas(ctx, &list);
	if (rc)
		return rc;

	for (area = isim_next_locked_area(&list, &index, NULL); area;
	     area = isim_next_locked_area(&list, &index, area)) {
		if (!area->pages->file) {
			rc = -EINVAL;
			goto out_unlock;
		}
	}

	/* Each pages once, however many areas share it. */
	for (area = isim_next_locked_area(&list, &index, NULL); area;
	     area = isim_next_locked_area(&list, &index, area)) {
		pages = area->pages;
		if (pages->moving)
			continue;
		pages->moving = true;
		if (isim_pages_charge_moves(pages))
			npinned[pages->account_mode] +=
				isim_pages_charged(pages);
	}

	rc = isim_charge_current(npinned, ARRAY_SIZE(npinned));
	if (rc) {
		for (area = isim_next_locked_area(&list, &index, NULL); area;
		     area = isim_next_locked_area(&list, &index, area))
			area->pages->moving = false;
		goto out_unlock;
	}

	for (area = isim_next_locked_area(&list, &index, NULL); area;
	     area = isim_next_locked_area(&list, &index, area)) {
		pages = area->pages;
		if (!pages->moving)
			continue;
		isim_pages_move_to_current(pages,
					   isim_pages_charge_moves(pages));
		pages->moving = false;
	}

out_unlock:
	isim_unlock_all_ioas(ctx, &list);
	return rc;
}
