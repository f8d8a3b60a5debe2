// SPDX-License-Identifier: GPL-2.0-only
/*
 * Read-only debugfs view of the simulator, for tests and curious users:
 * /sys/kernel/debug/iommufd_sim/
 *   live_objects   objects alive in all contexts (0 when nothing leaked)
 *   pinned_pages   pages pinned for IOAS mappings in all contexts
 *   devices/<ID>   a simulated VFIO device's state (sim_bus.c)
 *   contexts/<N>/  one open context's objects, devices, IOASes and
 *                  vIOMMUs (ctx_debugfs.c)
 */
#include <linux/debugfs.h>

#include "iommufd_sim.h"

static struct dentry *isim_debugfs_root;
static struct dentry *isim_debugfs_contexts;

static int isim_live_objects_get(void *data, u64 *val)
{
	*val = atomic_long_read(&isim_live_objects);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(isim_live_objects_fops, isim_live_objects_get, NULL,
			 "%llu\n");

static int isim_pinned_pages_get(void *data, u64 *val)
{
	*val = atomic_long_read(&isim_pinned_pages);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(isim_pinned_pages_fops, isim_pinned_pages_get, NULL,
			 "%llu\n");

void isim_debugfs_init(void)
{
	/* debugfs failures are not fatal: the simulator works without it. */
	isim_debugfs_root = debugfs_create_dir(ISIM_NAME, NULL);
	debugfs_create_file_unsafe("live_objects", 0400, isim_debugfs_root,
				   NULL, &isim_live_objects_fops);
	debugfs_create_file_unsafe("pinned_pages", 0400, isim_debugfs_root,
				   NULL, &isim_pinned_pages_fops);
	isim_debugfs_contexts = debugfs_create_dir("contexts",
						   isim_debugfs_root);
}

struct dentry *isim_debugfs_dir(void)
{
	return isim_debugfs_root;
}

struct dentry *isim_debugfs_contexts_dir(void)
{
	return isim_debugfs_contexts;
}

void isim_debugfs_exit(void)
{
	debugfs_remove_recursive(isim_debugfs_root);
}
