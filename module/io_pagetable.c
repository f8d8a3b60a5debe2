// SPDX-License-Identifier: GPL-2.0-only
/*
 * The IOVA space of an IOAS: its areas (mappings), reserved ranges (outside
 * an attached domain's aperture, or IOMMU_TEST_OP_ADD_RESERVED), allowed
 * ranges (IOMMU_IOAS_ALLOW_IOVAS), attached domains and IOVA alignment, all
 * under ioas->lock.
 *
 * IOVAs are unsigned long, as upstream: the ioctls refuse values at or
 * above ULONG_MAX before they get here.  Every mapping is pinned while the
 * IOAS has at least one domain, and the part of it an internal access (a
 * HW queue) pinned with isim_ioas_pin_locked() until that access unpins.
 * An access object (access.c) pins with isim_iopt_access_pin(); IOAS_UNMAP
 * of such an area asks every access of the IOAS to unpin first.
 */
#include <linux/io.h>
#include <linux/log2.h>
#include <linux/overflow.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "io_pagetable.h"

/* A reserved range; @owner is the domain that reserved it, or NULL. */
struct isim_resv {
	struct interval_tree_node node;
	const void *owner;
};

static inline struct isim_area *isim_area_of(struct interval_tree_node *n)
{
	return n ? container_of(n, struct isim_area, node) : NULL;
}

static inline unsigned long isim_area_length(struct isim_area *area)
{
	return area->node.last - area->node.start + 1;
}

void isim_iopt_init(struct isim_ioas *ioas)
{
	mutex_init(&ioas->lock);
	ioas->areas = RB_ROOT_CACHED;
	ioas->reserved = RB_ROOT_CACHED;
	ioas->allowed = RB_ROOT_CACHED;
	INIT_LIST_HEAD(&ioas->domains);
	ioas->iova_alignment = 1;
	xa_init_flags(&ioas->accesses, XA_FLAGS_ALLOC | XA_FLAGS_ACCOUNT);
}

/* Free every node of a tree of isim_resv or bare interval_tree_node. */
void isim_iopt_free_tree(struct rb_root_cached *root)
{
	struct interval_tree_node *n;

	/* struct isim_resv starts with its node, so kfree(n) fits both */
	BUILD_BUG_ON(offsetof(struct isim_resv, node));
	while ((n = interval_tree_iter_first(root, 0, ULONG_MAX))) {
		interval_tree_remove(n, root);
		kfree(n);
	}
}

/*
 * The first gap at or after @pos, and not after @hi, that no node of @a or
 * @b (which may be NULL) covers.  Nodes may overlap each other.
 */
static bool isim_next_hole(struct rb_root_cached *a, struct rb_root_cached *b,
			   unsigned long pos, unsigned long hi,
			   unsigned long *hole_start, unsigned long *hole_last)
{
	struct interval_tree_node *n;

	while (pos <= hi) {
		n = a ? interval_tree_iter_first(a, pos, pos) : NULL;
		if (!n && b)
			n = interval_tree_iter_first(b, pos, pos);
		if (n) {
			if (n->last >= hi)
				return false;
			pos = n->last + 1;
			continue;
		}
		/* Nothing covers pos, so the next node starts after it. */
		*hole_start = pos;
		*hole_last = hi;
		n = a ? interval_tree_iter_first(a, pos, hi) : NULL;
		if (n)
			*hole_last = min(*hole_last, n->start - 1);
		n = b ? interval_tree_iter_first(b, pos, hi) : NULL;
		if (n)
			*hole_last = min(*hole_last, n->start - 1);
		return true;
	}
	return false;
}

/*
 * Does an IOVA aligned to @align, carrying @page_offset in its low bits,
 * leave room for @length bytes in [*start, last]?  Moves *start there.
 * Upstream's test, including that the start must lie strictly below @last.
 */
static bool isim_fits(unsigned long *start, unsigned long last,
		      unsigned long length, unsigned long align,
		      unsigned long page_offset)
{
	unsigned long s;

	if (check_add_overflow(*start, align - 1, &s))
		return false;
	s &= ~(align - 1);
	s |= page_offset;
	if (s >= last || last - s < length - 1)
		return false;
	*start = s;
	return true;
}

/* Lowest fit in one allowed span [start, last], among reserved and areas */
static bool isim_alloc_in_span(struct isim_ioas *ioas, unsigned long start,
			       unsigned long last, unsigned long length,
			       unsigned long align, unsigned long page_offset,
			       unsigned long *iova)
{
	unsigned long hs, hl;

	if (!isim_fits(&start, last, length, align, page_offset))
		return false;
	while (isim_next_hole(&ioas->reserved, &ioas->areas, start, last,
			      &hs, &hl)) {
		if (isim_fits(&hs, hl, length, align, page_offset)) {
			*iova = hs;
			return true;
		}
		if (hl >= last)
			break;
		start = hl + 1;
	}
	return false;
}

/*
 * Kernel-chosen IOVA: the lowest fit in [PAGE_SIZE, ULONG_MAX - PAGE_SIZE]
 * (never 0 nor the last page), inside the allowed ranges if there are any.
 * The alignment keeps that of @addr (the user VA or file offset) up to the
 * length's, so that large pages can line up, capped at a huge page.
 */
