// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fault queues: IOMMU_FAULT_QUEUE_ALLOC, the queue's fd, and the page
 * requests that IOMMU_TEST_OP_TRIGGER_IOPF raises (docs/object-model.md,
 * 'Fault queues').
 *
 * A HWPT allocated with IOMMU_HWPT_FAULT_ID_VALID holds its fault queue;
 * a device attached to such a HWPT reports its page requests there.  The
 * queue's fd holds the queue object and the iommufd file, as a vEVENTQ's
 * does.  read() hands out whole struct iommu_hwpt_pgfault records, each
 * with a cookie; write() takes struct iommu_hwpt_page_response answers,
 * one per cookie.  A request read but not answered waits in
 * fault->response; when its device leaves the HWPT (detach, replace,
 * unplug) at the RID or PASID the request came through, every request of
 * that attachment still waiting, read or not, is answered INVALID and
 * dropped, as upstream's automatic response (one per attach handle).
 *
 * The simulated IOMMU has no one to give the answer to: a response only
 * ends the request.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

struct isim_fault {
	struct isim_object obj;
	struct isim_ctx *ctx;
	wait_queue_head_t wait;		/* poll() */
	struct mutex mutex;		/* response; see iommufd_sim.h */
	struct xarray response;		/* cookie -> struct isim_iopf */
	spinlock_t lock;		/* deliver; see iommufd_sim.h */
	struct list_head deliver;	/* struct isim_iopf, oldest first */
};

/* One page request (upstream's iopf group of one fault) */
struct isim_iopf {
	struct list_head node;		/* in fault->deliver */
	/* identity only, never dereferenced: answered before it goes away */
	const struct isim_device *idev;
	u32 at_pasid;			/* the attachment it came through */
	struct iommu_hwpt_pgfault rec;	/* cookie set when read */
};

struct isim_fault *isim_fault_hold(struct isim_ctx *ctx, u32 id)
{
	struct isim_object *obj;
	int rc;

	obj = isim_obj_get(ctx, id, ISIM_OBJ_FAULT);
	if (IS_ERR(obj))
		return ERR_CAST(obj);
	rc = isim_obj_hold(ctx, obj);
	isim_obj_put(ctx, obj);
	if (rc)
		return ERR_PTR(rc);
	return container_of(obj, struct isim_fault, obj);
}

void isim_fault_unhold(struct isim_fault *fault)
{
	isim_obj_unhold(&fault->obj);
}

struct isim_fault *isim_pt_fault(struct isim_object *pt)
{
	if (!pt)
		return NULL;
	if (pt->type == ISIM_OBJ_HWPT_NESTED)
		return container_of(pt, struct isim_hwpt_nested, obj)->fault;
	return container_of(pt, struct isim_hwpt_paging, obj)->fault;
}

/*
 * Called with ctx->dev_lock held and @idev attached to a HWPT holding
 * @fault, so the queue cannot go away.  A request that cannot be
 * allocated is dropped, as upstream answers it with a failure.
 */
void isim_fault_report(struct isim_fault *fault, struct isim_device *idev,
		       u32 at_pasid, u32 dev_id, u32 flags, u32 pasid,
		       u32 grpid, u32 perm, u64 addr)
{
	struct isim_iopf *iopf;

	iopf = kzalloc(sizeof(*iopf), GFP_KERNEL_ACCOUNT);
	if (!iopf)
		return;
	iopf->idev = idev;
	iopf->at_pasid = at_pasid;
	iopf->rec.flags = flags;
	iopf->rec.dev_id = dev_id;
	iopf->rec.pasid = pasid;
	iopf->rec.grpid = grpid;
	iopf->rec.perm = perm;
	iopf->rec.addr = addr;

	spin_lock(&fault->lock);
	list_add_tail(&iopf->node, &fault->deliver);
	spin_unlock(&fault->lock);
	wake_up_interruptible(&fault->wait);
}

void isim_fault_auto_respond(struct isim_fault *fault,
			     struct isim_device *idev, u32 at_pasid)
{
	struct isim_iopf *iopf, *next;
	unsigned long index;
	LIST_HEAD(drop);

	mutex_lock(&fault->mutex);
	spin_lock(&fault->lock);
	list_for_each_entry_safe(iopf, next, &fault->deliver, node)
		if (iopf->idev == idev && iopf->at_pasid == at_pasid)
			list_move(&iopf->node, &drop);
	spin_unlock(&fault->lock);
	xa_for_each(&fault->response, index, iopf) {
		if (iopf->idev != idev || iopf->at_pasid != at_pasid)
			continue;
		xa_erase(&fault->response, index);
		kfree(iopf);
	}
	mutex_unlock(&fault->mutex);

	list_for_each_entry_safe(iopf, next, &drop, node)
		kfree(iopf);
}

/*
 * Upstream's rules: a non-zero file position or a count that is not a
 * multiple of the record is ESPIPE; a count too small for the first
 * waiting record EINVAL; nothing waiting 0 (never blocks).  Each record
 * read gets a cookie (from 1) under which it waits for its answer.
 */
