// SPDX-License-Identifier: GPL-2.0-only
/*
 * IO address spaces (IOAS): the containers of guest memory mappings that
 * devices and page tables attach to, and their ioctls.  Each handler makes
 * upstream's checks in upstream's order; the IOVA bookkeeping is in
 * io_pagetable.c and the memory in pages.c.
 */
#include <linux/capability.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "io_pagetable.h"

#define ISIM_MAP_FLAGS (IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE | \
			IOMMU_IOAS_MAP_READABLE)

int isim_ioas_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_alloc *cmd = ucmd->cmd;
	struct isim_object *obj;
	int rc;

	if (cmd->flags)
		return -EOPNOTSUPP;

	obj = isim_obj_alloc(ucmd->ctx, sizeof(struct isim_ioas),
			     ISIM_OBJ_IOAS);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	/* Before anything can fail: abort runs isim_ioas_destroy(). */
	isim_iopt_init(container_of(obj, struct isim_ioas, obj));

	cmd->out_ioas_id = obj->id;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (rc) {
		isim_obj_abort(ucmd->ctx, obj);
		return rc;
	}
	/* Not while IOMMU_IOAS_CHANGE_PROCESS holds every IOAS locked. */
	down_read(&ucmd->ctx->ioas_creation_lock);
	isim_obj_finalize(ucmd->ctx, obj);
	up_read(&ucmd->ctx->ioas_creation_lock);
	return 0;
}

void isim_ioas_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	struct isim_ioas *ioas = container_of(obj, struct isim_ioas, obj);

	/* No longer the VFIO compatibility IOAS (upstream does it at removal) */
	xa_lock(&ctx->objects);
	if (ctx->vfio_ioas == ioas)
		ctx->vfio_ioas = NULL;
	xa_unlock(&ctx->objects);
	isim_iopt_destroy(ioas);
	kfree(ioas);
}

/* An IOAS for one ioctl; release with isim_obj_put(ctx, &ioas->obj). */
struct isim_ioas *isim_ioas_get(struct isim_ctx *ctx, u32 id)
{
	struct isim_object *obj = isim_obj_get(ctx, id, ISIM_OBJ_IOAS);

	if (IS_ERR(obj))
		return ERR_CAST(obj);
	return container_of(obj, struct isim_ioas, obj);
}

static int isim_map_prot(u32 flags)
{
	int prot = 0;

	if (flags & IOMMU_IOAS_MAP_READABLE)
		prot |= ISIM_PROT_READ;
	if (flags & IOMMU_IOAS_MAP_WRITEABLE)
		prot |= ISIM_PROT_WRITE;
	return prot;
}

/*
 * The argument checks MAP, MAP_FILE and COPY share, in upstream's order:
 * flags, then overflow of any address or length, then no access at all.
 */
static int isim_map_args_check(u32 flags, u64 max_iova, u64 length)
{
	if (flags & ~ISIM_MAP_FLAGS)
		return -EOPNOTSUPP;
	if (max_iova >= ULONG_MAX || length >= ULONG_MAX)
		return -EOVERFLOW;
	if (!(flags & (IOMMU_IOAS_MAP_WRITEABLE | IOMMU_IOAS_MAP_READABLE)))
		return -EINVAL;
	return 0;
}

/*
 * Where the memory of a MAP or MAP_FILE comes from: a new pages object
 * (its reference is the caller's) and the offset of the first byte in its
 * first page.
 */
typedef struct isim_pages *(*isim_map_source_fn)(struct isim_ucmd *ucmd,
						  unsigned long *start_byte);

/*
 * The frame MAP and MAP_FILE share, in upstream's order: the argument
 * checks, the IOAS, the pages from @source, then the mapping at *@cmd_iova
 * (kernel-chosen unless FIXED_IOVA), written back into the command, and
 * the reply.
 */