static int isim_alloc_iova(struct isim_ioas *ioas, unsigned long addr,
			   unsigned long length, unsigned long *iova)
{
	const unsigned long lo = PAGE_SIZE, hi = ULONG_MAX - PAGE_SIZE;
	unsigned long page_offset = addr % PAGE_SIZE;
	unsigned long max_align = PAGE_SIZE;
	struct interval_tree_node *n;
	unsigned long align;

	lockdep_assert_held(&ioas->lock);

	/* roundup_pow_of_two() must not overflow */
	if (length == 0 || length >= ULONG_MAX / 2)
		return -EOVERFLOW;
	align = roundup_pow_of_two(length);
	if (addr)
		align = min(align, 1UL << __ffs(addr));
#ifdef CONFIG_TRANSPARENT_HUGEPAGE
	max_align = HPAGE_SIZE;
#endif
	if (align >= max_align)
		align = max_align;
	if (align < ioas->iova_alignment)
		return -EINVAL;

	if (RB_EMPTY_ROOT(&ioas->allowed.rb_root))
		return isim_alloc_in_span(ioas, lo, hi, length, align,
					  page_offset, iova) ? 0 : -ENOSPC;
	for (n = interval_tree_iter_first(&ioas->allowed, lo, hi); n;
	     n = interval_tree_iter_next(n, lo, hi)) {
		if (isim_alloc_in_span(ioas, max(n->start, lo),
				       min(n->last, hi), length, align,
				       page_offset, iova))
			return 0;
	}
	return -ENOSPC;
}

/* IOMMU_IOAS_MAP_FIXED_IOVA, in upstream's order of checks */
static int isim_check_iova(struct isim_ioas *ioas, unsigned long iova,
			   unsigned long length)
{
	unsigned long last;

	if (iova & (ioas->iova_alignment - 1))
		return -EINVAL;
	if (check_add_overflow(iova, length - 1, &last))
		return -EOVERFLOW;
	if (interval_tree_iter_first(&ioas->reserved, iova, last))
		return -EINVAL;
	if (interval_tree_iter_first(&ioas->areas, iova, last))
		return -EEXIST;
	return 0;
}

static int isim_insert_area(struct isim_ioas *ioas, struct isim_area *area,
			    struct isim_map_piece *piece, unsigned long iova,
			    int prot)
{
	unsigned long last_byte;

	if ((prot & ISIM_PROT_WRITE) && !piece->pages->writable)
		return -EPERM;
	/* Only the offset into the first page must meet the alignment. */
	if ((piece->start_byte % PAGE_SIZE) & (ioas->iova_alignment - 1))
		return -EINVAL;
	if (check_add_overflow(iova, piece->length - 1, &area->node.last))
		return -EOVERFLOW;
	if (check_add_overflow(piece->start_byte, piece->length - 1,
			       &last_byte) ||
	    WARN_ON(last_byte / PAGE_SIZE >= piece->pages->npages))
		return -EOVERFLOW;
	area->node.start = iova;
	area->start_byte = piece->start_byte;
	area->prot = prot;
	interval_tree_insert(&area->node, &ioas->areas);
	return 0;
}

/*
 * Map @npieces pieces, @length bytes together, back to back at *iova
 * (chosen by the kernel unless @fixed).  On success the areas own the
 * pieces' page references; on failure nothing changed and the caller
 * still owns them.
 */
int isim_iopt_map(struct isim_ioas *ioas, struct isim_map_piece *pieces,
		  unsigned int npieces, unsigned long length,
		  unsigned long *iova, int prot, bool fixed)
{
	struct isim_area **areas;
	unsigned int i, inserted = 0, pinned = 0;
	unsigned long cur;
	int rc;

	areas = kcalloc(npieces, sizeof(*areas), GFP_KERNEL_ACCOUNT);
	if (!areas)
		return -ENOMEM;
	for (i = 0; i < npieces; i++) {
		areas[i] = kzalloc(sizeof(*areas[i]), GFP_KERNEL_ACCOUNT);
		if (!areas[i]) {
			rc = -ENOMEM;
			goto out_free;
		}
	}

	mutex_lock(&ioas->lock);
	if ((length & (ioas->iova_alignment - 1)) || !length) {
		rc = -EINVAL;
		goto out_unlock;
	}
	if (fixed)
		rc = isim_check_iova(ioas, *iova, length);
	else
		rc = isim_alloc_iova(ioas, pieces[0].pages->base +
				     pieces[0].start_byte, length, iova);
	if (rc)
		goto out_unlock;

	cur = *iova;
	for (inserted = 0; inserted < npieces; inserted++) {
		rc = isim_insert_area(ioas, areas[inserted],
				      &pieces[inserted], cur, prot);
		if (rc)
			goto out_remove;
		cur += pieces[inserted].length;
	}

	if (!list_empty(&ioas->domains)) {
		for (pinned = 0; pinned < npieces; pinned++) {
			rc = isim_pages_pin(pieces[pinned].pages);
			if (rc)
				goto out_unpin;
		}
	}

	/* Success: the areas take over the page references. */
	for (i = 0; i < npieces; i++) {
		areas[i]->pages = pieces[i].pages;
		pieces[i].pages = NULL;
		areas[i] = NULL;
	}
	mutex_unlock(&ioas->lock);
	kfree(areas);
	return 0;

out_unpin:
	while (pinned--)
		isim_pages_unpin(pieces[pinned].pages);
out_remove:
	while (inserted--)
		interval_tree_remove(&areas[inserted]->node, &ioas->areas);
out_unlock:
	mutex_unlock(&ioas->lock);
out_free:
	for (i = 0; i < npieces; i++)
		kfree(areas[i]);
	kfree(areas);
	return rc;
}

void isim_iopt_put_pieces(struct isim_map_piece *pieces, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (pieces[i].pages)
			isim_pages_put(pieces[i].pages);
	kfree(pieces);
}

/*
 * IOAS_COPY's source: [iova, iova + length - 1] must be covered by areas
 * without a gap; it may start or end inside one.  Returns one piece per
 * area touched, each holding a page reference.
 */
