// SPDX-License-Identifier: GPL-2.0-only
/*
 * Object ids, references, IOMMU_DESTROY and teardown of a context.
 *
 * Ids follow upstream iommufd: allocated from 1 to INT_MAX, lowest free id
 * first, reserved (invisible to lookups) while the creating ioctl runs.
 */
#include <linux/slab.h>
#include <linux/xarray.h>

#include "iommufd_sim.h"

typedef void (*isim_destroy_fn)(struct isim_ctx *ctx, struct isim_object *obj);

static const isim_destroy_fn isim_destroy_ops[ISIM_OBJ_MAX] = {
	[ISIM_OBJ_IOAS] = isim_ioas_destroy,
	[ISIM_OBJ_HWPT_PAGING] = isim_hwpt_paging_destroy,
	[ISIM_OBJ_DEVICE] = isim_device_destroy,
	[ISIM_OBJ_SELFTEST] = isim_stdev_destroy,
	[ISIM_OBJ_HW_QUEUE] = isim_hw_queue_destroy,
	[ISIM_OBJ_HWPT_NESTED] = isim_hwpt_nested_destroy,
	[ISIM_OBJ_VIOMMU] = isim_viommu_destroy,
	[ISIM_OBJ_VDEVICE] = isim_vdevice_destroy,
	[ISIM_OBJ_VEVENTQ] = isim_veventq_destroy,
	[ISIM_OBJ_ACCESS] = isim_access_destroy,
	[ISIM_OBJ_FAULT] = isim_fault_destroy,
};

void isim_ctx_init(struct isim_ctx *ctx)
{
	xa_init_flags(&ctx->objects, XA_FLAGS_ALLOC1 | XA_FLAGS_ACCOUNT);
	init_waitqueue_head(&ctx->destroy_wait);
	mutex_init(&ctx->dev_lock);
	init_rwsem(&ctx->ioas_creation_lock);
	INIT_LIST_HEAD(&ctx->devices);
	INIT_LIST_HEAD(&ctx->auto_hwpts);
	spin_lock_init(&ctx->mmap_regions_lock);
	INIT_LIST_HEAD(&ctx->mmap_regions);
}

/*
 * Allocate an object of @size bytes (struct isim_object first) and reserve
 * its id.  Lookups miss it until isim_obj_finalize().
 */
struct isim_object *isim_obj_alloc(struct isim_ctx *ctx, size_t size,
				   enum isim_obj_type type)
{
	struct isim_object *obj;
	int rc;

	obj = kzalloc(size, GFP_KERNEL_ACCOUNT);
	if (!obj)
		return ERR_PTR(-ENOMEM);
	obj->type = type;
	refcount_set(&obj->users, 1);
	refcount_set(&obj->shortterm_users, 1);

	rc = xa_alloc(&ctx->objects, &obj->id, XA_ZERO_ENTRY, xa_limit_31b,
		      GFP_KERNEL_ACCOUNT);
	if (rc) {
		kfree(obj);
		return ERR_PTR(rc);	/* -EBUSY when every id is taken */
	}
	atomic_long_inc(&isim_live_objects);
	return obj;
}

void isim_obj_finalize(struct isim_ctx *ctx, struct isim_object *obj)
{
	void *old;

	old = xa_store(&ctx->objects, obj->id, obj, GFP_KERNEL);
	/* The slot exists already, so replacing it cannot allocate or fail. */
	WARN_ON(old);
}

static void isim_obj_free(struct isim_ctx *ctx, struct isim_object *obj)
{
	isim_destroy_ops[obj->type](ctx, obj);
	atomic_long_dec(&isim_live_objects);
}

/* Undo isim_obj_alloc() after the creating ioctl failed. */
void isim_obj_abort(struct isim_ctx *ctx, struct isim_object *obj)
{
	xa_erase(&ctx->objects, obj->id);
	isim_obj_free(ctx, obj);
}

