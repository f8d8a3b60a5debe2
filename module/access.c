// SPDX-License-Identifier: GPL-2.0-only
/*
 * Access objects: upstream's struct iommufd_access (a driver reading and
 * writing an IOAS with the CPU instead of DMA, as an emulated or mediated
 * device does) together with the selftest's mock driver on top of it
 * (IOMMU_TEST_OP_CREATE_ACCESS and the ops on an access), so that the
 * tests of upstream's selftest that use accesses run here unchanged.
 *
 * An access is an object of the context with its own id, created attached
 * to an IOAS, which it holds.  User space names it by the fd
 * CREATE_ACCESS returns (anon inode "[iommufd_test_staccess]", O_CLOEXEC),
 * in cmd->id of every other access op; anything else there is EBADFD.  The
 * fd holds the object (IOMMU_DESTROY of its id is EBUSY) and the context's
 * file: closing the iommufd fd first tears nothing down until the access
 * fd is closed too.  Closing the access fd drops every pin the access has
 * and destroys it.
 *
 * With MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES the access may pin pages
 * (ACCESS_PAGES), and raises the IOAS's IOVA alignment to PAGE_SIZE while
 * attached.  Every pin is an item with an id (0, 1, ... per access) that
 * DESTROY_ACCESS_PAGES releases.  IOAS_UNMAP of pinned memory notifies
 * every access of the IOAS (isim_access_notify_unmap()); the mock then
 * releases the items that intersect the range, as upstream's does, and
 * the unmap goes ahead.  Pins are charged to RLIMIT_MEMLOCK and counted in
 * debugfs pinned_pages, as a domain's (pages.c pins a mapping's memory as
 * a whole: an access pinning one page of a mapping pins all of it).
 *
 * Locking (also at the top of iommufd_sim.h): access->lock (the mock's
 * items) is taken before access->ioas_lock (which IOAS the access is
 * attached to), which is taken before ioas->lock.  The unmap notification
 * runs with no IOAS lock held and takes access->lock; so does the mock
 * when it unpins, which is why changing the IOAS drops access->ioas_lock
 * around it, as upstream.  User memory given to an op is copied in before
 * and out after every lock but access->lock, which a page fault never
 * needs; the IOAS's memory is reached through pinned pages only.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "io_pagetable.h"

struct isim_access {
	struct isim_object obj;
	struct isim_ctx *ctx;
	bool needs_pin;		/* MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES */
	/* ioas_lock: ioas, ioas_unpin and list_id */
	struct mutex ioas_lock;
	/* held; NULL when detached, or while the IOAS is being replaced */
	struct isim_ioas *ioas;
	/* where the existing pins are: ioas but while being replaced */
	struct isim_ioas *ioas_unpin;
	u32 list_id;		/* index in ioas->accesses */
	/* lock: the mock's pins */
	struct mutex lock;
	struct list_head items;	/* struct isim_access_item */
	u32 next_id;
};

/* One ACCESS_PAGES pin of the mock */
struct isim_access_item {
	struct list_head node;
	unsigned long iova;
	unsigned long length;
	u32 id;
};

/*
 * Attach to @new_ioas (NULL: detach), as upstream's
 * iommufd_access_change_ioas(): the new IOAS first (held; EADDRINUSE when
 * a mapping misses the alignment the access needs), then the old one's
 * pins are dropped through the mock's unmap (with ioas_lock dropped, so
 * that new pins see no IOAS meanwhile) and the old one let go.
 */
static int isim_access_change_ioas(struct isim_access *access,
				   struct isim_ioas *new_ioas);

/* The mock's unmap callback: drop every pin intersecting the range */
static void isim_access_unmap(struct isim_access *access, unsigned long iova,
			      unsigned long length);

static int isim_access_change_ioas(struct isim_access *access,
				   struct isim_ioas *new_ioas)
{
	struct isim_ioas *cur = access->ioas;
	u32 old_id = access->list_id, new_id = 0;
	int rc;

	lockdep_assert_held(&access->ioas_lock);
	/* a concurrent replace is in its unmap */
	if (cur != access->ioas_unpin)
		return -EBUSY;
	if (cur == new_ioas)
		return 0;