int isim_iopt_get_pieces(struct isim_ioas *ioas, unsigned long iova,
			 unsigned long length, struct isim_map_piece **pieces,
			 unsigned int *npieces)
{
	struct isim_map_piece *p = NULL;
	struct isim_area *area;
	unsigned long last, cur, end;
	unsigned int n = 0, pass;
	int rc = 0;

	if (!length)
		return -EINVAL;
	if (check_add_overflow(iova, length - 1, &last))
		return -EOVERFLOW;

	mutex_lock(&ioas->lock);
	/* Pass 0 checks and counts, pass 1 fills the array. */
	for (pass = 0; pass < 2; pass++) {
		cur = iova;
		n = 0;
		area = isim_area_of(interval_tree_iter_first(&ioas->areas,
							     iova, last));
		while (true) {
			if (!area || area->node.start > cur) {
				rc = -ENOENT;
				goto out_unlock;
			}
			end = min(last, area->node.last);
			if (pass) {
				p[n].pages = area->pages;
				p[n].start_byte = area->start_byte +
						  (cur - area->node.start);
				p[n].length = end - cur + 1;
				isim_pages_get(area->pages);
			}
			n++;
			if (end == last)
				break;
			cur = end + 1;
			area = isim_area_of(interval_tree_iter_next(&area->node,
								    cur,
								    last));
		}
		if (!pass) {
			p = kcalloc(n, sizeof(*p), GFP_KERNEL_ACCOUNT);
			if (!p) {
				rc = -ENOMEM;
				goto out_unlock;
			}
		}
	}
	*pieces = p;
	*npieces = n;
	p = NULL;
out_unlock:
	mutex_unlock(&ioas->lock);
	kfree(p);
	return rc;
}

static void isim_area_destroy(struct isim_ioas *ioas, struct isim_area *area)
{
	isim_dirty_forget(ioas, area->node.start, area->node.last);
	interval_tree_remove(&area->node, &ioas->areas);
	if (!list_empty(&ioas->domains))
		isim_pages_unpin(area->pages);
	isim_pages_put(area->pages);
	kfree(area);
}

/*
 * Unmap every area inside [start, last], lowest first.  A locked area (a
 * HW queue pinned part of it) stops the walk with EBUSY, and then one that
 * sticks out on either side with ENOENT, in upstream's order, leaving the
 * areas before it unmapped: like upstream this is not atomic.  *unmapped
 * is the sum of the lengths removed.
 *
 * An area an access object pinned is marked prevent_access (no new pin or
 * read/write of it) and, with ioas->lock dropped, every access of the IOAS
 * is told to unpin it (isim_access_notify_unmap()); then the walk starts
 * again at that area.  An access that still has not let go after 100 such
 * rounds is a kernel bug: EDEADLOCK, as upstream.
 */
int isim_iopt_unmap(struct isim_ioas *ioas, unsigned long start,
		    unsigned long last, unsigned long *unmapped)
{
	unsigned long first, length;
	struct isim_area *area;
	unsigned int tries = 0;
	int rc = 0;

	*unmapped = 0;
again:
	mutex_lock(&ioas->lock);
	while ((area = isim_area_of(interval_tree_iter_first(&ioas->areas,
							     start, last)))) {
		if (area->num_locks) {
			rc = -EBUSY;
			break;
		}
		if (area->node.start < start || area->node.last > last) {
			rc = -ENOENT;
			break;
		}
		if (area->node.start != start)
			tries = 0;
		if (area->num_accesses) {
			first = area->node.start;
			length = isim_area_length(area);
			start = first;
			area->prevent_access = true;
			mutex_unlock(&ioas->lock);
			/* area may be gone from here on: only its range is used */
			isim_access_notify_unmap(ioas, first, length);
			if (WARN_ON(++tries > 100))
				return -EDEADLOCK;
			goto again;
		}
		*unmapped += isim_area_length(area);
		isim_area_destroy(ioas, area);
		cond_resched();
	}
	mutex_unlock(&ioas->lock);
	return rc;
}

/*
 * IOMMU_IOAS_IOVA_RANGES: the holes of the reserved set over the whole
 * space, the first @capacity of them copied into a new array (the caller
 * writes it to user space after the lock is dropped).
 */
int isim_iopt_iova_ranges(struct isim_ioas *ioas, u32 capacity,
			  struct iommu_iova_range **ranges, u32 *total,
			  unsigned long *alignment)
{
	struct iommu_iova_range *r = NULL;
	unsigned long pos, hs, hl;
	u32 n = 0, pass;

	mutex_lock(&ioas->lock);
	for (pass = 0; pass < 2; pass++) {
		n = 0;
		pos = 0;
		while (isim_next_hole(&ioas->reserved, NULL, pos, ULONG_MAX,
				      &hs, &hl)) {
			if (pass && n < capacity) {
				r[n].start = hs;
				r[n].last = hl;
			}
			n++;
			if (hl == ULONG_MAX)
				break;
			pos = hl + 1;
		}
		if (!pass && min(n, capacity)) {
			r = kcalloc(min(n, capacity), sizeof(*r),
				    GFP_KERNEL_ACCOUNT);
			if (!r) {
				mutex_unlock(&ioas->lock);
				return -ENOMEM;
			}
		}
		if (!r)
			break;
	}
	*alignment = ioas->iova_alignment;
	mutex_unlock(&ioas->lock);
	*ranges = r;
	*total = n;
	return 0;
}

/*
 * Swap in a new allowed set (built and checked for overlaps by the
 * caller) unless one of its ranges is reserved.  On success *allowed holds
 * the old set for the caller to free.
 */
int isim_iopt_set_allowed(struct isim_ioas *ioas,
			  struct rb_root_cached *allowed)
{
	struct interval_tree_node *n;
	struct rb_root_cached old;