static int isim_ioas_map_source(struct isim_ucmd *ucmd, u32 ioas_id,
				u32 flags, u64 *cmd_iova, u64 length,
				size_t cmd_len, isim_map_source_fn source)
{
	struct isim_map_piece piece = { .length = length };
	struct isim_ioas *ioas;
	unsigned long iova;
	int rc;

	rc = isim_map_args_check(flags, *cmd_iova, length);
	if (rc)
		return rc;

	ioas = isim_ioas_get(ucmd->ctx, ioas_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);

	piece.pages = source(ucmd, &piece.start_byte);
	if (IS_ERR(piece.pages)) {
		rc = PTR_ERR(piece.pages);
		goto out_put;
	}
	iova = *cmd_iova;
	rc = isim_iopt_map(ioas, &piece, 1, length, &iova,
			   isim_map_prot(flags),
			   flags & IOMMU_IOAS_MAP_FIXED_IOVA);
	if (rc) {
		isim_pages_put(piece.pages);
		goto out_put;
	}
	*cmd_iova = iova;
	rc = isim_ucmd_respond(ucmd, cmd_len);
out_put:
	isim_obj_put(ucmd->ctx, &ioas->obj);
	return rc;
}

static struct isim_pages *isim_map_user_source(struct isim_ucmd *ucmd,
					       unsigned long *start_byte)
{
	struct iommu_ioas_map *cmd = ucmd->cmd;

	*start_byte = cmd->user_va % PAGE_SIZE;
	return isim_pages_alloc_user(READ_ONCE(ucmd->ctx->account_mode),
				     cmd->user_va, cmd->length,
				     cmd->flags & IOMMU_IOAS_MAP_WRITEABLE);
}

int isim_ioas_map_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_map *cmd = ucmd->cmd;

	if (cmd->__reserved)
		return -EOPNOTSUPP;
	return isim_ioas_map_source(ucmd, cmd->ioas_id, cmd->flags, &cmd->iova,
				    cmd->length, sizeof(*cmd),
				    isim_map_user_source);
}

/*
 * A dma-buf (dmabuf.c) is checked and attached now; any other file only
 * when pinned, as upstream.
 */
static struct isim_pages *isim_map_file_source(struct isim_ucmd *ucmd,
					       unsigned long *start_byte)
{
	struct iommu_ioas_map_file *cmd = ucmd->cmd;
	struct isim_pages *pages;
	struct file *file;

	*start_byte = cmd->start % PAGE_SIZE;
	pages = isim_pages_from_dmabuf(cmd->fd, cmd->start, cmd->length,
				       cmd->flags & IOMMU_IOAS_MAP_WRITEABLE);
	if (pages)
		return pages;
	file = fget(cmd->fd);
	if (!file)
		return ERR_PTR(-EBADF);
	pages = isim_pages_alloc_file(READ_ONCE(ucmd->ctx->account_mode),
				      file, cmd->start, cmd->length,
				      cmd->flags & IOMMU_IOAS_MAP_WRITEABLE);
	fput(file);
	return pages;
}

int isim_ioas_map_file_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_map_file *cmd = ucmd->cmd;

	return isim_ioas_map_source(ucmd, cmd->ioas_id, cmd->flags, &cmd->iova,
				    cmd->length, sizeof(*cmd),
				    isim_map_file_source);
}

int isim_ioas_copy_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_copy *cmd = ucmd->cmd;
	struct isim_map_piece *pieces;
	struct isim_ioas *src, *dst;
	unsigned int npieces;
	unsigned long iova;
	int rc;

	rc = isim_map_args_check(cmd->flags, max(cmd->src_iova, cmd->dst_iova),
				 cmd->length);
	if (rc)
		return rc;

	/* Source and destination are never locked together. */
	src = isim_ioas_get(ucmd->ctx, cmd->src_ioas_id);
	if (IS_ERR(src))
		return PTR_ERR(src);
	rc = isim_iopt_get_pieces(src, cmd->src_iova, cmd->length, &pieces,
				  &npieces);
	isim_obj_put(ucmd->ctx, &src->obj);
	if (rc)
		return rc;

	dst = isim_ioas_get(ucmd->ctx, cmd->dst_ioas_id);
	if (IS_ERR(dst)) {
		rc = PTR_ERR(dst);
		goto out_pieces;
	}
	iova = cmd->dst_iova;
	rc = isim_iopt_map(dst, pieces, npieces, cmd->length, &iova,
			   isim_map_prot(cmd->flags),
			   cmd->flags & IOMMU_IOAS_MAP_FIXED_IOVA);
	isim_obj_put(ucmd->ctx, &dst->obj);
	if (rc)
		goto out_pieces;

	cmd->dst_iova = iova;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
