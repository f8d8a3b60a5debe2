// SPDX-License-Identifier: GPL-2.0-only
/*
 * Dirty tracking of paging domains: IOMMU_HWPT_SET_DIRTY_TRACKING,
 * IOMMU_HWPT_GET_DIRTY_BITMAP and the mock's IOMMU_TEST_OP_DIRTY, which
 * plays the device that writes.  Only a domain allocated with
 * IOMMU_HWPT_ALLOC_DIRTY_TRACKING has dirty state (isim_domain.dirty_ops);
 * only the selftest mock can be asked for one (the Grace model has no
 * HTTU).
 *
 * The state is a set of dirty leaves: the page-table entries a write
 * marks.  A leaf is one IO page of the domain, or for a MOCK_IOMMUPT_HUGE
 * table a MOCK_HUGE_PAGE_SIZE block where the table would map one (see
 * isim_dirty_leaf()); a dirty leaf is reported whole, as a real table
 * reports its entry.  Leaves are kept in isim_domain.dirty under the IOAS
 * lock and forgotten when their mapping is unmapped.  Upstream's 7.2 mock
 * maps runs of IO pages as contiguous entries and reports those instead;
 * README, "Known differences from upstream", says where that shows.
 *
 * GET_DIRTY_BITMAP follows upstream 7.2 (iopt_read_and_clear_dirty_data):
 * the range checks, then EOPNOTSUPP without dirty tracking; the walk stops
 * at the first IOVA that is not mapped, and at a bitmap that cannot be
 * written, and still answers 0, as upstream does.  Bits are only ever
 * set, never cleared, in the user's bitmap.  User memory is read and
 * written with no lock of this module held: each window of the bitmap is
 * read first, the dirty leaves behind it are collected (and cleared)
 * under the IOAS lock, then the window is written back.
 */
#include <linux/bitmap.h>
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "io_pagetable.h"

/* bits of user bitmap handled per window: one page of kernel buffer */
#define ISIM_DIRTY_WINDOW_BITS	(PAGE_SIZE * BITS_PER_BYTE)

static struct isim_area *isim_dirty_area(struct isim_ioas *ioas,
					 unsigned long iova)
{
	struct interval_tree_node *n;

	n = interval_tree_iter_first(&ioas->areas, iova, iova);
	return n ? container_of(n, struct isim_area, node) : NULL;
}

/*
 * Whether the pinned memory behind [iova, iova + len) of @area is one
 * physically contiguous run starting @len-aligned, as a large leaf needs.
 * Under ioas->lock with a domain attached, so the pages stay pinned.
 */
static bool isim_dirty_contiguous(struct isim_area *area, unsigned long iova,
				  unsigned long len)
{
	struct isim_pages *pages = area->pages;
	unsigned long byte = area->start_byte + (iova - area->node.start);
	unsigned long first, i, n = len >> PAGE_SHIFT;
	bool ok = false;

	if (byte & ~PAGE_MASK)
		return false;
	first = byte >> PAGE_SHIFT;
	mutex_lock(&pages->mutex);
	if (!pages->pinned || first + n > pages->npages)
		goto out;
	if (page_to_phys(pages->pinned[first]) & (len - 1))
		goto out;
	for (i = 1; i < n; i++)
		if (page_to_pfn(pages->pinned[first + i]) !=
		    page_to_pfn(pages->pinned[first]) + i)
			goto out;
	ok = true;
out:
	mutex_unlock(&pages->mutex);
	return ok;
}

/*
 * The leaf of @domain that maps @iova: its first IOVA and log2 size, or
 * ENOENT when nothing is mapped there.  A MOCK_IOMMUPT_HUGE table maps a
 * large leaf where upstream's would: the block is aligned, inside one
 * mapping, physically contiguous and aligned, and IOMMU_OPTION_HUGE_PAGES
 * has not been turned off (then every page is mapped on its own).
 */
static int isim_dirty_leaf(struct isim_ioas *ioas, struct isim_domain *domain,
			   unsigned long iova, unsigned long *head,
			   unsigned int *lg2)
{
	unsigned long huge = domain->huge_pgsize, block;
	struct isim_area *area;

	area = isim_dirty_area(ioas, iova);
	if (!area)
		return -ENOENT;
	if (huge && !ioas->disable_large_pages) {
		block = ALIGN_DOWN(iova, huge);
		if (block >= area->node.start &&
		    block + (huge - 1) <= area->node.last &&
		    isim_dirty_contiguous(area, block, huge)) {
			*head = block;
			*lg2 = ilog2(huge);
			return 0;
		}
	}
	*head = ALIGN_DOWN(iova, domain->pgsize);
	*lg2 = ilog2(domain->pgsize);
	return 0;
}