	mutex_lock(&ioas->lock);
	for (n = interval_tree_iter_first(allowed, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		if (interval_tree_iter_first(&ioas->reserved, n->start,
					     n->last)) {
			mutex_unlock(&ioas->lock);
			return -EADDRINUSE;
		}
	}
	old = ioas->allowed;
	ioas->allowed = *allowed;
	*allowed = old;
	mutex_unlock(&ioas->lock);
	return 0;
}

/* What the IOVA alignment must be with the current domains and options */
static unsigned long isim_calc_alignment(struct isim_ioas *ioas)
{
	struct isim_domain *domain;
	unsigned long align = 1;

	list_for_each_entry(domain, &ioas->domains, ioas_item)
		align = max(align, domain->pgsize);
	/* as for upstream's accesses that pin pages, which are whole pages */
	if (ioas->disable_large_pages || ioas->nr_pins ||
	    ioas->nr_page_accesses)
		align = max(align, PAGE_SIZE);
	return align;
}

/* Every area must start, end and sit in its first page on @align. */
static int isim_check_alignment(struct isim_ioas *ioas, unsigned long align)
{
	struct interval_tree_node *n;
	struct isim_area *area;

	for (n = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		area = isim_area_of(n);
		if ((area->node.start & (align - 1)) ||
		    (isim_area_length(area) & (align - 1)) ||
		    ((area->start_byte % PAGE_SIZE) & (align - 1)))
			return -EADDRINUSE;
	}
	return 0;
}

bool isim_iopt_large_pages(struct isim_ioas *ioas)
{
	bool ret;

	mutex_lock(&ioas->lock);
	ret = !ioas->disable_large_pages;
	mutex_unlock(&ioas->lock);
	return ret;
}

/* IOMMU_OPTION_HUGE_PAGES SET */
int isim_iopt_set_large_pages(struct isim_ioas *ioas, bool enable)
{
	unsigned long align;
	int rc = 0;

	mutex_lock(&ioas->lock);
	if (enable) {
		/* Lowering the alignment cannot misalign anything. */
		ioas->disable_large_pages = false;
		ioas->iova_alignment = isim_calc_alignment(ioas);
		goto out_unlock;
	}
	if (ioas->disable_large_pages)
		goto out_unlock;
	/* Mappings already in a domain keep their page sizes. */
	if (!list_empty(&ioas->domains) &&
	    !RB_EMPTY_ROOT(&ioas->areas.rb_root)) {
		rc = -EINVAL;
		goto out_unlock;
	}
	ioas->disable_large_pages = true;
	align = isim_calc_alignment(ioas);
	if (align != ioas->iova_alignment) {
		rc = isim_check_alignment(ioas, align);
		if (rc) {
			ioas->disable_large_pages = false;
			goto out_unlock;
		}
	}
	ioas->iova_alignment = align;
out_unlock:
	mutex_unlock(&ioas->lock);
	return rc;
}

/* Reserve [start, last] unless a mapping or an allowed range is in it. */
static int isim_reserve(struct isim_ioas *ioas, struct isim_resv *resv,
			unsigned long start, unsigned long last,
			const void *owner)
{
	lockdep_assert_held(&ioas->lock);

	if (interval_tree_iter_first(&ioas->areas, start, last) ||
	    interval_tree_iter_first(&ioas->allowed, start, last))
		return -EADDRINUSE;
	resv->node.start = start;
	resv->node.last = last;
	resv->owner = owner;
	interval_tree_insert(&resv->node, &ioas->reserved);
	return 0;
}

static void isim_unreserve_owner(struct isim_ioas *ioas, const void *owner)
{
	struct interval_tree_node *n, *next;

	for (n = interval_tree_iter_first(&ioas->reserved, 0, ULONG_MAX); n;
	     n = next) {
		next = interval_tree_iter_next(n, 0, ULONG_MAX);
		if (container_of(n, struct isim_resv, node)->owner != owner)
			continue;
		interval_tree_remove(n, &ioas->reserved);
		kfree(n);
	}
}

int isim_ioas_add_reserved(struct isim_ioas *ioas, u64 start, u64 last)
{
	struct isim_resv *resv;
	int rc;

	/* An empty or inverted range would corrupt the hole arithmetic. */
	if (last < start)
		return -EINVAL;
	resv = kzalloc(sizeof(*resv), GFP_KERNEL_ACCOUNT);
	if (!resv)
		return -ENOMEM;
	mutex_lock(&ioas->lock);
	rc = isim_reserve(ioas, resv, start, last, NULL);
	mutex_unlock(&ioas->lock);
	if (rc)
		kfree(resv);
	return rc;
}

/* Pin every area (the IOAS got its first domain); all or nothing. */
static int isim_pin_all(struct isim_ioas *ioas)
{
	struct interval_tree_node *n, *undo;
	int rc;

	for (n = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		rc = isim_pages_pin(isim_area_of(n)->pages);
		if (rc)
			goto err_undo;
		cond_resched();
	}
	return 0;

err_undo:
	for (undo = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX);
	     undo != n; undo = interval_tree_iter_next(undo, 0, ULONG_MAX))
		isim_pages_unpin(isim_area_of(undo)->pages);
	return rc;
}

static void isim_unpin_all(struct isim_ioas *ioas)
{
	struct interval_tree_node *n;

	for (n = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		isim_pages_unpin(isim_area_of(n)->pages);
		cond_resched();
	}
}