	access->ioas = NULL;
	if (new_ioas) {
		/* ENOENT when a concurrent DESTROY took it away */
		rc = isim_obj_hold(access->ctx, &new_ioas->obj);
		if (rc)
			goto err_restore;
		rc = isim_iopt_add_access(new_ioas, access, access->needs_pin,
					  &new_id);
		if (rc) {
			isim_obj_unhold(&new_ioas->obj);
			goto err_restore;
		}
	}
	if (cur) {
		mutex_unlock(&access->ioas_lock);
		isim_access_unmap(access, 0, ULONG_MAX);
		mutex_lock(&access->ioas_lock);
		isim_iopt_remove_access(cur, old_id, access->needs_pin);
		isim_obj_unhold(&cur->obj);
	}
	access->ioas = new_ioas;
	access->ioas_unpin = new_ioas;
	access->list_id = new_id;
	return 0;

err_restore:
	access->ioas = cur;
	return rc;
}

/* The object's destroy op; also after a failed CREATE_ACCESS. */
void isim_access_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_access *access = container_of(obj, struct isim_access, obj);

	/* the fd's release dropped every pin before */
	WARN_ON(!list_empty(&access->items));
	mutex_lock(&access->ioas_lock);
	if (access->ioas)
		WARN_ON(isim_access_change_ioas(access, NULL));
	mutex_unlock(&access->ioas_lock);
	mutex_destroy(&access->lock);
	mutex_destroy(&access->ioas_lock);
	kfree(access);
}

static void isim_access_unpin(struct isim_access *access, unsigned long iova,
			      unsigned long length)
{
	mutex_lock(&access->ioas_lock);
	if (!WARN_ON(!access->ioas_unpin))
		isim_iopt_access_unpin(access->ioas_unpin, iova, length);
	mutex_unlock(&access->ioas_lock);
}

static void isim_access_unmap(struct isim_access *access, unsigned long iova,
			      unsigned long length)
{
	unsigned long last = iova + length - 1;
	struct isim_access_item *item, *next;

	mutex_lock(&access->lock);
	list_for_each_entry_safe(item, next, &access->items, node) {
		if (iova > item->iova + item->length - 1 || last < item->iova)
			continue;
		list_del(&item->node);
		isim_access_unpin(access, item->iova, item->length);
		kfree(item);
	}
	mutex_unlock(&access->lock);
}

/*
 * IOAS_UNMAP reaches pinned memory: every access of @ioas unpins what it
 * has in the range.  An access being destroyed (no short-term reference to
 * be had) has dropped its pins already: its fd's release does that first.
 */
void isim_access_notify_unmap(struct isim_ioas *ioas, unsigned long iova,
			      unsigned long length)
{
	struct isim_access *access;
	unsigned long index;

	xa_lock(&ioas->accesses);
	xa_for_each(&ioas->accesses, index, access) {
		if (!refcount_inc_not_zero(&access->obj.shortterm_users))
			continue;
		xa_unlock(&ioas->accesses);
		isim_access_unmap(access, iova, length);
		isim_obj_put(access->ctx, &access->obj);
		xa_lock(&ioas->accesses);
	}
	xa_unlock(&ioas->accesses);
}

/*
 * Close of the access fd: drop every pin, then the fd's reference, which
 * destroys the access (nothing else holds one), then the context's file.
 */
static int isim_access_release(struct inode *inode, struct file *filp)
{
	struct isim_access *access = filp->private_data;
	struct file *ctx_file;

	/* NULL when CREATE_ACCESS failed after creating the file */
	if (!access)
		return 0;
	ctx_file = access->ctx->file;
	isim_access_unmap(access, 0, ULONG_MAX);
	isim_obj_unhold_and_try_remove(access->ctx, &access->obj);
	fput(ctx_file);
	return 0;
}

/* .owner keeps the module loaded while an access fd is open. */
static const struct file_operations isim_access_fops = {
	.owner = THIS_MODULE,
	.release = isim_access_release,
};

/* The access behind fd @fd, with a file reference to fput(); EBADFD */
static struct isim_access *isim_access_fget(int fd, struct file **filep)
{
	struct file *file = fget(fd);

	if (!file)
		return ERR_PTR(-EBADFD);
	if (file->f_op != &isim_access_fops || !file->private_data) {
		fput(file);
		return ERR_PTR(-EBADFD);
	}
	*filep = file;
	return file->private_data;
}