out_pieces:
	/* Drops the references the new areas did not take over. */
	isim_iopt_put_pieces(pieces, npieces);
	return rc;
}

int isim_ioas_unmap_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_unmap *cmd = ucmd->cmd;
	unsigned long unmapped = 0;
	struct isim_ioas *ioas;
	unsigned long last;
	int rc;

	ioas = isim_ioas_get(ucmd->ctx, cmd->ioas_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);

	if (cmd->iova == 0 && cmd->length == U64_MAX) {
		rc = isim_iopt_unmap(ioas, 0, ULONG_MAX, &unmapped);
	} else {
		if (cmd->iova >= ULONG_MAX || cmd->length >= ULONG_MAX) {
			rc = -EOVERFLOW;
			goto out_put;
		}
		if (!cmd->length) {
			rc = -EINVAL;
			goto out_put;
		}
		if (check_add_overflow((unsigned long)cmd->iova,
				       (unsigned long)cmd->length - 1, &last)) {
			rc = -EOVERFLOW;
			goto out_put;
		}
		rc = isim_iopt_unmap(ioas, cmd->iova, last, &unmapped);
		if (!rc && !unmapped)
			rc = -ENOENT;
	}
	if (rc)
		goto out_put;

	cmd->length = unmapped;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
out_put:
	isim_obj_put(ucmd->ctx, &ioas->obj);
	return rc;
}

int isim_ioas_iova_ranges_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_iova_ranges *cmd = ucmd->cmd;
	struct iommu_iova_range *ranges;
	unsigned long alignment;
	struct isim_ioas *ioas;
	u32 capacity = cmd->num_iovas, total;
	int rc;

	if (cmd->__reserved)
		return -EOPNOTSUPP;

	ioas = isim_ioas_get(ucmd->ctx, cmd->ioas_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	rc = isim_iopt_iova_ranges(ioas, capacity, &ranges, &total,
				   &alignment);
	isim_obj_put(ucmd->ctx, &ioas->obj);
	if (rc)
		return rc;

	/* Written outside the IOAS lock: user memory may fault. */
	if (ranges && copy_to_user(u64_to_user_ptr(cmd->allowed_iovas), ranges,
				   sizeof(*ranges) * min(total, capacity))) {
		rc = -EFAULT;
		goto out_free;
	}
	cmd->num_iovas = total;
	cmd->out_iova_alignment = alignment;
	rc = isim_ucmd_respond(ucmd, sizeof(*cmd));
	if (!rc && total > capacity)
		rc = -EMSGSIZE;
out_free:
	kfree(ranges);
	return rc;
}

/*
 * Build the requested allowed set before taking the IOAS lock, so that
 * reading the user's array can fault freely.  Ranges are checked in the
 * order given: start must be below last, no overlap with an earlier one.
 */
static int isim_load_allowed(struct iommu_ioas_allow_iovas *cmd,
			     struct rb_root_cached *root)
{
	struct iommu_iova_range __user *uranges =
		u64_to_user_ptr(cmd->allowed_iovas);
	struct interval_tree_node *n;
	struct iommu_iova_range r;
	u32 i;