int isim_ioas_add_domain(struct isim_ioas *ioas, struct isim_domain *domain)
{
	struct isim_resv *below = NULL, *above = NULL;
	unsigned long align;
	int rc;

	if (!is_power_of_2(domain->pgsize) || domain->pgsize > PAGE_SIZE ||
	    domain->aperture_start > domain->aperture_last)
		return -EINVAL;
	/* Allocate before locking so that the locked part cannot fail so. */
	below = kzalloc(sizeof(*below), GFP_KERNEL_ACCOUNT);
	above = kzalloc(sizeof(*above), GFP_KERNEL_ACCOUNT);
	if (!below || !above) {
		rc = -ENOMEM;
		goto out_free;
	}

	mutex_lock(&ioas->lock);
	align = max(ioas->iova_alignment, domain->pgsize);
	if (align != ioas->iova_alignment) {
		rc = isim_check_alignment(ioas, align);
		if (rc)
			goto out_unlock;
	}
	if (domain->aperture_start) {
		rc = isim_reserve(ioas, below, 0, domain->aperture_start - 1,
				  domain);
		if (rc)
			goto out_unlock;
		below = NULL;
	}
	if (domain->aperture_last != ULONG_MAX) {
		rc = isim_reserve(ioas, above, domain->aperture_last + 1,
				  ULONG_MAX, domain);
		if (rc)
			goto out_unreserve;
		above = NULL;
	}
	if (list_empty(&ioas->domains)) {
		rc = isim_pin_all(ioas);
		if (rc)
			goto out_unreserve;
	}
	list_add_tail(&domain->ioas_item, &ioas->domains);
	ioas->iova_alignment = align;
	mutex_unlock(&ioas->lock);
	/* a range an aperture edge does not need (e.g. one starting at 0) */
	kfree(below);
	kfree(above);
	return 0;

out_unreserve:
	isim_unreserve_owner(ioas, domain);
out_unlock:
	mutex_unlock(&ioas->lock);
out_free:
	kfree(below);
	kfree(above);
	return rc;
}

void isim_ioas_remove_domain(struct isim_ioas *ioas,
			     struct isim_domain *domain)
{
	mutex_lock(&ioas->lock);
	list_del(&domain->ioas_item);
	xa_destroy(&domain->dirty);
	isim_unreserve_owner(ioas, domain);
	/* The mappings stay; without a domain they need no pins. */
	if (list_empty(&ioas->domains))
		isim_unpin_all(ioas);
	ioas->iova_alignment = isim_calc_alignment(ioas);
	mutex_unlock(&ioas->lock);
}

/*
 * What a domain of @ioas translates @iova to, as a domain's iova_to_phys():
 * the physical address of the pinned memory behind it, 0 for an IOVA that
 * is not mapped or an IOAS without a domain (nothing is pinned then).
 */
phys_addr_t isim_iopt_iova_to_phys(struct isim_ioas *ioas, unsigned long iova)
{
	struct interval_tree_node *n;
	struct isim_area *area;
	unsigned long byte;
	phys_addr_t phys = 0;

	mutex_lock(&ioas->lock);
	n = interval_tree_iter_first(&ioas->areas, iova, iova);
	area = isim_area_of(n);
	if (area && !list_empty(&ioas->domains)) {
		/* the domain holds the pin; the mutex orders us after it */
		mutex_lock(&area->pages->mutex);
		if (area->pages->pinned) {
			byte = area->start_byte + (iova - area->node.start);
			phys = page_to_phys(area->pages->pinned[byte >>
								PAGE_SHIFT]) +
			       (byte & ~PAGE_MASK);
		}
		mutex_unlock(&area->pages->mutex);
	}
	mutex_unlock(&ioas->lock);
	return phys;
}

/* The IOAS is unreferenced: no domain, no ioctl; drop every mapping. */
void isim_iopt_destroy(struct isim_ioas *ioas)
{
	struct isim_area *area;

	WARN_ON(!list_empty(&ioas->domains));
	mutex_lock(&ioas->lock);
	/* Every pin holds the IOAS through its owner, so none is left. */
	WARN_ON(ioas->nr_pins);
	/* and so does every attached access */
	WARN_ON(!xa_empty(&ioas->accesses));
	xa_destroy(&ioas->accesses);
	while ((area = isim_area_of(interval_tree_iter_first(&ioas->areas, 0,
							     ULONG_MAX)))) {
		isim_area_destroy(ioas, area);
		cond_resched();
	}
	isim_iopt_free_tree(&ioas->reserved);
	isim_iopt_free_tree(&ioas->allowed);
	mutex_unlock(&ioas->lock);
	mutex_destroy(&ioas->lock);
}

/*
 * An internal access's pin of [start, last] (whole pages).  The areas in
 * that range are locked, so none of them can be unmapped, and they cover it
 * without a gap, so no area can be mapped into it: unpinning finds exactly
 * the areas that were pinned.
 */
struct isim_ioas_pin {
	struct isim_ioas *ioas;
	unsigned long start;
	unsigned long last;
};

/* Undo the pins and locks of the areas from @start up to, not incl., @stop */
static void isim_unlock_areas(struct isim_ioas *ioas, unsigned long start,
			      unsigned long last, struct isim_area *stop)
{
	struct interval_tree_node *n;
	struct isim_area *area;

	for (n = interval_tree_iter_first(&ioas->areas, start, last); n;
	     n = interval_tree_iter_next(n, start, last)) {
		area = isim_area_of(n);
		if (area == stop)
			break;
		if (WARN_ON(!area->num_locks))
			continue;
		area->num_locks--;
		isim_pages_unpin(area->pages);
	}
}

/*
 * Pin [ALIGN_DOWN(iova), ALIGN(iova + length)) for an internal access, as
 * upstream's HW queue does through an internal iommufd_access:
 *
 *   1. attaching raises the IOAS's IOVA alignment to PAGE_SIZE while the
 *      pin lasts; an existing area that does not meet it -> EADDRINUSE
 *   2. from the area holding the first page on, for each area without a
 *      gap: not readable -> EPERM; then its memory is pinned (sharing the
 *      pin of a domain, else pinned and charged as at a domain attach,
 *      through the mm recorded at map time) and the area locked
 *   3. a gap, or the range runs past the last area -> ENOENT
 *
 * Any failure undoes everything.  The caller keeps @ioas alive until
 * isim_ioas_unpin_locked().  @pages receives the range's pages in order.
 */