/*
 * CREATE_ACCESS on IOAS @ioas_id: flags other than NEEDS_PIN_PAGES ->
 * EOPNOTSUPP; no fd left -> ENOMEM (as upstream); no such IOAS -> ENOENT;
 * EADDRINUSE from the alignment (isim_access_change_ioas()).  As upstream
 * the object is in the table, with the fd's reference, before the attach,
 * and a failure destroys it again.
 */
static int isim_test_create_access(struct isim_ucmd *ucmd, u32 ioas_id,
				   u32 flags)
{
	struct iommu_test_cmd *cmd = ucmd->cmd;
	struct isim_ctx *ctx = ucmd->ctx;
	struct isim_access *access;
	struct isim_object *obj;
	struct isim_ioas *ioas;
	struct file *filep;
	int fd, rc;

	if (flags & ~MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES)
		return -EOPNOTSUPP;

	obj = isim_obj_alloc(ctx, sizeof(*access), ISIM_OBJ_ACCESS);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	access = container_of(obj, struct isim_access, obj);
	access->ctx = ctx;
	access->needs_pin = flags & MOCK_FLAGS_ACCESS_CREATE_NEEDS_PIN_PAGES;
	mutex_init(&access->ioas_lock);
	mutex_init(&access->lock);
	INIT_LIST_HEAD(&access->items);
	/* the fd's reference: DESTROY of the id is EBUSY from now on */
	isim_obj_hold_new(obj);
	isim_obj_finalize(ctx, obj);

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		rc = -ENOMEM;
		goto out_remove;
	}
	filep = anon_inode_getfile("[iommufd_test_staccess]",
				   &isim_access_fops, NULL, O_RDWR);
	if (IS_ERR(filep)) {
		rc = PTR_ERR(filep);
		goto out_put_fd;
	}

	ioas = isim_ioas_get(ctx, ioas_id);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
		goto out_fput;
	}
	mutex_lock(&access->ioas_lock);
	rc = isim_access_change_ioas(access, ioas);
	mutex_unlock(&access->ioas_lock);
	isim_obj_put(ctx, &ioas->obj);
	if (rc)
		goto out_fput;

	cmd->create_access.out_access_fd = fd;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (rc)
		goto out_fput;

	/* Nothing can fail any more: the file takes over the references. */
	get_file(ctx->file);
	filep->private_data = access;
	fd_install(fd, filep);
	return 0;

out_fput:
	fput(filep);
out_put_fd:
	put_unused_fd(fd);
out_remove:
	/* detaches in isim_access_destroy() */
	isim_obj_unhold_and_try_remove(ctx, obj);
	return rc;
}

/* ACCESS_REPLACE_IOAS: ENOENT when detached or for no such IOAS */
static int isim_test_access_replace_ioas(int fd, u32 ioas_id)
{
	struct isim_access *access;
	struct isim_ioas *ioas;
	struct file *file;
	int rc;

	access = isim_access_fget(fd, &file);
	if (IS_ERR(access))
		return PTR_ERR(access);

	mutex_lock(&access->ioas_lock);
	if (!access->ioas) {
		rc = -ENOENT;
		goto out_unlock;
	}
	/* the access's own context, as upstream */
	ioas = isim_ioas_get(access->ctx, ioas_id);
	if (IS_ERR(ioas)) {
		rc = PTR_ERR(ioas);
		goto out_unlock;
	}
	rc = isim_access_change_ioas(access, ioas);
	isim_obj_put(access->ctx, &ioas->obj);
out_unlock:
	mutex_unlock(&access->ioas_lock);
	fput(file);
	return rc;
}

/*
 * MOCK_FLAGS_ACCESS_SYZ: *@iova is { u32 nth_area; u32 offset; } in memory
 * order, as upstream's selftest reads it.
 */
static unsigned long isim_access_syz_iova(struct isim_access *access,
					  const u64 *iova)
{
	struct {
		u32 nth_area;
		u32 offset;
	} syz;
	unsigned long ret = 0;

	memcpy(&syz, iova, sizeof(syz));
	mutex_lock(&access->ioas_lock);
	if (access->ioas)
		ret = isim_iopt_nth_area_iova(access->ioas, syz.nth_area,
					      syz.offset);
	mutex_unlock(&access->ioas_lock);
	return ret;
}