static ssize_t isim_fault_read(struct file *filp, char __user *buf,
			       size_t count, loff_t *ppos)
{
	const size_t rec_size = sizeof(struct iommu_hwpt_pgfault);
	struct isim_fault *fault = filp->private_data;
	struct iommu_hwpt_pgfault rec;
	struct isim_iopf *iopf;
	size_t done = 0;
	int rc = 0;
	u32 cookie;

	if (*ppos || count % rec_size)
		return -ESPIPE;

	mutex_lock(&fault->mutex);
	while (true) {
		spin_lock(&fault->lock);
		iopf = list_first_entry_or_null(&fault->deliver,
						struct isim_iopf, node);
		if (iopf)
			list_del(&iopf->node);
		spin_unlock(&fault->lock);
		if (!iopf)
			break;
		if (done >= count || rec_size > count - done) {
			if (!done)
				rc = -EINVAL;
			goto restore;
		}
		rc = xa_alloc(&fault->response, &cookie, iopf, xa_limit_32b,
			      GFP_KERNEL_ACCOUNT);
		if (rc)
			goto restore;
		rec = iopf->rec;
		rec.cookie = cookie;
		rec.length = 0;
		if (copy_to_user(buf + done, &rec, rec_size)) {
			xa_erase(&fault->response, cookie);
			rc = -EFAULT;
			goto restore;
		}
		done += rec_size;
	}
	mutex_unlock(&fault->mutex);
	return done;

restore:
	spin_lock(&fault->lock);
	list_add(&iopf->node, &fault->deliver);
	spin_unlock(&fault->lock);
	mutex_unlock(&fault->mutex);
	return done ? done : rc;
}

/*
 * Answers, in upstream's order per record: unreadable EFAULT, a code other
 * than SUCCESS or INVALID EINVAL, an unknown cookie EINVAL.  Returns the
 * bytes of the answers taken before the first bad one.
 */
static ssize_t isim_fault_write(struct file *filp, const char __user *buf,
				size_t count, loff_t *ppos)
{
	const size_t resp_size = sizeof(struct iommu_hwpt_page_response);
	struct isim_fault *fault = filp->private_data;
	struct iommu_hwpt_page_response resp;
	struct isim_iopf *iopf;
	size_t done = 0;
	int rc = 0;

	if (*ppos || count % resp_size)
		return -ESPIPE;

	mutex_lock(&fault->mutex);
	while (done < count) {
		if (copy_from_user(&resp, buf + done, resp_size)) {
			rc = -EFAULT;
			break;
		}
		if (resp.code != IOMMUFD_PAGE_RESP_SUCCESS &&
		    resp.code != IOMMUFD_PAGE_RESP_INVALID) {
			rc = -EINVAL;
			break;
		}
		iopf = xa_erase(&fault->response, resp.cookie);
		if (!iopf) {
			rc = -EINVAL;
			break;
		}
		kfree(iopf);
		done += resp_size;
	}
	mutex_unlock(&fault->mutex);
	return done ? done : rc;
}

/* Always writable, as upstream; readable while a request waits */
static __poll_t isim_fault_poll(struct file *filp,
				struct poll_table_struct *wait)
{
	struct isim_fault *fault = filp->private_data;
	__poll_t mask = EPOLLOUT;

	poll_wait(filp, &fault->wait, wait);
	spin_lock(&fault->lock);
	if (!list_empty(&fault->deliver))
		mask |= EPOLLIN | EPOLLRDNORM;
	spin_unlock(&fault->lock);
	return mask;
}

/* As a vEVENTQ's: the queue object first, then the iommufd file. */
static int isim_fault_release(struct inode *inode, struct file *filp)
{
	struct isim_fault *fault = filp->private_data;
	struct file *ctx_file;

	if (!fault)
		return 0;
	ctx_file = fault->ctx->file;
	isim_obj_unhold(&fault->obj);
	fput(ctx_file);
	return 0;
}

/* .owner keeps the module loaded while the fd is open. */
static const struct file_operations isim_fault_fops = {
	.owner = THIS_MODULE,
	.read = isim_fault_read,
	.write = isim_fault_write,
	.poll = isim_fault_poll,
	.release = isim_fault_release,
};

int isim_fault_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_fault_alloc *cmd = ucmd->cmd;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_fault *fault;
	struct isim_object *obj;
	struct file *filep;
	int fd, rc;

	if (cmd->flags)
		return -EOPNOTSUPP;

	obj = isim_obj_alloc(ctx, sizeof(*fault), ISIM_OBJ_FAULT);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	/* from here on the dispatcher aborts the object if we fail */
	ucmd->new_obj = obj;
	fault = container_of(obj, struct isim_fault, obj);
	fault->ctx = ctx;
	init_waitqueue_head(&fault->wait);
	mutex_init(&fault->mutex);
	xa_init_flags(&fault->response, XA_FLAGS_ALLOC1);
	spin_lock_init(&fault->lock);
	INIT_LIST_HEAD(&fault->deliver);

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0)
		return fd;
	filep = anon_inode_getfile("[iommufd-pgfault]", &isim_fault_fops,
				   fault, O_RDWR);
	if (IS_ERR(filep)) {
		rc = PTR_ERR(filep);
		goto out_put_fd;
	}

	cmd->out_fault_id = obj->id;
	cmd->out_fault_fd = fd;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (rc)
		goto out_fput;

	/* the file's references, once nothing can fail (see eventq.c) */
	isim_obj_hold_new(obj);
	get_file(ctx->file);
	fd_install(fd, filep);
	return 0;

out_fput:
	filep->private_data = NULL;
	fput(filep);
out_put_fd:
	put_unused_fd(fd);
	return rc;
}

/* Nothing references the queue any more: its fd and HWPTs are gone. */
void isim_fault_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_fault *fault = container_of(obj, struct isim_fault, obj);
	struct isim_iopf *iopf, *next;
	unsigned long index;

	/* an abort may come before the lists were initialized */
	if (!fault->ctx)
		goto out_free;
	list_for_each_entry_safe(iopf, next, &fault->deliver, node) {
		list_del(&iopf->node);
		kfree(iopf);
	}
	xa_for_each(&fault->response, index, iopf)
		kfree(iopf);
	xa_destroy(&fault->response);
	mutex_destroy(&fault->mutex);
out_free:
	kfree(fault);
}