struct isim_ioas_pin *isim_ioas_pin_locked(struct isim_ioas *ioas, u64 iova,
					   u64 length, struct page **pages)
{
	unsigned long start, last, cur, end, first, npages, i;
	struct isim_area *area, *stop = NULL;
	struct interval_tree_node *n;
	struct isim_ioas_pin *pin;
	unsigned long align;
	int rc = -ENOENT;

	if (!length)
		return ERR_PTR(-EINVAL);
	if (check_add_overflow((unsigned long)iova, (unsigned long)length - 1,
			       &last))
		return ERR_PTR(-EOVERFLOW);
	start = ALIGN_DOWN(iova, PAGE_SIZE);
	last |= PAGE_SIZE - 1;

	pin = kzalloc(sizeof(*pin), GFP_KERNEL_ACCOUNT);
	if (!pin)
		return ERR_PTR(-ENOMEM);

	mutex_lock(&ioas->lock);
	align = max(ioas->iova_alignment, PAGE_SIZE);
	if (align != ioas->iova_alignment) {
		rc = isim_check_alignment(ioas, align);
		if (rc)
			goto err_unlock;
		rc = -ENOENT;
	}

	/*
	 * Every area is page aligned now (IOVA, length and offset into its
	 * first page), so each IOVA page is one whole page of its memory.
	 */
	cur = start;
	for (n = interval_tree_iter_first(&ioas->areas, start, last); n;
	     n = interval_tree_iter_next(n, start, last)) {
		area = isim_area_of(n);
		if (area->node.start > cur) {
			stop = area;
			break;
		}
		if (!(area->prot & ISIM_PROT_READ)) {
			rc = -EPERM;
			stop = area;
			break;
		}
		/* as upstream: a dma-buf has no pages to hand out */
		if (area->pages->dmabuf) {
			rc = -EINVAL;
			stop = area;
			break;
		}
		rc = isim_pages_pin(area->pages);
		if (rc) {
			stop = area;
			break;
		}
		area->num_locks++;

		end = min(last, area->node.last);
		first = (area->start_byte + (cur - area->node.start)) >>
			PAGE_SHIFT;
		npages = ((end - cur) >> PAGE_SHIFT) + 1;
		for (i = 0; i < npages; i++)
			pages[((cur - start) >> PAGE_SHIFT) + i] =
				area->pages->pinned[first + i];
		if (end == last)
			break;
		cur = end + 1;
		rc = -ENOENT;
	}
	if (rc)
		goto err_unlock_areas;

	ioas->nr_pins++;
	ioas->iova_alignment = align;
	mutex_unlock(&ioas->lock);
	pin->ioas = ioas;
	pin->start = start;
	pin->last = last;
	return pin;

err_unlock_areas:
	isim_unlock_areas(ioas, start, last, stop);
err_unlock:
	mutex_unlock(&ioas->lock);
	kfree(pin);
	return ERR_PTR(rc);
}

/* Undo isim_ioas_pin_locked(): unlock and unpin, restore the alignment. */
void isim_ioas_unpin_locked(struct isim_ioas_pin *pin)
{
	struct isim_ioas *ioas = pin->ioas;

	mutex_lock(&ioas->lock);
	isim_unlock_areas(ioas, pin->start, pin->last, NULL);
	WARN_ON(!ioas->nr_pins);
	ioas->nr_pins--;
	/* Lowering the alignment cannot misalign anything. */
	ioas->iova_alignment = isim_calc_alignment(ioas);
	mutex_unlock(&ioas->lock);
	kfree(pin);
}

/* Walk every area of @ioas, lowest IOVA first; the caller holds its lock. */
struct isim_area *isim_iopt_area_first(struct isim_ioas *ioas)
{
	lockdep_assert_held(&ioas->lock);
	return isim_area_of(interval_tree_iter_first(&ioas->areas, 0,
						     ULONG_MAX));
}

struct isim_area *isim_iopt_area_next(struct isim_area *area)
{
	return isim_area_of(interval_tree_iter_next(&area->node, 0,
						    ULONG_MAX));
}

/*
 * Split the area holding @iova so that @iova becomes the last IOVA of one
 * part, as upstream's iopt_area_split() for VFIO type1 v1: nothing to do at
 * either end of an area; the two parts share the pages (and their pin).
 * EBUSY for an area being unmapped; EOPNOTSUPP for a dma-buf; EINVAL for an area a HW queue or an
 * access object pinned, for a cut that misses
 * the IOVA alignment, and for an area a domain may hold in large pages.
 */
static int isim_area_split(struct isim_ioas *ioas, struct isim_area *area,
			   unsigned long iova, struct isim_area **spare)
{
	unsigned long align = ioas->iova_alignment, new_start = iova + 1;
	struct isim_area *rhs;

	if (iova == area->node.start || iova == area->node.last)
		return 0;
	if (area->prevent_access)
		return -EBUSY;
	/* as upstream, which keeps per-domain state for a dma-buf area */
	if (area->pages->dmabuf)
		return -EOPNOTSUPP;
	/* an access's pin covers the whole area; it cannot be split */
	if (area->num_locks || area->num_accesses)
		return -EINVAL;
	if ((new_start & (align - 1)) ||
	    ((area->start_byte + (new_start - area->node.start)) &
	     (align - 1)))
		return -EINVAL;
	if (!list_empty(&ioas->domains) && !ioas->disable_large_pages)
		return -EINVAL;

	rhs = *spare;
	*spare = NULL;
	rhs->node.start = new_start;
	rhs->node.last = area->node.last;
	rhs->start_byte = area->start_byte + (new_start - area->node.start);
	rhs->prot = area->prot;
	rhs->pages = area->pages;
	isim_pages_get(rhs->pages);
	/* already pinned for this area, so this only counts one more user */
	if (!list_empty(&ioas->domains))
		WARN_ON(isim_pages_pin(rhs->pages));

	interval_tree_remove(&area->node, &ioas->areas);
	area->node.last = iova;
	interval_tree_insert(&area->node, &ioas->areas);
	interval_tree_insert(&rhs->node, &ioas->areas);
	return 0;
}