/* The pinned pages must be the pages under @uptr now (EBADE). */
static int isim_access_check_pages(unsigned long uptr, struct page **pages,
				   unsigned long npages)
{
	struct page *page;
	long rc;

	for (; npages; npages--, pages++, uptr += PAGE_SIZE) {
		rc = get_user_pages_fast(uptr, 1, 0, &page);
		if (rc < 0)
			return rc;
		if (WARN_ON(rc != 1))
			return -EFAULT;
		put_page(page);
		if (page != *pages)
			return -EBADE;
	}
	return 0;
}

/* Release item @id of @access: ENOENT when there is none. */
static int isim_access_item_destroy(struct isim_access *access, u32 id)
{
	struct isim_access_item *item;

	mutex_lock(&access->lock);
	list_for_each_entry(item, &access->items, node) {
		if (item->id != id)
			continue;
		list_del(&item->node);
		isim_access_unpin(access, item->iova, item->length);
		mutex_unlock(&access->lock);
		kfree(item);
		return 0;
	}
	mutex_unlock(&access->lock);
	return -ENOENT;
}

static int isim_test_access_item_destroy(int fd, u32 id)
{
	struct isim_access *access;
	struct file *file;
	int rc;

	access = isim_access_fget(fd, &file);
	if (IS_ERR(access))
		return PTR_ERR(access);
	rc = isim_access_item_destroy(access, id);
	fput(file);
	return rc;
}

/*
 * ACCESS_PAGES, in upstream's order: length above 16 MiB -> ENOMEM; flags
 * other than MOCK_FLAGS_ACCESS_WRITE | MOCK_FLAGS_ACCESS_SYZ -> EOPNOTSUPP;
 * not an access fd -> EBADFD; an access without NEEDS_PIN_PAGES ->
 * EOPNOTSUPP; then the pin (isim_iopt_access_pin(), ENOENT when detached);
 * with @uptr the pages must be those mapped there in the caller (EBADE).
 */
