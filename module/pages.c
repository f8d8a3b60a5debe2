// SPDX-License-Identifier: GPL-2.0-only
/*
 * The memory behind IOAS mappings.
 *
 * A struct isim_pages names user memory (a VA range of the process that
 * mapped it) or a range of a shmem file.  Nothing is touched at map time:
 * the pages are pinned when an IOAS that maps them gets a domain (or is
 * mapped into one that has a domain) and unpinned when the last such user
 * goes away.  While pinned they are charged to RLIMIT_MEMLOCK of whoever
 * mapped them, in the mode the context chose (IOMMU_OPTION_RLIMIT_MODE), and
 * counted in isim_pinned_pages.
 *
 * A dma-buf (dmabuf.c) is pinned by its exporter: pinning only points at
 * the exporter's pages, charges nothing and counts nothing; accesses and
 * HW queues cannot use it (EINVAL), as upstream.
 *
 * An access object's read/write (isim_pages_rw()) uses the pinned pages
 * when there are any, else pins the pages it needs for the copy only,
 * uncharged and uncounted, and unpins them again.
 */
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/overflow.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/user.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>

#include "io_pagetable.h"

/* Pages pinned by every context, for leak checks (debugfs pinned_pages). */
atomic_long_t isim_pinned_pages = ATOMIC_LONG_INIT(0);

/* Pages pinned per GUP call: bounds the time mmap_lock is held at once. */
#define ISIM_PIN_BATCH 512UL