/*
 * VFIO type1 v1's unmap of part of a mapping: cut the areas holding each of
 * @iovas[] so that it becomes a last IOVA.  Stops at the first error; the
 * cuts already made stay (they change no translation).
 */
int isim_iopt_cut_iova(struct isim_ioas *ioas, const unsigned long *iovas,
		       unsigned int n)
{
	struct isim_area *area, *spare = NULL;
	unsigned int i;
	int rc = 0;

	mutex_lock(&ioas->lock);
	for (i = 0; i < n; i++) {
		area = isim_area_of(interval_tree_iter_first(&ioas->areas,
							     iovas[i],
							     iovas[i]));
		if (!area)
			continue;
		if (!spare) {
			spare = kzalloc(sizeof(*spare), GFP_KERNEL_ACCOUNT);
			if (!spare) {
				rc = -ENOMEM;
				break;
			}
		}
		rc = isim_area_split(ioas, area, iovas[i], &spare);
		if (rc)
			break;
	}
	mutex_unlock(&ioas->lock);
	kfree(spare);
	return rc;
}

/*
 * Attach an access (access.c) as upstream's iopt_add_access(): it gets an
 * index in ioas->accesses (at most 1 << 16 of them, else EBUSY); one that
 * pins pages raises the IOVA alignment to PAGE_SIZE while attached, which
 * an existing mapping that does not meet it refuses with EADDRINUSE.
 */
int isim_iopt_add_access(struct isim_ioas *ioas, void *access,
			 bool page_aligned, u32 *list_id)
{
	unsigned long align;
	int rc;

	mutex_lock(&ioas->lock);
	rc = xa_alloc(&ioas->accesses, list_id, access, XA_LIMIT(0, U16_MAX),
		      GFP_KERNEL_ACCOUNT);
	if (rc)
		goto out_unlock;
	if (page_aligned) {
		align = max(ioas->iova_alignment, PAGE_SIZE);
		if (align != ioas->iova_alignment) {
			rc = isim_check_alignment(ioas, align);
			if (rc) {
				xa_erase(&ioas->accesses, *list_id);
				goto out_unlock;
			}
		}
		ioas->nr_page_accesses++;
		ioas->iova_alignment = align;
	}
out_unlock:
	mutex_unlock(&ioas->lock);
	return rc;
}

void isim_iopt_remove_access(struct isim_ioas *ioas, u32 list_id,
			     bool page_aligned)
{
	mutex_lock(&ioas->lock);
	WARN_ON(!xa_erase(&ioas->accesses, list_id));
	if (page_aligned && !WARN_ON(!ioas->nr_page_accesses))
		ioas->nr_page_accesses--;
	/* Lowering the alignment cannot misalign anything. */
	ioas->iova_alignment = isim_calc_alignment(ioas);
	mutex_unlock(&ioas->lock);
}

/* Undo the access pins of the areas covering [start, last]. */
static void isim_access_unpin_areas(struct isim_ioas *ioas,
				    unsigned long start, unsigned long last)
{
	struct interval_tree_node *n;
	struct isim_area *area;

	lockdep_assert_held(&ioas->lock);
	for (n = interval_tree_iter_first(&ioas->areas, start, last); n;
	     n = interval_tree_iter_next(n, start, last)) {
		area = isim_area_of(n);
		if (WARN_ON(!area->num_accesses))
			continue;
		area->num_accesses--;
		isim_pages_unpin(area->pages);
	}
}

/*
 * An access object's pin of [iova, iova + length - 1], as upstream's
 * iommufd_access_pin_pages(), in its order of checks:
 *
 *   1. length 0 -> EINVAL; the range wraps -> EOVERFLOW
 *   2. for each area from the one holding @iova on, without a gap: being
 *      unmapped, or @iova not at the start of a page of its memory ->
 *      EINVAL; not writable (@write) or not readable -> EPERM; then its
 *      memory is pinned (sharing the pin of a domain, else pinned and
 *      charged as at a domain attach, through the mm recorded at map time)
 *      and counted in num_accesses
 *   3. a gap, or the range runs past the last area -> ENOENT
 *
 * Any failure undoes everything.  The access that pins needs PAGE_SIZE
 * alignment, so every area is page aligned and each IOVA page is one
 * whole page of its memory; @pages receives one page per PAGE_SIZE of
 * [iova, ALIGN(iova + length)).
 */
int isim_iopt_access_pin(struct isim_ioas *ioas, unsigned long iova,
			 unsigned long length, struct page **pages, bool write)
{
	unsigned long last, cur, end, byte, first, npages, i;
	struct interval_tree_node *n;
	struct isim_area *area;
	int rc = -ENOENT;

	if (!length)
		return -EINVAL;
	if (check_add_overflow(iova, length - 1, &last))
		return -EOVERFLOW;

	mutex_lock(&ioas->lock);
	cur = iova;
	for (n = interval_tree_iter_first(&ioas->areas, iova, last); n;
	     n = interval_tree_iter_next(n, iova, last)) {
		area = isim_area_of(n);
		if (area->node.start > cur)
			break;
		byte = area->start_byte + (cur - area->node.start);
		if (area->prevent_access || byte % PAGE_SIZE) {
			rc = -EINVAL;
			break;
		}
		if (!(area->prot & (write ? ISIM_PROT_WRITE : ISIM_PROT_READ))) {
			rc = -EPERM;
			break;
		}
		/* as upstream: a dma-buf has no pages to hand out */
		if (area->pages->dmabuf) {
			rc = -EINVAL;
			break;
		}
		rc = isim_pages_pin(area->pages);
		if (rc)
			break;
		area->num_accesses++;

		end = min(last, area->node.last);
		first = byte >> PAGE_SHIFT;
		npages = ((byte + (end - cur)) >> PAGE_SHIFT) - first + 1;
		for (i = 0; i < npages; i++)
			*pages++ = area->pages->pinned[first + i];
		if (end == last)
			break;
		cur = end + 1;
		rc = -ENOENT;
	}
	if (rc && cur != iova)
		isim_access_unpin_areas(ioas, iova, cur - 1);
	mutex_unlock(&ioas->lock);
	return rc;
}

