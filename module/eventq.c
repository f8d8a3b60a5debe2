// SPDX-License-Identifier: GPL-2.0-only
/*
 * vEVENTQs: IOMMU_VEVENTQ_ALLOC, the queue's fd and event reporting
 * (docs/object-model.md, 'vIOMMU family').
 *
 * A vEVENTQ belongs to one vIOMMU (which it holds), at most one per
 * (vIOMMU, type).  Its fd holds the queue object and the iommufd file, so
 * IOMMU_DESTROY of the queue answers EBUSY and the context outlives a close
 * of the iommufd fd while the queue's fd is open.
 *
 * Events are queued in order with a sequence number from 0 to INT_MAX that
 * wraps to 0.  A full queue (depth events waiting) drops the new event and
 * queues the queue's one LOST_EVENTS header at the tail instead; the
 * dropped event still uses up a sequence number, because the header is
 * re-queued with a fresh one each time, and the next event that fits
 * removes the header again, so user space then sees only the gap.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "iommufd_sim.h"

/*
 * Upstream's bound on veventq_depth (1 << 19, "fits all existing HWs");
 * QEMU asks for exactly this much, so the bound itself must be accepted.
 */
#define ISIM_VEVENTQ_MAX_DEPTH BIT(19)

/* A queued event; data_len bytes of payload follow the struct. */
struct isim_vevent {
	struct list_head node;		/* in veventq->deliver */
	struct iommufd_vevent_header hdr;
	u32 data_len;
};

struct isim_veventq {
	struct isim_object obj;
	struct isim_ctx *ctx;
	struct isim_viommu *viommu;	/* held; NULL until linked */
	struct list_head viommu_item;	/* in viommu->veventqs, its rwsem */
	u32 type;
	u32 depth;
	wait_queue_head_t wait;		/* poll() */
	spinlock_t lock;		/* everything below; see the top */
	struct list_head deliver;	/* struct isim_vevent, oldest first */
	u32 num_events;			/* real events queued or being read */
	u32 sequence;			/* of the next event queued */
	struct isim_vevent lost;	/* the LOST_EVENTS header, no data */
};

static void *isim_vevent_data(struct isim_vevent *ev)
{
	return ev + 1;
}

/*
 * Append @ev (possibly the lost header itself) with the next sequence
 * number.  The lost header only ever waits at the tail: anything queued
 * after it takes its place.
 */
static void isim_veventq_queue(struct isim_veventq *q, struct isim_vevent *ev)
{
	lockdep_assert_held(&q->lock);

	if (ev == &q->lost || list_is_last(&q->lost.node, &q->deliver))
		list_del_init(&q->lost.node);
	list_add_tail(&ev->node, &q->deliver);
	ev->hdr.sequence = q->sequence;
	q->sequence = (q->sequence + 1) & INT_MAX;
}

/*
 * Callers sleep (an ioctl, the engine's thread), so the event is allocated
 * with GFP_KERNEL before the queue's spinlock is taken, rather than with
 * GFP_ATOMIC under it as upstream, where interrupt handlers report events.
 * veventqs_rwsem, held for reading throughout, keeps the queue alive.
 */
int isim_viommu_report_event(struct isim_viommu *viommu, u32 type,
			     const void *data, size_t len)
{
	struct isim_vevent *ev = NULL, *drop = NULL;
	struct isim_veventq *q, *found = NULL;
	int rc = 0;

	if (WARN_ON(!len || !data || len > U32_MAX - sizeof(*ev)))
		return -EINVAL;
	might_sleep();

	down_read(&viommu->veventqs_rwsem);
	list_for_each_entry(q, &viommu->veventqs, viommu_item) {
		if (q->type == type) {
			found = q;
			break;
		}
	}
	if (!found) {
		rc = -EOPNOTSUPP;
		goto out_unlock;
	}
	q = found;

	ev = kmalloc(sizeof(*ev) + len, GFP_KERNEL_ACCOUNT);
	if (ev) {
		ev->hdr.flags = 0;
		ev->data_len = len;
		memcpy(isim_vevent_data(ev), data, len);
	}

	spin_lock(&q->lock);
	if (!ev) {
		/* Reported as lost, as upstream does on allocation failure. */
		isim_veventq_queue(q, &q->lost);
		rc = -ENOMEM;
	} else if (q->num_events == q->depth) {
		isim_veventq_queue(q, &q->lost);
		drop = ev;
	} else {
		q->num_events++;
		isim_veventq_queue(q, ev);
	}
	spin_unlock(&q->lock);
	wake_up_interruptible(&q->wait);
	kfree(drop);

out_unlock:
	up_read(&viommu->veventqs_rwsem);
	return rc;
}

