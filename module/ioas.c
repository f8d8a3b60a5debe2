// SPDX-License-Identifier: GPL-2.0-only
/*
 * IO address spaces (IOAS): the containers of guest memory mappings that
 * devices and page tables attach to.
 */
#include <linux/slab.h>

#include "iommufd_sim.h"

int isim_ioas_alloc_ioctl(struct isim_ucmd *ucmd)
{
	struct iommu_ioas_alloc *cmd = ucmd->cmd;
	struct isim_object *obj;

	if (cmd->flags)
		return -EOPNOTSUPP;

	obj = isim_obj_alloc(ucmd->ctx, sizeof(struct isim_ioas),
			     ISIM_OBJ_IOAS);
	if (IS_ERR(obj))
		return PTR_ERR(obj);
	ucmd->new_obj = obj;

	cmd->out_ioas_id = obj->id;
	return isim_ucmd_respond(ucmd, sizeof(*cmd));
}

void isim_ioas_destroy(struct isim_ctx *ctx, struct isim_object *obj)
{
	kfree(container_of(obj, struct isim_ioas, obj));
}