/*
 * Look up a finalized object for the duration of one ioctl.  Returns
 * ERR_PTR(-ENOENT) for a free, reserved or tombstoned id, and for an object
 * of another type.
 */
struct isim_object *isim_obj_get(struct isim_ctx *ctx, u32 id,
				 enum isim_obj_type type)
{
	struct isim_object *obj;

	xa_lock(&ctx->objects);
	obj = xa_load(&ctx->objects, id);
	if (!obj || (type != ISIM_OBJ_ANY && obj->type != type) ||
	    !refcount_inc_not_zero(&obj->shortterm_users))
		obj = ERR_PTR(-ENOENT);
	xa_unlock(&ctx->objects);
	return obj;
}

struct isim_object *isim_obj_get_next(struct isim_ctx *ctx,
				      unsigned long *index,
				      enum isim_obj_type type)
{
	struct isim_object *obj;

	/* xa_find() skips reserved ids and tombstones (XA_ZERO_ENTRY) */
	xa_lock(&ctx->objects);
	for (obj = xa_find(&ctx->objects, index, ULONG_MAX, XA_PRESENT); obj;
	     obj = xa_find_after(&ctx->objects, index, ULONG_MAX, XA_PRESENT)) {
		if ((type == ISIM_OBJ_ANY || obj->type == type) &&
		    refcount_inc_not_zero(&obj->shortterm_users))
			break;
	}
	xa_unlock(&ctx->objects);
	return obj;
}

void isim_obj_put(struct isim_ctx *ctx, struct isim_object *obj)
{
	if (refcount_dec_and_test(&obj->shortterm_users))
		wake_up_all(&ctx->destroy_wait);
}

/*
 * Take a long-term reference on an object the caller has from
 * isim_obj_get().  Fails with -ENOENT if a concurrent DESTROY removed it.
 */
int isim_obj_hold(struct isim_ctx *ctx, struct isim_object *obj)
{
	int rc = 0;

	xa_lock(&ctx->objects);
	if (xa_load(&ctx->objects, obj->id) == obj)
		refcount_inc(&obj->users);
	else
		rc = -ENOENT;
	xa_unlock(&ctx->objects);
	return rc;
}

/* Long-term reference on an object created by this ioctl, not yet visible. */
void isim_obj_hold_new(struct isim_object *obj)
{
	refcount_inc(&obj->users);
}

void isim_obj_unhold(struct isim_object *obj)
{
	/* Never the last reference: the table or a destroyer owns that one. */
	WARN_ON(refcount_dec_and_test(&obj->users));
}

/*
 * Drop the table's short-term reference of an object that has left the
 * table and wait for ioctls still using it, then destroy it.
 */
static void isim_obj_destroy_removed(struct isim_ctx *ctx,
				     struct isim_object *obj)
{
	if (!refcount_dec_and_test(&obj->shortterm_users))
		wait_event(ctx->destroy_wait,
			   refcount_read(&obj->shortterm_users) == 0);
	isim_obj_free(ctx, obj);
}

/* How isim_obj_remove() removes an object */
enum {
	ISIM_REMOVE_TOMBSTONE = 1 << 0,	/* the id stays taken until close */
	ISIM_REMOVE_HELD = 1 << 1,	/* drop the caller's users reference */
};

/*
 * Remove @id (which must be @expect, when given) if nothing but the table
 * references it: -ENOENT for a free, reserved or tombstoned id, -EBUSY while
 * another object holds it.  With ISIM_REMOVE_TOMBSTONE the id stays taken
 * (lookups and DESTROY answer ENOENT) until the fd is closed.  With
 * ISIM_REMOVE_HELD the caller's reference from isim_obj_hold() on @expect
 * is dropped under xa_lock first, whatever the outcome.
 */
static int isim_obj_remove(struct isim_ctx *ctx, u32 id,
			   struct isim_object *expect, unsigned int flags)
{
	struct isim_object *obj;
	void *old;