struct isim_pages *isim_pages_alloc(enum isim_account_mode ctx_mode,
				    unsigned long start_byte,
				    unsigned long length, bool writable)
{
	struct isim_pages *pages;

	/* npages below must not overflow */
	if (length == 0 || length > SIZE_MAX - PAGE_SIZE)
		return ERR_PTR(-EINVAL);
	/* An ioctl always runs in a process with an mm to charge. */
	if (!current->mm)
		return ERR_PTR(-EFAULT);

	pages = kzalloc(sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return ERR_PTR(-ENOMEM);
	kref_init(&pages->kref);
	mutex_init(&pages->mutex);
	pages->npages = DIV_ROUND_UP(length + start_byte, PAGE_SIZE);
	pages->writable = writable;

	/*
	 * As upstream: CAP_IPC_LOCK is never limited; otherwise the context's
	 * mode decides between the user's and the process's counter.
	 */
	if (capable(CAP_IPC_LOCK))
		pages->account_mode = ISIM_ACCOUNT_NONE;
	else
		pages->account_mode = ctx_mode;

	pages->source_task = current->group_leader;
	get_task_struct(pages->source_task);
	pages->source_mm = current->mm;
	mmgrab(pages->source_mm);
	pages->source_user = get_uid(current_user());
	return pages;
}

struct isim_pages *isim_pages_alloc_user(enum isim_account_mode ctx_mode,
					 unsigned long uptr,
					 unsigned long length, bool writable)
{
	struct isim_pages *pages;
	unsigned long end;

	if (check_add_overflow(uptr, length, &end))
		return ERR_PTR(-EOVERFLOW);
	pages = isim_pages_alloc(ctx_mode, uptr % PAGE_SIZE, length, writable);
	if (!IS_ERR(pages))
		pages->base = ALIGN_DOWN(uptr, PAGE_SIZE);
	return pages;
}

struct isim_pages *isim_pages_alloc_file(enum isim_account_mode ctx_mode,
					 struct file *file, unsigned long start,
					 unsigned long length, bool writable)
{
	struct isim_pages *pages;
	unsigned long last;

	if (length && check_add_overflow(start, length - 1, &last))
		return ERR_PTR(-EOVERFLOW);
	pages = isim_pages_alloc(ctx_mode, start % PAGE_SIZE, length,
				 writable);
	if (!IS_ERR(pages)) {
		pages->base = ALIGN_DOWN(start, PAGE_SIZE);
		pages->file = get_file(file);
	}
	return pages;
}

static void isim_pages_release(struct kref *kref)
{
	struct isim_pages *pages = container_of(kref, struct isim_pages, kref);

	/* Every area unpins before it drops its reference. */
	WARN_ON(pages->pin_users);
	if (pages->dmabuf)
		isim_dmabuf_detach(pages);
	if (pages->file)
		fput(pages->file);
	free_uid(pages->source_user);
	mmdrop(pages->source_mm);
	put_task_struct(pages->source_task);
	mutex_destroy(&pages->mutex);
	kfree(pages);
}

void isim_pages_put(struct isim_pages *pages)
{
	kref_put(&pages->kref, isim_pages_release);
}

/*
 * Pin through the recorded mm, not current's: the domain that needs the
 * pages may be attached by another process that shares the fd.  A dead mm
 * has nothing left to pin; a VM_IO/VM_PFNMAP range fails in GUP (EFAULT).
 */
static int isim_pin_user(struct isim_pages *pages, struct page **list)
{
	unsigned int flags = FOLL_LONGTERM;
	struct mm_struct *mm = pages->source_mm;
	unsigned long done = 0;
	long rc = 0;

	if (pages->writable)
		flags |= FOLL_WRITE;
	if (!mmget_not_zero(mm))
		return -EFAULT;
	mmap_read_lock(mm);
	while (done < pages->npages) {
		rc = isim_pin_user_pages_remote(mm,
						pages->base + done * PAGE_SIZE,
						min(pages->npages - done,
						    ISIM_PIN_BATCH),
						flags, list + done);
		if (rc <= 0)
			break;
		done += rc;
	}
	mmap_read_unlock(mm);
	mmput(mm);
	if (done == pages->npages)
		return 0;
	unpin_user_pages(list, done);
	return rc < 0 ? rc : -EFAULT;
}

#ifdef HAVE_MEMFD_PIN_FOLIOS
/* Folios pinned per memfd_pin_folios() call (on the stack). */
#define ISIM_FILE_BATCH 16U

/*
 * As upstream: memfd_pin_folios() takes one FOLL_PIN pin per folio (and
 * allocates holes; past EOF and files that are not memfds are EINVAL),
 * so MD_CHECK_REFS sees the pins.  Every page of @list points into a
 * pinned folio; isim_unpin_file() drops one pin per folio.
 */
static void isim_unpin_file(struct page **list, unsigned long npages,
			    bool dirty)
{
	struct folio *prev = NULL;
	unsigned long i;

	/* A folio's pages are consecutive in the file, so in @list. */
	for (i = 0; i < npages; i++) {
		struct folio *folio = page_folio(list[i]);

		if (folio == prev)
			continue;
		prev = folio;
		if (dirty)
			set_page_dirty_lock(list[i]);
		unpin_folio(folio);
	}
}

static int isim_pin_file(struct isim_pages *pages, struct page **list)
{
	loff_t end = ((loff_t)pages->base + pages->npages * PAGE_SIZE) - 1;
	struct folio *folios[ISIM_FILE_BATCH];
	unsigned long done = 0, first, nr;
	pgoff_t offset;
	long n, i;

	while (done < pages->npages) {
		n = memfd_pin_folios(pages->file,
				     (loff_t)pages->base + done * PAGE_SIZE,
				     end, folios, ISIM_FILE_BATCH, &offset);
		if (n <= 0) {
			isim_unpin_file(list, done, false);
			return n ? n : -EFAULT;
		}
		first = offset >> PAGE_SHIFT;
		for (i = 0; i < n; i++) {
			/* the last folio may reach past the range */
			nr = min(folio_nr_pages(folios[i]) - first,
				 pages->npages - done);
			while (nr--)
				list[done++] = folio_page(folios[i], first++);
			first = 0;
		}
		cond_resched();
	}
	return 0;
}

static void isim_release_file(struct isim_pages *pages)
{
	isim_unpin_file(pages->pinned, pages->npages, pages->writable);
}

/* One page of an unpinned memfd, pinned for a copy. */
static struct page *isim_file_get_page(struct isim_pages *pages,
				       pgoff_t index)
{
	loff_t pos = (loff_t)pages->base + index * PAGE_SIZE;
	struct folio *folio;
	pgoff_t offset;
	long n;

	n = memfd_pin_folios(pages->file, pos, pos + PAGE_SIZE - 1, &folio, 1,
			     &offset);
	if (n <= 0)
		return ERR_PTR(n ? n : -EFAULT);
	return folio_page(folio, offset >> PAGE_SHIFT);
}

static void isim_file_put_page(struct page *page)
{
	unpin_folio(page_folio(page));
}
#else
/*
 * Linux 6.1 has no memfd_pin_folios(), so file pages are held by a page
 * reference taken through the shmem page cache, which also allocates
 * holes.  Like upstream only shmem (memfd) works; past EOF is EINVAL.
 * hugetlbfs files are refused with EINVAL as well (see the README).
 */
static struct page *isim_file_get_page(struct isim_pages *pages,
				       pgoff_t index)
{
	if (file_inode(pages->file)->i_sb->s_magic != TMPFS_MAGIC)
		return ERR_PTR(-EINVAL);
	return shmem_read_mapping_page(pages->file->f_mapping,
				       (pages->base >> PAGE_SHIFT) + index);
}

static void isim_file_put_page(struct page *page)
{
	put_page(page);
}

static int isim_pin_file(struct isim_pages *pages, struct page **list)
{
	unsigned long i;
	struct page *page;

	for (i = 0; i < pages->npages; i++) {
		page = isim_file_get_page(pages, i);
		if (IS_ERR(page))
			goto err_put;
		list[i] = page;
		cond_resched();
	}
	return 0;

err_put:
	while (i--)
		put_page(list[i]);
	return PTR_ERR(page);
}

static void isim_release_file(struct isim_pages *pages)
{
	unsigned long i;

	for (i = 0; i < pages->npages; i++) {
		if (pages->writable)
			set_page_dirty_lock(pages->pinned[i]);
		put_page(pages->pinned[i]);
	}
}
#endif

static void isim_release_pinned(struct isim_pages *pages)
{
	if (pages->file)
		isim_release_file(pages);
	else
		unpin_user_pages_dirty_lock(pages->pinned, pages->npages,
					    pages->writable);
}

/* user_struct::locked_vm is shared by all of the user's processes. */
static int isim_charge_user(struct task_struct *task, struct user_struct *user,
			    unsigned long npages)
{
	unsigned long limit;
	long cur, new;

	limit = task_rlimit(task, RLIMIT_MEMLOCK) >> PAGE_SHIFT;
	cur = atomic_long_read(&user->locked_vm);
	do {
		/* written so that neither side can overflow */
		if ((unsigned long)cur > limit ||
		    npages > limit - (unsigned long)cur)
			return -ENOMEM;
		new = cur + npages;
	} while (!atomic_long_try_cmpxchg(&user->locked_vm, &cur, new));
	return 0;
}

/*
 * Charge (@inc) or uncharge @npages in @mode to a process: its group
 * leader @task (whose RLIMIT_MEMLOCK applies), @mm and @user.
 */
static int isim_account(enum isim_account_mode mode, struct task_struct *task,
			struct mm_struct *mm, struct user_struct *user,
			unsigned long npages, bool inc)
{
	int rc = 0;

	switch (mode) {
	case ISIM_ACCOUNT_NONE:
		break;
	case ISIM_ACCOUNT_USER:
		if (inc)
			rc = isim_charge_user(task, user, npages);
		else
			atomic_long_sub(npages, &user->locked_vm);
		break;
	case ISIM_ACCOUNT_MM:
		/* mmgrab() keeps mm_struct, its lock and counters valid */
		mmap_write_lock(mm);
		rc = __account_locked_vm(mm, npages, inc, task, false);
		mmap_write_unlock(mm);
		break;
	}
	if (rc)
		return rc;
	/* Statistics only, in every mode (shown as VmPin). */
	if (inc)
		atomic64_add(npages, &mm->pinned_vm);
	else
		atomic64_sub(npages, &mm->pinned_vm);
	return 0;
}

static int isim_charge(struct isim_pages *pages, bool inc)
{
	return isim_account(pages->account_mode, pages->source_task,
			    pages->source_mm, pages->source_user,
			    pages->npages, inc);
}

/*
 * One more area needs @pages pinned.  The first pins and charges all of
 * them; on failure nothing stays pinned or charged.
 */
int isim_pages_pin(struct isim_pages *pages)
{
	struct page **list;
	int rc;

	mutex_lock(&pages->mutex);
	if (pages->pin_users) {
		pages->pin_users++;
		mutex_unlock(&pages->mutex);
		return 0;
	}
	/* The exporter keeps its pages while we are attached: no charge. */
	if (pages->dmabuf) {
		if (!pages->revoked)
			pages->pinned = pages->dmabuf_pages;
		pages->pin_users = 1;
		mutex_unlock(&pages->mutex);
		return 0;
	}

	list = kvcalloc(pages->npages, sizeof(*list), GFP_KERNEL_ACCOUNT);
	if (!list) {
		rc = -ENOMEM;
		goto err_unlock;
	}
	if (pages->file)
		rc = isim_pin_file(pages, list);
	else
		rc = isim_pin_user(pages, list);
	if (rc)
		goto err_free;
	pages->pinned = list;

	/* After pinning, as upstream: hitting the limit undoes the pin. */
	rc = isim_charge(pages, true);
	if (rc)
		goto err_release;

	pages->pin_users = 1;
	atomic_long_add(pages->npages, &isim_pinned_pages);
	mutex_unlock(&pages->mutex);
	return 0;

err_release:
	isim_release_pinned(pages);
	pages->pinned = NULL;
err_free:
	kvfree(list);
err_unlock:
	mutex_unlock(&pages->mutex);
	return rc;
}

/* Undo one isim_pages_pin(); the last one unpins and uncharges. */
void isim_pages_unpin(struct isim_pages *pages)
{
	mutex_lock(&pages->mutex);
	if (WARN_ON(!pages->pin_users) || --pages->pin_users) {
		mutex_unlock(&pages->mutex);
		return;
	}
	if (pages->dmabuf) {
		pages->pinned = NULL;
		mutex_unlock(&pages->mutex);
		return;
	}
	isim_release_pinned(pages);
	kvfree(pages->pinned);
	pages->pinned = NULL;
	/* Decrementing never fails. */
	isim_charge(pages, false);
	atomic_long_sub(pages->npages, &isim_pinned_pages);
	mutex_unlock(&pages->mutex);
}

/*
 * IOMMU_IOAS_CHANGE_PROCESS (change_process.c), with every IOAS of the
 * context locked, so that no pin state changes: the pages charged now.
 */
unsigned long isim_pages_charged(struct isim_pages *pages)
{
	return pages->pin_users ? pages->npages : 0;
}

/*
 * Does moving @pages to current change a charge?  As upstream: never in
 * mode NONE; in mode MM when the mm differs; in mode USER when the user or
 * the mm (its VmPin) differs.
 */
bool isim_pages_charge_moves(struct isim_pages *pages)
{
	switch (pages->account_mode) {
	case ISIM_ACCOUNT_NONE:
		return false;
	case ISIM_ACCOUNT_MM:
		return pages->source_mm != current->mm;
	case ISIM_ACCOUNT_USER:
		return pages->source_user != current_user() ||
		       pages->source_mm != current->mm;
	}
	return true;
}

/* Charge or uncharge @npages in @mode to the current process. */
int isim_account_current(enum isim_account_mode mode, unsigned long npages,
			 bool inc)
{
	return isim_account(mode, current->group_leader, current->mm,
			    current_user(), npages, inc);
}

/*
 * Make current the source of @pages: uncharge what is charged from the
 * old source when @uncharge (the caller charged current already), then
 * record current's group leader, mm and user.  In mode NONE only VmPin
 * moves, so that the unpin later subtracts it from the mm that has it.
 */
void isim_pages_move_to_current(struct isim_pages *pages, bool uncharge)
{
	struct task_struct *old_task = pages->source_task;
	struct user_struct *old_user = pages->source_user;
	struct mm_struct *old_mm = pages->source_mm;
	unsigned long charged;

	mutex_lock(&pages->mutex);
	charged = isim_pages_charged(pages);
	if (uncharge && charged)
		/* Decrementing never fails. */
		isim_charge(pages, false);
	if (pages->account_mode == ISIM_ACCOUNT_NONE && charged &&
	    old_mm != current->mm) {
		atomic64_sub(charged, &old_mm->pinned_vm);
		atomic64_add(charged, &current->mm->pinned_vm);
	}

	pages->source_mm = current->mm;
	mmgrab(pages->source_mm);
	pages->source_task = current->group_leader;
	get_task_struct(pages->source_task);
	pages->source_user = get_uid(current_user());
	mutex_unlock(&pages->mutex);

	mmdrop(old_mm);
	put_task_struct(old_task);
	free_uid(old_user);
}

/* Pages pinned at once by a read/write of unpinned memory (on the stack) */
#define ISIM_RW_BATCH 16UL

/* Copy between @data and @page from @offset, up to the page's end. */
static unsigned long isim_copy_page(struct page *page, unsigned long offset,
				    void *data, unsigned long length,
				    bool write)
{
	unsigned long n = min(length, PAGE_SIZE - offset);
	void *va = kmap_local_page(page);

	if (write)
		memcpy(va + offset, data, n);
	else
		memcpy(data, va + offset, n);
	kunmap_local(va);
	return n;
}

/*
 * Unpinned user memory: pin ISIM_RW_BATCH pages at a time through the mm
 * recorded at map time (EFAULT once it is gone), copy, unpin.  GUP faults
 * the pages in itself, so no user address is dereferenced under our locks.
 */
static int isim_rw_user(struct isim_pages *pages, unsigned long index,
			unsigned long offset, void *data, unsigned long length,
			bool write)
{
	struct mm_struct *mm = pages->source_mm;
	struct page *list[ISIM_RW_BATCH];
	unsigned long done;
	long n, i;
	int rc = 0;

	if (!mmget_not_zero(mm))
		return -EFAULT;
	while (length) {
		n = DIV_ROUND_UP(offset + length, PAGE_SIZE);
		mmap_read_lock(mm);
		n = isim_pin_user_pages_remote(mm, pages->base +
					       index * PAGE_SIZE,
					       min_t(unsigned long, n,
						     ISIM_RW_BATCH),
					       write ? FOLL_WRITE : 0, list);
		mmap_read_unlock(mm);
		if (n <= 0) {
			rc = n ? n : -EFAULT;
			break;
		}
		for (i = 0; i < n; i++) {
			done = isim_copy_page(list[i], offset, data, length,
					      write);
			data += done;
			length -= done;
			offset = 0;
		}
		unpin_user_pages_dirty_lock(list, n, write);
		index += n;
		cond_resched();
	}
	mmput(mm);
	return rc;
}

/* Unpinned memfd pages: one page at a time, as isim_pin_file(). */
static int isim_rw_file(struct isim_pages *pages, unsigned long index,
			unsigned long offset, void *data, unsigned long length,
			bool write)
{
	struct page *page;
	unsigned long done;

	for (; length; index++) {
		page = isim_file_get_page(pages, index);
		if (IS_ERR(page))
			return PTR_ERR(page);
		done = isim_copy_page(page, offset, data, length, write);
		if (write)
			set_page_dirty_lock(page);
		isim_file_put_page(page);
		data += done;
		length -= done;
		offset = 0;
		cond_resched();
	}
	return 0;
}

/*
 * Copy @length bytes from byte @start_byte of @pages into @data, or with
 * @write from @data into them (EPERM for read-only memory).  Under
 * pages->mutex, so the pin state cannot change meanwhile.
 */
int isim_pages_rw(struct isim_pages *pages, unsigned long start_byte,
		  void *data, unsigned long length, bool write)
{
	unsigned long index = start_byte / PAGE_SIZE;
	unsigned long offset = start_byte % PAGE_SIZE;
	unsigned long done;
	int rc = 0;

	if (write && !pages->writable)
		return -EPERM;
	/* as upstream: no CPU access to a dma-buf through an access */
	if (pages->dmabuf)
		return -EINVAL;
	if (WARN_ON(!length ||
		    (start_byte + length - 1) / PAGE_SIZE >= pages->npages))
		return -EINVAL;

	mutex_lock(&pages->mutex);
	if (pages->pin_users) {
		for (; length; index++) {
			done = isim_copy_page(pages->pinned[index], offset,
					      data, length, write);
			data += done;
			length -= done;
			offset = 0;
		}
	} else if (pages->file) {
		rc = isim_rw_file(pages, index, offset, data, length, write);
	} else {
		rc = isim_rw_user(pages, index, offset, data, length, write);
	}
	mutex_unlock(&pages->mutex);
	return rc;
}