static int isim_test_access_pages(struct isim_ucmd *ucmd, int fd,
				  unsigned long iova, unsigned long length,
				  unsigned long uptr, u32 flags)
{
	struct iommu_test_cmd *cmd = ucmd->cmd;
	struct isim_access_item *item;
	struct isim_access *access;
	struct page **pages = NULL;
	unsigned long npages, end;
	struct file *file;
	int rc;

	if (length > SZ_16M)
		return -ENOMEM;
	if (flags & ~(MOCK_FLAGS_ACCESS_WRITE | MOCK_FLAGS_ACCESS_SYZ))
		return -EOPNOTSUPP;

	access = isim_access_fget(fd, &file);
	if (IS_ERR(access))
		return PTR_ERR(access);
	if (!access->needs_pin) {
		rc = -EOPNOTSUPP;
		goto out_put;
	}
	if (flags & MOCK_FLAGS_ACCESS_SYZ)
		iova = isim_access_syz_iova(access, &cmd->access_pages.iova);

	/* the pin's own checks, before sizing the page array on them */
	if (!length) {
		rc = -EINVAL;
		goto out_put;
	}
	if (check_add_overflow(iova, length, &end) ||
	    end > ULONG_MAX - PAGE_SIZE) {
		rc = -EOVERFLOW;
		goto out_put;
	}
	npages = (ALIGN(end, PAGE_SIZE) - ALIGN_DOWN(iova, PAGE_SIZE)) /
		 PAGE_SIZE;
	pages = kvcalloc(npages, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	item = kzalloc(sizeof(*item), GFP_KERNEL_ACCOUNT);
	if (!pages || !item) {
		kfree(item);
		rc = -ENOMEM;
		goto out_put;
	}

	/*
	 * Under access->lock from the pin until the item is listed, so that
	 * an unmap notification in between waits and then finds the item.
	 */
	mutex_lock(&access->lock);
	mutex_lock(&access->ioas_lock);
	rc = access->ioas ? isim_iopt_access_pin(access->ioas, iova, length,
						 pages,
						 flags & MOCK_FLAGS_ACCESS_WRITE)
			  : -ENOENT;
	mutex_unlock(&access->ioas_lock);
	if (rc) {
		mutex_unlock(&access->lock);
		kfree(item);
		goto out_put;
	}
	if (uptr) {
		rc = isim_access_check_pages(uptr - (iova % PAGE_SIZE), pages,
					     npages);
		if (rc) {
			isim_access_unpin(access, iova, length);
			mutex_unlock(&access->lock);
			kfree(item);
			goto out_put;
		}
	}
	item->iova = iova;
	item->length = length;
	item->id = access->next_id++;
	list_add_tail(&item->node, &access->items);
	mutex_unlock(&access->lock);

	cmd->access_pages.out_access_pages_id = item->id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (rc)
		isim_access_item_destroy(access, cmd->access_pages.out_access_pages_id);

out_put:
	kvfree(pages);
	fput(file);
	return rc;
}

/*
 * ACCESS_RW, in upstream's order: length above 16 MiB -> ENOMEM; flags
 * other than MOCK_ACCESS_RW_WRITE | MOCK_ACCESS_RW_SLOW_PATH |
 * MOCK_FLAGS_ACCESS_SYZ -> EOPNOTSUPP; not an access fd -> EBADFD; for a
 * write the user buffer is read first (EFAULT); ENOENT when detached; then
 * isim_iopt_access_rw(); a read is written to the user buffer last
 * (EFAULT).  SLOW_PATH changes nothing here: every copy goes through
 * pinned pages (pages.c), the path upstream calls slow.
 */
static int isim_test_access_rw(int fd, unsigned long iova,
			       unsigned long length, void __user *ubuf,
			       u32 flags, const u64 *cmd_iova)
{
	bool write = flags & MOCK_ACCESS_RW_WRITE;
	struct isim_access *access;
	struct file *file;
	void *tmp;
	int rc;

	if (length > SZ_16M)
		return -ENOMEM;
	if (flags & ~(MOCK_ACCESS_RW_WRITE | MOCK_ACCESS_RW_SLOW_PATH |
		      MOCK_FLAGS_ACCESS_SYZ))
		return -EOPNOTSUPP;

	access = isim_access_fget(fd, &file);
	if (IS_ERR(access))
		return PTR_ERR(access);
	tmp = kvzalloc(length, GFP_KERNEL_ACCOUNT);
	if (!tmp) {
		rc = -ENOMEM;
		goto out_put;
	}
	if (write && copy_from_user(tmp, ubuf, length)) {
		rc = -EFAULT;
		goto out_free;
	}
	if (flags & MOCK_FLAGS_ACCESS_SYZ)
		iova = isim_access_syz_iova(access, cmd_iova);

	mutex_lock(&access->ioas_lock);
	rc = access->ioas ? isim_iopt_access_rw(access->ioas, iova, tmp,
						length, write)
			  : -ENOENT;
	mutex_unlock(&access->ioas_lock);
	if (!rc && !write && copy_to_user(ubuf, tmp, length))
		rc = -EFAULT;
out_free:
	kvfree(tmp);
out_put:
	fput(file);
	return rc;
}

int isim_test_access_cmd(struct isim_ucmd *ucmd)
{
	struct iommu_test_cmd *cmd = ucmd->cmd;

	switch (cmd->op) {
	case IOMMU_TEST_OP_CREATE_ACCESS:
		return isim_test_create_access(ucmd, cmd->id,
					       cmd->create_access.flags);
	case IOMMU_TEST_OP_ACCESS_REPLACE_IOAS:
		return isim_test_access_replace_ioas(cmd->id,
						     cmd->access_replace_ioas.ioas_id);
	case IOMMU_TEST_OP_ACCESS_PAGES:
		return isim_test_access_pages(ucmd, cmd->id,
					      cmd->access_pages.iova,
					      cmd->access_pages.length,
					      cmd->access_pages.uptr,
					      cmd->access_pages.flags);
	case IOMMU_TEST_OP_ACCESS_RW:
		return isim_test_access_rw(cmd->id, cmd->access_rw.iova,
					   cmd->access_rw.length,
					   u64_to_user_ptr(cmd->access_rw.uptr),
					   cmd->access_rw.flags,
					   &cmd->access_rw.iova);
	case IOMMU_TEST_OP_DESTROY_ACCESS_PAGES:
		return isim_test_access_item_destroy(cmd->id,
						     cmd->destroy_access_pages.access_pages_id);
	default:
		return -EOPNOTSUPP;
	}
}