	for (i = 0; i < cmd->num_iovas; i++) {
		if (copy_from_user(&r, &uranges[i], sizeof(r)))
			return -EFAULT;
		if (r.start >= r.last)
			return -EINVAL;
		if (interval_tree_iter_first(root, r.start, r.last))
			return -EINVAL;
		n = kzalloc(sizeof(*n), GFP_KERNEL_ACCOUNT);
		if (!n)
			return -ENOMEM;
		n->start = r.start;
		n->last = r.last;
		interval_tree_insert(n, root);
		if (fatal_signal_pending(current))
			return -EINTR;
		cond_resched();
	}
	return 0;
}

int isim_ioas_allow_iovas_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_allow_iovas *cmd = ucmd->cmd;
	struct rb_root_cached allowed = RB_ROOT_CACHED;
	struct isim_ioas *ioas;
	int rc;

	if (cmd->__reserved)
		return -EOPNOTSUPP;

	ioas = isim_ioas_get(ucmd->ctx, cmd->ioas_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	rc = isim_load_allowed(cmd, &allowed);
	if (!rc)
		rc = isim_iopt_set_allowed(ioas, &allowed);
	/* the rejected new set, or the replaced old one */
	isim_iopt_free_tree(&allowed);
	isim_obj_put(ucmd->ctx, &ioas->obj);
	return rc;
}

static int isim_option_rlimit_mode(struct isim_ctx *ctx,
				   struct iommu_option *cmd)
{
	int rc = 0;

	if (cmd->object_id)
		return -EOPNOTSUPP;
	if (cmd->op == IOMMU_OPTION_OP_GET) {
		cmd->val64 = READ_ONCE(ctx->account_mode) == ISIM_ACCOUNT_MM;
		return 0;
	}
	if (cmd->op != IOMMU_OPTION_OP_SET)
		return -EOPNOTSUPP;

	if (!capable(CAP_SYS_RESOURCE))
		return -EPERM;
	/*
	 * Any object at all (even a reserved id) makes it EBUSY, as upstream:
	 * under xa_lock no object can appear while the mode changes.
	 */
	xa_lock(&ctx->objects);
	if (!xa_empty(&ctx->objects))
		rc = -EBUSY;
	else if (cmd->val64 == 0)
		WRITE_ONCE(ctx->account_mode, ISIM_ACCOUNT_USER);
	else if (cmd->val64 == 1)
		WRITE_ONCE(ctx->account_mode, ISIM_ACCOUNT_MM);
	else
		rc = -EINVAL;
	xa_unlock(&ctx->objects);
	return rc;
}

static int isim_option_huge_pages(struct isim_ctx *ctx,
				  struct iommu_option *cmd)
{
	struct isim_ioas *ioas;
	int rc = 0;

	ioas = isim_ioas_get(ctx, cmd->object_id);
	if (IS_ERR(ioas))
		return PTR_ERR(ioas);
	if (cmd->op == IOMMU_OPTION_OP_GET)
		cmd->val64 = isim_iopt_large_pages(ioas);
	else if (cmd->op != IOMMU_OPTION_OP_SET)
		rc = -EOPNOTSUPP;
	else if (cmd->val64 == 0 || cmd->val64 == 1)
		rc = isim_iopt_set_large_pages(ioas, cmd->val64);
	else
		rc = -EINVAL;
	isim_obj_put(ctx, &ioas->obj);
	return rc;
}

int isim_option_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_option *cmd = ucmd->cmd;
	struct iommu_option __user *uopt = ucmd->ubuffer;
	int rc;

	if (cmd->__reserved)
		return -EOPNOTSUPP;
	switch (cmd->option_id) {
	case IOMMU_OPTION_RLIMIT_MODE:
		rc = isim_option_rlimit_mode(ucmd->ctx, cmd);
		break;
	case IOMMU_OPTION_HUGE_PAGES:
		rc = isim_option_huge_pages(ucmd->ctx, cmd);
		break;
	default:
		return -EOPNOTSUPP;
	}
	if (rc)
		return rc;
	/* Upstream writes back val64 alone, for SET as well as GET. */
	if (copy_to_user(&uopt->val64, &cmd->val64, sizeof(cmd->val64)))
		return -EFAULT;
	return 0;
}
