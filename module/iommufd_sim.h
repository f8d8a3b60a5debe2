/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim: private definitions shared by the module's files.
 *
 * Locking rules
 * -------------
 * ctx->objects (xarray, its own spinlock "xa_lock"):
 *   - maps an object id to its struct isim_object.  A reserved id holds
 *     XA_ZERO_ENTRY until the creating ioctl succeeds; a tombstone is a
 *     XA_ZERO_ENTRY that stays until the fd is closed.
 *   - xa_lock is a spinlock: nothing under it sleeps, touches user memory
 *     or takes any other lock of this module.
 *   - Taking a long-term reference (isim_obj_hold()) and removing an object
 *     (IOMMU_DESTROY) both happen under xa_lock, so DESTROY either sees the
 *     reference (EBUSY) or the holder sees the object gone (ENOENT).
 *
 * isim_object.users (refcount_t): long-term references.  The object table
 *   owns one; every other object that depends on this one owns one more.
 *   DESTROY succeeds only when the table's is the last.
 *
 * isim_object.shortterm_users (refcount_t): the table's reference plus one
 *   per ioctl currently using the object.  After an object leaves the table
 *   its destroyer waits on ctx->destroy_wait until this drops to zero, so an
 *   object is never freed under a running ioctl.
 *
 * No lock of this module is held while user memory is accessed: ioctl
 * handlers copy arguments in before taking locks and copy replies out after
 * dropping them.
 */
#ifndef IOMMUFD_SIM_PRIV_H
#define IOMMUFD_SIM_PRIV_H

#include <linux/refcount.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/xarray.h>

#include "../uapi/linux/iommufd_sim.h"
#include "compat.h"

#define ISIM_NAME "iommufd_sim"

enum isim_obj_type {
	ISIM_OBJ_NONE,
	ISIM_OBJ_ANY,		/* lookups only: match every type */
	ISIM_OBJ_IOAS,
	ISIM_OBJ_HWPT_PAGING,
	ISIM_OBJ_DEVICE,	/* an idev: the dev_id of every other ioctl */
	ISIM_OBJ_SELFTEST,	/* an stdev: destroying it unplugs its device */
	ISIM_OBJ_MAX,
};

struct isim_object {
	refcount_t users;
	refcount_t shortterm_users;
	enum isim_obj_type type;
	u32 id;
};

/* One per open() of the device: an independent iommufd context. */
struct isim_ctx {
	struct xarray objects;
	wait_queue_head_t destroy_wait;
};

/* One ioctl in progress: the copied-in command and where it came from. */
struct isim_ucmd {
	struct isim_ctx *ctx;
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
	/* set by a handler that created an object; finalized or aborted */
	struct isim_object *new_obj;
};

/*
 * A page table attached to an IOAS (the domain of a HWPT_PAGING).  While an
 * IOAS has at least one, every mapping in it is pinned; the aperture limits
 * the IOVAs it reports and the smallest IO page size its alignment.
 */
struct isim_domain {
	struct list_head ioas_item;	/* in the IOAS, under its lock */
	u64 aperture_start;
	u64 aperture_last;
	unsigned long pgsize;		/* smallest IO page size, a power of 2 */
};

/*
 * An IO address space.  The fields after obj belong to io_pagetable.c and
 * are protected by ioas->lock (see there).
 */
struct isim_ioas {
	struct isim_object obj;
};

/* object.c */
struct isim_object *isim_obj_alloc(struct isim_ctx *ctx, size_t size,
				   enum isim_obj_type type);
void isim_obj_finalize(struct isim_ctx *ctx, struct isim_object *obj);
void isim_obj_abort(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_object *isim_obj_get(struct isim_ctx *ctx, u32 id,
				 enum isim_obj_type type);
void isim_obj_put(struct isim_ctx *ctx, struct isim_object *obj);
int isim_obj_hold(struct isim_ctx *ctx, struct isim_object *obj);
void isim_obj_hold_new(struct isim_object *obj);
void isim_obj_unhold(struct isim_object *obj);
int isim_obj_remove_kernel(struct isim_ctx *ctx, struct isim_object *obj);
void isim_ctx_init(struct isim_ctx *ctx);
void isim_ctx_destroy_all(struct isim_ctx *ctx);
int isim_destroy_ioctl(struct isim_ucmd *ucmd);

/* ioctl.c */
long isim_fops_ioctl(struct file *filp, unsigned int cmd, unsigned long arg);
int isim_ucmd_respond(struct isim_ucmd *ucmd, size_t cmd_len);

/* ioas.c, io_pagetable.c */
int isim_ioas_alloc_ioctl(struct isim_ucmd *ucmd);
void isim_ioas_destroy(struct isim_ctx *ctx, struct isim_object *obj);
struct isim_ioas *isim_ioas_get(struct isim_ctx *ctx, u32 id);
/*
 * Attach a domain: reserves everything outside its aperture, raises the
 * IOVA alignment to its page size and pins every existing mapping.  Fails
 * (with nothing changed) with EADDRINUSE when a mapping or an allowed range
 * lies outside the aperture or is misaligned, ENOMEM over RLIMIT_MEMLOCK,
 * EFAULT for memory that cannot be pinned.
 */
int isim_ioas_add_domain(struct isim_ioas *ioas, struct isim_domain *domain);
/* Detach; the last domain going unpins every mapping (they stay mapped). */
void isim_ioas_remove_domain(struct isim_ioas *ioas,
			     struct isim_domain *domain);
/* IOMMU_TEST_OP_ADD_RESERVED: EADDRINUSE over a mapping or allowed range */
int isim_ioas_add_reserved(struct isim_ioas *ioas, u64 start, u64 last);

/* main.c */
extern atomic_long_t isim_live_objects;

/* debugfs.c */
void isim_debugfs_init(void);
void isim_debugfs_exit(void);

#endif /* IOMMUFD_SIM_PRIV_H */