/*
 * Whole records only, never blocking: EINVAL for a count below a header or
 * when the first record does not fit, 0 when nothing is queued.  Each
 * record is taken off the queue under the lock and copied after dropping
 * it; a fault puts it back in front.
 */
static ssize_t isim_veventq_read(struct file *filp, char __user *buf,
				 size_t count, loff_t *ppos)
{
	struct isim_veventq *q = filp->private_data;
	struct iommufd_vevent_header hdr;
	struct isim_vevent *ev;
	size_t done = 0;
	bool lost;

	if (*ppos)
		return -ESPIPE;
	if (count < sizeof(hdr))
		return -EINVAL;

	while (true) {
		spin_lock(&q->lock);
		ev = list_first_entry_or_null(&q->deliver, struct isim_vevent,
					      node);
		if (!ev || sizeof(hdr) + ev->data_len > count - done) {
			spin_unlock(&q->lock);
			/* a count that cannot take even the first record */
			if (ev && !done)
				return -EINVAL;
			break;
		}
		list_del_init(&ev->node);
		/* the lost header may be re-queued once the lock is dropped */
		hdr = ev->hdr;
		lost = ev == &q->lost;
		spin_unlock(&q->lock);

		if (copy_to_user(buf + done, &hdr, sizeof(hdr)) ||
		    copy_to_user(buf + done + sizeof(hdr),
				 isim_vevent_data(ev), ev->data_len)) {
			spin_lock(&q->lock);
			if (!lost) {
				list_add(&ev->node, &q->deliver);
			} else if (list_empty(&q->lost.node)) {
				/* not re-queued meanwhile: restore it as read */
				q->lost.hdr = hdr;
				list_add(&q->lost.node, &q->deliver);
			}
			spin_unlock(&q->lock);
			/*
			 * Upstream counts a header whose payload faulted; a
			 * record here is either delivered whole or not at all.
			 */
			return done ? done : -EFAULT;
		}
		done += sizeof(hdr) + ev->data_len;
		if (!lost) {
			spin_lock(&q->lock);
			q->num_events--;
			spin_unlock(&q->lock);
			kfree(ev);
		}
	}
	return done;
}

static __poll_t isim_veventq_poll(struct file *filp,
				  struct poll_table_struct *wait)
{
	struct isim_veventq *q = filp->private_data;
	__poll_t mask = 0;

	poll_wait(filp, &q->wait, wait);
	spin_lock(&q->lock);
	if (!list_empty(&q->deliver))
		mask = EPOLLIN | EPOLLRDNORM;
	spin_unlock(&q->lock);
	return mask;
}

/*
 * Drops the file's references: the queue object first (which may then be
 * destroyed at once by a concurrent DESTROY, so it is not touched again),
 * then the iommufd file, which may tear the whole context down.
 */
static int isim_veventq_release(struct inode *inode, struct file *filp)
{
	struct isim_veventq *q = filp->private_data;
	struct file *ctx_file;

	/* NULL when VEVENTQ_ALLOC failed after creating the file */
	if (!q)
		return 0;
	ctx_file = q->ctx->file;
	isim_obj_unhold(&q->obj);
	fput(ctx_file);
	return 0;
}

/*
 * No .write: write(2) fails with EINVAL in the VFS.  No .llseek: lseek(2)
 * is ESPIPE.  .owner keeps the module loaded while the fd is open.
 */
static const struct file_operations isim_veventq_fops = {
	.owner = THIS_MODULE,
	.read = isim_veventq_read,
	.poll = isim_veventq_poll,
	.release = isim_veventq_release,
};

/*
 * Create the queue object and list it on @viommu, under veventqs_rwsem
 * from the EEXIST check on so that two racing ALLOCs cannot both pass it.
 * Once allocated, the object is the dispatcher's to abort on failure.
 */