/*
 * For VFIO_IOMMU_GET_INFO: the IO page sizes every domain of @ioas has
 * (each domain takes every power of two from its smallest IO page size
 * up; ULONG_MAX without a domain), how many domains there are, and the
 * IOVA alignment.
 */
void isim_iopt_domain_pgsizes(struct isim_ioas *ioas, unsigned long *pgsizes,
			      unsigned int *ndomains, unsigned long *alignment)
{
	struct isim_domain *domain;

	*pgsizes = ULONG_MAX;
	*ndomains = 0;
	mutex_lock(&ioas->lock);
	list_for_each_entry(domain, &ioas->domains, ioas_item) {
		*pgsizes &= ~(domain->pgsize - 1);
		(*ndomains)++;
	}
	*alignment = ioas->iova_alignment;
	mutex_unlock(&ioas->lock);
}

/*
 * Undo isim_iopt_access_pin() of exactly this range.  The areas it pinned
 * cannot have been unmapped (IOAS_UNMAP waits for their pins) and cover
 * the range without a gap, so no other area can be in it.
 */
void isim_iopt_access_unpin(struct isim_ioas *ioas, unsigned long iova,
			    unsigned long length)
{
	unsigned long last;

	if (WARN_ON(!length || check_add_overflow(iova, length - 1, &last)))
		return;
	mutex_lock(&ioas->lock);
	isim_access_unpin_areas(ioas, iova, last);
	mutex_unlock(&ioas->lock);
}

/*
 * An access object's read (or @write) of [iova, iova + length - 1] from
 * (into) the kernel buffer @data, as upstream's iommufd_access_rw(): length
 * 0 -> EINVAL, a wrap -> EOVERFLOW; per area without a gap: being
 * unmapped -> EINVAL, not writable or readable -> EPERM; a gap or the end
 * of the areas -> ENOENT.  Bytes of the areas before a failure may have
 * been copied already.  No alignment is needed.
 */
int isim_iopt_access_rw(struct isim_ioas *ioas, unsigned long iova,
			void *data, unsigned long length, bool write)
{
	unsigned long last, cur, end;
	struct interval_tree_node *n;
	struct isim_area *area;
	int rc = -ENOENT;

	if (!length)
		return -EINVAL;
	if (check_add_overflow(iova, length - 1, &last))
		return -EOVERFLOW;

	mutex_lock(&ioas->lock);
	cur = iova;
	for (n = interval_tree_iter_first(&ioas->areas, iova, last); n;
	     n = interval_tree_iter_next(n, iova, last)) {
		area = isim_area_of(n);
		if (area->node.start > cur)
			break;
		if (area->prevent_access) {
			rc = -EINVAL;
			break;
		}
		if (!(area->prot & (write ? ISIM_PROT_WRITE : ISIM_PROT_READ))) {
			rc = -EPERM;
			break;
		}
		end = min(last, area->node.last);
		rc = isim_pages_rw(area->pages,
				   area->start_byte + (cur - area->node.start),
				   data, end - cur + 1, write);
		if (rc || end == last)
			break;
		data += end - cur + 1;
		cur = end + 1;
		rc = -ENOENT;
	}
	mutex_unlock(&ioas->lock);
	return rc;
}

/*
 * MOCK_FLAGS_ACCESS_SYZ, as upstream's selftest: the IOVA of the @nth area
 * (lowest first) plus @offset, or 0 when there are fewer areas.
 */
unsigned long isim_iopt_nth_area_iova(struct isim_ioas *ioas,
				      unsigned int nth, unsigned long offset)
{
	struct interval_tree_node *n;
	unsigned long iova = 0;

	mutex_lock(&ioas->lock);
	for (n = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		if (!nth--) {
			iova = n->start + offset;
			break;
		}
	}
	mutex_unlock(&ioas->lock);
	return iova;
}

void isim_ioas_debugfs_show(struct seq_file *m, struct isim_ioas *ioas)
{
	struct isim_domain *domain;
	struct interval_tree_node *n;
	unsigned int ndomains = 0;

	mutex_lock(&ioas->lock);
	list_for_each_entry(domain, &ioas->domains, ioas_item)
		ndomains++;
	seq_printf(m, "  domains=%u iova_alignment=0x%lx hw_queue_pins=%u\n",
		   ndomains, ioas->iova_alignment, ioas->nr_pins);
	for (n = interval_tree_iter_first(&ioas->areas, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX)) {
		struct isim_area *area = isim_area_of(n);
		struct isim_pages *pages = area->pages;
		unsigned int pin_users;

		mutex_lock(&pages->mutex);
		pin_users = pages->pin_users;
		mutex_unlock(&pages->mutex);
		seq_printf(m, "  map 0x%lx-0x%lx %s%s %s 0x%lx pinned=%s locks=%u accesses=%u\n",
			   n->start, n->last,
			   area->prot & ISIM_PROT_READ ? "r" : "-",
			   area->prot & ISIM_PROT_WRITE ? "w" : "-",
			   pages->dmabuf ? "dmabuf" :
			   pages->file ? "file" : "user",
			   pages->base + area->start_byte,
			   pin_users ? "yes" : "no", area->num_locks,
			   area->num_accesses);
	}
	for (n = interval_tree_iter_first(&ioas->reserved, 0, ULONG_MAX); n;
	     n = interval_tree_iter_next(n, 0, ULONG_MAX))
		seq_printf(m, "  reserved 0x%lx-0x%lx\n", n->start, n->last);
	mutex_unlock(&ioas->lock);
}
