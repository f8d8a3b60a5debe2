/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Private interface between ioas.c (the ioctls), io_pagetable.c (the IOVA
 * space of an IOAS) and pages.c (the memory behind a mapping).  Locking is
 * described at the top of iommufd_sim.h.
 */
#ifndef IOMMUFD_SIM_IO_PAGETABLE_H
#define IOMMUFD_SIM_IO_PAGETABLE_H

#include <linux/interval_tree.h>
#include <linux/kref.h>
#include <linux/mutex.h>

#include "iommufd_sim.h"

struct dma_buf_attachment;

#define ISIM_PROT_READ	BIT(0)
#define ISIM_PROT_WRITE	BIT(1)

/*
 * A run of user memory or of a shmem file, shared (by reference) by every
 * area that maps part of it: IOAS_COPY adds areas without pinning again.
 * It is pinned as a whole while at least one such area sits in an IOAS
 * with a domain, and charged once, to the process that created it.
 */
struct isim_pages {
	struct kref kref;
	struct mutex mutex;		/* pin_users, pinned */
	struct file *file;		/* held; NULL for user memory */
	unsigned long base;		/* page-aligned user VA or file offset */
	unsigned long npages;
	bool writable;
	enum isim_account_mode account_mode;
	/* what was current at map time; charged and uncharged exactly */
	struct task_struct *source_task;	/* group leader, for its rlimit */
	struct mm_struct *source_mm;		/* mmgrab() */
	struct user_struct *source_user;	/* get_uid() */
	unsigned int pin_users;		/* areas that need the pages pinned */
	/* IOMMU_IOAS_CHANGE_PROCESS is moving it (under every IOAS lock) */
	bool moving;
	struct page **pinned;		/* npages entries while pin_users */
	/*
	 * A dma-buf of IOMMU_TEST_OP_DMABUF_GET (dmabuf.c): our attachment
	 * (which holds the dma-buf) and the exporter's pages from base, which
	 * "pinned" points into while pin_users and not revoked.  Revoked
	 * (pages->mutex) is for good: the mappings stop translating and a
	 * new MAP_FILE gets a new attachment.
	 */
	struct dma_buf_attachment *dmabuf;
	struct page **dmabuf_pages;
	bool revoked;
};

/* One mapping: @length bytes of @pages from @start_byte, at node.start. */
struct isim_area {
	struct interval_tree_node node;	/* IOVA range, in ioas->areas */
	struct isim_pages *pages;	/* a reference */
	unsigned long start_byte;
	int prot;			/* ISIM_PROT_* */
	/* isim_ioas_pin_locked() users: IOAS_UNMAP answers EBUSY while set */
	unsigned int num_locks;
	/* access pins (isim_iopt_access_pin()): IOAS_UNMAP notifies them */
	unsigned int num_accesses;
	/* being unmapped: no new access pin or read/write (EINVAL) */
	bool prevent_access;
};

/* A piece of memory on its way into an IOAS (MAP: one, COPY: several). */
struct isim_map_piece {
	struct isim_pages *pages;	/* a reference, moved into the area */
	unsigned long start_byte;
	unsigned long length;
};

/* pages.c */
struct isim_pages *isim_pages_alloc(enum isim_account_mode ctx_mode,
				    unsigned long start_byte,
				    unsigned long length, bool writable);
struct isim_pages *isim_pages_alloc_user(enum isim_account_mode ctx_mode,
					 unsigned long uptr,
					 unsigned long length, bool writable);
struct isim_pages *isim_pages_alloc_file(enum isim_account_mode ctx_mode,
					 struct file *file, unsigned long start,
					 unsigned long length, bool writable);
void isim_pages_put(struct isim_pages *pages);
int isim_pages_pin(struct isim_pages *pages);
void isim_pages_unpin(struct isim_pages *pages);
int isim_pages_rw(struct isim_pages *pages, unsigned long start_byte,
		  void *data, unsigned long length, bool write);

/* pages.c, for IOMMU_IOAS_CHANGE_PROCESS (change_process.c) */
unsigned long isim_pages_charged(struct isim_pages *pages);
bool isim_pages_charge_moves(struct isim_pages *pages);
int isim_account_current(enum isim_account_mode mode, unsigned long npages,
			 bool inc);
void isim_pages_move_to_current(struct isim_pages *pages, bool uncharge);

/* dmabuf.c */
#if IS_ENABLED(CONFIG_DMA_SHARED_BUFFER)
struct isim_pages *isim_pages_from_dmabuf(int fd, unsigned long start,
					  unsigned long length, bool writable);
void isim_dmabuf_detach(struct isim_pages *pages);
#else
static inline struct isim_pages *
isim_pages_from_dmabuf(int fd, unsigned long start, unsigned long length,
		       bool writable)
{
	return NULL;
}

static inline void isim_dmabuf_detach(struct isim_pages *pages)
{
}
#endif

static inline void isim_pages_get(struct isim_pages *pages)
{
	kref_get(&pages->kref);
}

/* io_pagetable.c */
struct isim_area *isim_iopt_area_first(struct isim_ioas *ioas);
struct isim_area *isim_iopt_area_next(struct isim_area *area);
void isim_iopt_init(struct isim_ioas *ioas);
void isim_iopt_destroy(struct isim_ioas *ioas);
int isim_iopt_map(struct isim_ioas *ioas, struct isim_map_piece *pieces,
		  unsigned int npieces, unsigned long length,
		  unsigned long *iova, int prot, bool fixed);
int isim_iopt_get_pieces(struct isim_ioas *ioas, unsigned long iova,
			 unsigned long length, struct isim_map_piece **pieces,
			 unsigned int *npieces);
void isim_iopt_put_pieces(struct isim_map_piece *pieces, unsigned int n);
int isim_iopt_unmap(struct isim_ioas *ioas, unsigned long start,
		    unsigned long last, unsigned long *unmapped);
int isim_iopt_iova_ranges(struct isim_ioas *ioas, u32 capacity,
			  struct iommu_iova_range **ranges, u32 *total,
			  unsigned long *alignment);
int isim_iopt_set_allowed(struct isim_ioas *ioas,
			  struct rb_root_cached *allowed);
void isim_iopt_free_tree(struct rb_root_cached *root);
int isim_iopt_set_large_pages(struct isim_ioas *ioas, bool enable);
bool isim_iopt_large_pages(struct isim_ioas *ioas);
int isim_iopt_cut_iova(struct isim_ioas *ioas, const unsigned long *iovas,
		       unsigned int n);
void isim_iopt_domain_pgsizes(struct isim_ioas *ioas, unsigned long *pgsizes,
			      unsigned int *ndomains, unsigned long *alignment);
/* accesses (access.c) */
int isim_iopt_add_access(struct isim_ioas *ioas, void *access,
			 bool page_aligned, u32 *list_id);
void isim_iopt_remove_access(struct isim_ioas *ioas, u32 list_id,
			     bool page_aligned);
int isim_iopt_access_pin(struct isim_ioas *ioas, unsigned long iova,
			 unsigned long length, struct page **pages,
			 bool write);
void isim_iopt_access_unpin(struct isim_ioas *ioas, unsigned long iova,
			    unsigned long length);
int isim_iopt_access_rw(struct isim_ioas *ioas, unsigned long iova,
			void *data, unsigned long length, bool write);
unsigned long isim_iopt_nth_area_iova(struct isim_ioas *ioas,
				      unsigned int nth, unsigned long offset);

#endif /* IOMMUFD_SIM_IO_PAGETABLE_H */