static unsigned long isim_dirty_key(struct isim_domain *domain,
				    unsigned long iova)
{
	return iova >> ilog2(domain->pgsize);
}

/* The largest leaf of @domain: how far before a range a leaf may start. */
static unsigned long isim_dirty_max_leaf(struct isim_domain *domain)
{
	return max(domain->pgsize, domain->huge_pgsize);
}

/* Under ioas->lock: drop every dirty leaf starting in [start, last]. */
static void isim_domain_dirty_forget(struct isim_domain *domain,
				     unsigned long start, unsigned long last)
{
	unsigned long key;
	void *entry;

	xa_for_each_range(&domain->dirty, key, entry,
			  isim_dirty_key(domain, start),
			  isim_dirty_key(domain, last))
		xa_erase(&domain->dirty, key);
}

void isim_dirty_forget(struct isim_ioas *ioas, unsigned long start,
		       unsigned long last)
{
	struct isim_domain *domain;

	lockdep_assert_held(&ioas->lock);
	list_for_each_entry(domain, &ioas->domains, ioas_item)
		if (domain->dirty_ops)
			isim_domain_dirty_forget(domain, start, last);
}

/*
 * IOMMU_HWPT_SET_DIRTY_TRACKING: an unknown flag or a HWPT without dirty
 * tracking EOPNOTSUPP, anything but a paging HWPT ENOENT.  Turning it on
 * clears every dirty bit first (upstream's clean snapshot), even when it
 * is on already; turning it off keeps them.  __reserved is not checked,
 * as upstream.
 */
int isim_hwpt_set_dirty_tracking_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hwpt_set_dirty_tracking *cmd = ucmd->cmd;
	bool enable = cmd->flags & IOMMU_HWPT_DIRTY_TRACKING_ENABLE;
	struct isim_hwpt_paging *hwpt;
	struct isim_object *obj;
	struct isim_ioas *ioas;
	int rc = -EOPNOTSUPP;

	if (cmd->flags & ~IOMMU_HWPT_DIRTY_TRACKING_ENABLE)
		return -EOPNOTSUPP;
	obj = isim_obj_get(ucmd->ctx, cmd->hwpt_id, ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwpt = container_of(obj, struct isim_hwpt_paging, obj);
	ioas = hwpt->ioas;

	if (hwpt->domain.dirty_ops) {
		mutex_lock(&ioas->lock);
		if (enable)
			isim_domain_dirty_forget(&hwpt->domain, 0, ULONG_MAX);
		/* TEST_OP_DIRTY reads it unlocked, as the mock's flags */
		WRITE_ONCE(hwpt->domain.dirty_enabled, enable);
		mutex_unlock(&ioas->lock);
		rc = 0;
	}
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}

/* upstream's iommufd_check_iova_range(), in its order */
static int isim_dirty_check_range(struct isim_ioas *ioas,
				  const struct iommu_hwpt_get_dirty_bitmap *cmd)
{
	unsigned long align;
	u64 last;

	mutex_lock(&ioas->lock);
	align = ioas->iova_alignment;
	mutex_unlock(&ioas->lock);

	if (check_add_overflow(cmd->iova, cmd->length - 1, &last))
		return -EOVERFLOW;
	if (cmd->iova > ULONG_MAX || last > ULONG_MAX)
		return -EOVERFLOW;
	if ((cmd->iova & (align - 1)) || ((last + 1) & (align - 1)))
		return -EINVAL;
	if (!cmd->page_size)
		return -EINVAL;
	if ((cmd->iova & (cmd->page_size - 1)) ||
	    ((last + 1) & (cmd->page_size - 1)))
		return -EINVAL;
	return 0;
}