static struct isim_veventq *isim_veventq_create(struct isim_ucmd *ucmd,
						struct isim_viommu *viommu,
						u32 type, u32 depth)
{
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_veventq *q;
	struct isim_object *obj;
	int rc;

	down_write(&viommu->veventqs_rwsem);
	list_for_each_entry(q, &viommu->veventqs, viommu_item) {
		if (q->type == type) {
			rc = -EEXIST;
			goto out_unlock;
		}
	}

	obj = isim_obj_alloc(ctx, sizeof(*q), ISIM_OBJ_VEVENTQ);
	if (IS_ERR(obj)) {
		rc = PTR_ERR(obj);
		goto out_unlock;
	}
	ucmd->new_obj = obj;
	q = container_of(obj, struct isim_veventq, obj);
	q->ctx = ctx;
	q->type = type;
	q->depth = depth;
	init_waitqueue_head(&q->wait);
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->deliver);
	INIT_LIST_HEAD(&q->lost.node);
	q->lost.hdr.flags = IOMMU_VEVENTQ_FLAG_LOST_EVENTS;

	/* ENOENT when a concurrent DESTROY took the vIOMMU away */
	rc = isim_obj_hold(ctx, &viommu->obj);
	if (rc)
		goto out_unlock;
	q->viommu = viommu;
	list_add_tail(&q->viommu_item, &viommu->veventqs);
	up_write(&viommu->veventqs_rwsem);
	return q;

out_unlock:
	up_write(&viommu->veventqs_rwsem);
	return ERR_PTR(rc);
}

int isim_veventq_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_veventq_alloc *cmd = ucmd->cmd;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_viommu *viommu;
	struct isim_veventq *q;
	struct isim_object *obj;
	struct file *filep;
	int fd, rc;

	if (cmd->flags || cmd->__reserved ||
	    cmd->type == IOMMU_VEVENTQ_TYPE_DEFAULT)
		return -EOPNOTSUPP;
	if (!cmd->veventq_depth || cmd->veventq_depth > ISIM_VEVENTQ_MAX_DEPTH)
		return -EINVAL;

	obj = isim_obj_get(ctx, cmd->viommu_id, ISIM_OBJ_VIOMMU);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	viommu = container_of(obj, struct isim_viommu, obj);

	q = isim_veventq_create(ucmd, viommu, cmd->type, cmd->veventq_depth);
	if (IS_ERR(q)) {
		rc = PTR_ERR(q);
		goto out_put;
	}

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		rc = fd;
		goto out_put;
	}
	filep = anon_inode_getfile("[iommufd-viommu-event]", &isim_veventq_fops,
				   q, O_RDWR);
	if (IS_ERR(filep)) {
		rc = PTR_ERR(filep);
		goto out_put_fd;
	}

	cmd->out_veventq_id = q->obj.id;
	cmd->out_veventq_fd = fd;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (rc)
		goto out_fput;

	/*
	 * The file's references, taken only now that nothing can fail: its
	 * release after a failure (deferred by fput() past the abort of the
	 * object) must find nothing to drop.
	 */
	isim_obj_hold_new(&q->obj);
	get_file(ctx->file);
	fd_install(fd, filep);
	isim_obj_put(ctx, &viommu->obj);
	return 0;

out_fput:
	filep->private_data = NULL;
	fput(filep);
out_put_fd:
	put_unused_fd(fd);
out_put:
	isim_obj_put(ctx, &viommu->obj);
	return rc;
}

/*
 * Destroy or abort: nothing else references the queue (its fd is closed),
 * so no reader or poller is left; unlisting it under the rwsem waits for a
 * report in progress.
 */
void isim_veventq_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_veventq *q = container_of(obj, struct isim_veventq, obj);
	struct isim_vevent *ev, *next;

	if (q->viommu) {
		down_write(&q->viommu->veventqs_rwsem);
		list_del(&q->viommu_item);
		up_write(&q->viommu->veventqs_rwsem);
		isim_obj_unhold(&q->viommu->obj);
	}
	list_for_each_entry_safe(ev, next, &q->deliver, node) {
		list_del(&ev->node);
		if (ev != &q->lost)
			kfree(ev);
	}
	kfree(q);
}