	xa_lock(&ctx->objects);
	if (flags & ISIM_REMOVE_HELD)
		/* the table still owns one, so never the last */
		WARN_ON(refcount_dec_and_test(&expect->users));
	obj = xa_load(&ctx->objects, id);
	if (!obj || (expect && obj != expect)) {
		xa_unlock(&ctx->objects);
		return -ENOENT;
	}
	if (!refcount_dec_if_one(&obj->users)) {
		xa_unlock(&ctx->objects);
		return -EBUSY;
	}
	if (flags & ISIM_REMOVE_TOMBSTONE) {
		/* The slot exists, so replacing its entry cannot allocate. */
		old = __xa_store(&ctx->objects, id, XA_ZERO_ENTRY, GFP_NOWAIT);
		WARN_ON(old != obj);
	} else {
		__xa_erase(&ctx->objects, id);
	}
	xa_unlock(&ctx->objects);

	isim_obj_destroy_removed(ctx, obj);
	return 0;
}

/*
 * The kernel destroys an object on its own (an auto domain losing its last
 * device, the idev of an unplugged device).  The caller must not hold a
 * short-term reference on @obj.
 */
int isim_obj_remove_kernel(struct isim_ctx *ctx, struct isim_object *obj)
{
	return isim_obj_remove(ctx, obj->id, obj, 0);
}

/*
 * As isim_obj_remove_kernel(), but the id becomes a tombstone
 * (docs/object-model.md, 'Tombstones': the vDEVICE of an unplugged device), and
 * the caller holds a users reference on @obj from isim_obj_hold(), which keeps
 * it from being freed by a concurrent DESTROY until now; it is dropped here.
 */
int isim_obj_tombstone_kernel(struct isim_ctx *ctx, struct isim_object *obj)
{
	return isim_obj_remove(ctx, obj->id, obj,
			       ISIM_REMOVE_TOMBSTONE | ISIM_REMOVE_HELD);
}

/*
 * Drop a long-term reference and destroy @obj if nothing else references it
 * any more (an auto domain losing its last device, the idev of an unplugged
 * device).  Both happen under xa_lock: dropping the reference first would
 * let a concurrent DESTROY free @obj before we look at it again.  The
 * caller must not hold a short-term reference on @obj.
 */
void isim_obj_unhold_and_try_remove(struct isim_ctx *ctx,
				    struct isim_object *obj)
{
	xa_lock(&ctx->objects);
	/* The table still owns a reference, so this is never the last. */
	WARN_ON(refcount_dec_and_test(&obj->users));
	if (!refcount_dec_if_one(&obj->users)) {
		xa_unlock(&ctx->objects);
		return;
	}
	__xa_erase(&ctx->objects, obj->id);
	xa_unlock(&ctx->objects);

	isim_obj_destroy_removed(ctx, obj);
}

int isim_destroy_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_destroy *cmd = ucmd->cmd;

	return isim_obj_remove(ucmd->ctx, cmd->id, NULL, 0);
}

/*
 * Close of the fd: destroy leaves first (objects nothing else references),
 * repeating until the table is empty.  No ioctl can run any more, so every
 * object left is only referenced by other objects.
 */
void isim_ctx_destroy_all(struct isim_ctx *ctx)
{
	struct isim_object *obj;
	unsigned long index;
	bool progress;

	do {
		progress = false;
		xa_for_each(&ctx->objects, index, obj) {
			if (!refcount_dec_if_one(&obj->users))
				continue;
			xa_erase(&ctx->objects, index);
			isim_obj_destroy_removed(ctx, obj);
			progress = true;
		}
	} while (progress);

	/* Anything left is a reference cycle: a bug, but do not free it. */
	xa_for_each(&ctx->objects, index, obj)
		WARN(1, ISIM_NAME ": object %lu (type %d) leaked at close\n",
		     index, obj->type);
	/* Drops the tombstones and reserved entries too. */
	xa_destroy(&ctx->objects);
	/* Every owner unregisters its regions when it is destroyed. */
	WARN_ON(!list_empty(&ctx->mmap_regions));
}