/* One window of GET_DIRTY_BITMAP: bits [first_bit, first_bit + nbits). */
struct isim_dirty_window {
	unsigned long iova;	/* the IOVA of bit 0 of the whole bitmap */
	unsigned long last;	/* the last IOVA of the whole range */
	unsigned int pgshift;	/* log2 of the IOVA each bit stands for */
	unsigned long first_bit;
	unsigned long nbits;
	bool clear;
	unsigned long *bits;	/* nbits, bit 0 = first_bit */
};

/* Set the bits of [start, end] (IOVAs inside the window) in @w. */
static void isim_dirty_window_set(struct isim_dirty_window *w,
				  unsigned long start, unsigned long end)
{
	unsigned long b0 = ((start - w->iova) >> w->pgshift) - w->first_bit;
	unsigned long b1 = ((end - w->iova) >> w->pgshift) - w->first_bit;

	bitmap_set(w->bits, b0, b1 - b0 + 1);
}

/*
 * Collect the dirty leaves of @domain behind window @w, under ioas->lock.
 * The window's IOVAs are [start, end]; a hole stops it at the hole
 * (returns true: the walk is over).  A leaf sticking out past the window
 * is reported only for the window's part, and cleared only once its last
 * part within the range has been reported, so that a large leaf shows in
 * every window it covers.
 */
static bool isim_dirty_window_collect(struct isim_ioas *ioas,
				      struct isim_domain *domain,
				      struct isim_dirty_window *w,
				      unsigned long start, unsigned long end)
{
	unsigned long cur = start, key, from, head, leaf_last;
	struct isim_area *area;
	bool hole = false;
	void *entry;

	/* upstream walks the contiguous mappings and stops at a hole */
	while (cur <= end) {
		area = isim_dirty_area(ioas, cur);
		if (!area) {
			hole = true;
			break;
		}
		if (area->node.last >= end)
			break;
		cur = area->node.last + 1;
	}
	if (hole) {
		if (cur == start)
			return true;
		end = cur - 1;
	}

	from = start - min(start, isim_dirty_max_leaf(domain) - 1);
	xa_for_each_range(&domain->dirty, key, entry,
			  isim_dirty_key(domain, from),
			  isim_dirty_key(domain, end)) {
		head = key << ilog2(domain->pgsize);
		leaf_last = head + (BIT(xa_to_value(entry)) - 1);
		if (leaf_last < start)
			continue;
		isim_dirty_window_set(w, max(head, start),
				      min(leaf_last, end));
		if (w->clear && (leaf_last <= end || end == w->last))
			xa_erase(&domain->dirty, key);
	}
	return hole;
}

int isim_hwpt_get_dirty_bitmap_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_hwpt_get_dirty_bitmap *cmd = ucmd->cmd;
	struct isim_dirty_window w = {};
	u8 __user *ubits = u64_to_user_ptr(cmd->data);
	struct isim_hwpt_paging *hwpt;
	unsigned long last_bit, start, end, nbytes, i;
	struct isim_object *obj;
	struct isim_ioas *ioas;
	bool done = false;
	u8 *ubuf = NULL;
	int rc;

	if ((cmd->flags & ~IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR) ||
	    cmd->__reserved)
		return -EOPNOTSUPP;
	obj = isim_obj_get(ucmd->ctx, cmd->hwpt_id, ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwpt = container_of(obj, struct isim_hwpt_paging, obj);
	ioas = hwpt->ioas;

	rc = isim_dirty_check_range(ioas, cmd);
	if (rc)
		goto out_put;
	rc = -EOPNOTSUPP;
	if (!hwpt->domain.dirty_ops)
		goto out_put;

	w.iova = cmd->iova;
	w.last = cmd->iova + (cmd->length - 1);
	/* as upstream's iova_bitmap: the lowest set bit of page_size */
	w.pgshift = __ffs64(cmd->page_size);
	w.clear = !(cmd->flags & IOMMU_HWPT_GET_DIRTY_BITMAP_NO_CLEAR);
	/* the index of the last bit: a count could overflow */
	last_bit = (w.last - w.iova) >> w.pgshift;

	rc = -ENOMEM;
	w.bits = kzalloc(ISIM_DIRTY_WINDOW_BITS / BITS_PER_BYTE, GFP_KERNEL);
	ubuf = kmalloc(ISIM_DIRTY_WINDOW_BITS / BITS_PER_BYTE, GFP_KERNEL);
	if (!w.bits || !ubuf)
		goto out_free;
	rc = 0;

	for (w.first_bit = 0; !done; w.first_bit += w.nbits) {
		w.nbits = min(last_bit - w.first_bit,
			      ISIM_DIRTY_WINDOW_BITS - 1) + 1;
		nbytes = DIV_ROUND_UP(w.nbits, BITS_PER_BYTE);
		/* upstream gives up quietly on a bitmap it cannot write */
		if (copy_from_user(ubuf, ubits + w.first_bit / BITS_PER_BYTE,
				   nbytes))
			break;

		start = w.iova + (w.first_bit << w.pgshift);
		end = min(w.last, start + ((w.nbits << w.pgshift) - 1));
		bitmap_zero(w.bits, w.nbits);
		mutex_lock(&ioas->lock);
		done = isim_dirty_window_collect(ioas, &hwpt->domain, &w,
						 start, end);
		mutex_unlock(&ioas->lock);
		if (w.first_bit + (w.nbits - 1) == last_bit)
			done = true;

		for (i = 0; i < nbytes; i++)
			ubuf[i] |= ((u8 *)w.bits)[i];
		if (copy_to_user(ubits + w.first_bit / BITS_PER_BYTE, ubuf,
				 nbytes))
			break;
		cond_resched();
	}

out_free:
	kfree(ubuf);
	kfree(w.bits);
out_put:
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}

/*
 * IOMMU_TEST_OP_DIRTY: the device writes to the IO page at iova +
 * n * page_size for every bit n set in the user bitmap at uptr (bits of
 * length / page_size), marking the leaf that maps it dirty; out_nr_dirty
 * counts the bits, mapped or not, as upstream.  EINVAL for a zero or
 * misaligned size, a NULL uptr, a HWPT of another IOMMU or one without
 * dirty tracking turned on; EOVERFLOW for more than 2^27 bits; ENOENT for
 * anything but a paging HWPT.
 */
int isim_test_dirty(struct isim_ucmd *ucmd, struct iommu_test_cmd *cmd)
{
	u64 iova = cmd->dirty.iova, length = cmd->dirty.length;
	u64 page_size = cmd->dirty.page_size;
	struct isim_hwpt_paging *hwpt;
	unsigned long max, i, head;
	struct isim_domain *domain;
	struct isim_object *obj;
	struct isim_ioas *ioas;
	unsigned long *bits;
	unsigned int lg2;
	u64 count = 0;
	int rc;

	if (!page_size || !length || iova % page_size || length % page_size ||
	    !cmd->dirty.uptr)
		return -EINVAL;
	if (length / page_size > SZ_16M * BITS_PER_BYTE)
		return -EOVERFLOW;
	max = length / page_size;

	obj = isim_obj_get(ucmd->ctx, cmd->id, ISIM_OBJ_HWPT_PAGING);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	hwpt = container_of(obj, struct isim_hwpt_paging, obj);
	domain = &hwpt->domain;
	ioas = hwpt->ioas;
	rc = -EINVAL;
	if (hwpt->model != &isim_selftest_model ||
	    !READ_ONCE(domain->dirty_enabled))
		goto out_put;

	rc = -ENOMEM;
	bits = kvcalloc(BITS_TO_LONGS(max), sizeof(*bits), GFP_KERNEL_ACCOUNT);
	if (!bits)
		goto out_put;
	rc = -EFAULT;
	if (copy_from_user(bits, u64_to_user_ptr(cmd->dirty.uptr),
			   DIV_ROUND_UP(max, BITS_PER_BYTE)))
		goto out_free;

	rc = 0;
	mutex_lock(&ioas->lock);
	for_each_set_bit(i, bits, max) {
		count++;
		/* as upstream, an IOVA that maps nothing is counted anyway */
		if (isim_dirty_leaf(ioas, domain, iova + i * page_size, &head,
				    &lg2))
			continue;
		rc = xa_err(xa_store(&domain->dirty,
				     isim_dirty_key(domain, head),
				     xa_mk_value(lg2), GFP_KERNEL_ACCOUNT));
		if (rc)
			break;
		cond_resched();
	}
	mutex_unlock(&ioas->lock);
	if (!rc) {
		cmd->dirty.out_nr_dirty = count;
		rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	}
out_free:
	kvfree(bits);
out_put:
	isim_obj_put(ucmd->ctx, obj);
	return rc;
}
