// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the iommufd_sim bus and its simulated VFIO PCI devices, made
 * and removed from sysfs as netdevsim's are (README.md, "Simulated VFIO
 * devices"):
 *
 *   echo "ID MODEL SID" > /sys/bus/iommufd_sim/new_device
 *   echo ID > /sys/bus/iommufd_sim/del_device
 *
 * A device is an IOMMU model (selftest or tegra241) and a physical stream
 * ID; its node /dev/iommufd-sim-vfio<ID> speaks the VFIO device cdev uAPI
 * (vfio_device.c).  Binding it to an iommufd-sim context makes its idev
 * there.  Locking: sim_bus.h.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "sim_bus.h"

static DEFINE_MUTEX(isim_bus_lock);
static DEFINE_XARRAY(isim_simdevs);	/* ID -> struct isim_simdev */
static dev_t isim_vfdev_devt;
static struct dentry *isim_debugfs_devices;	/* debugfs devices/ */

/*
 * debugfs devices/<ID>: what the device is and, while bound, its id in
 * the context and what it is attached to; config space and eventfds.
 */
static int isim_simdev_state_show(struct seq_file *m, void *unused)
{
	struct isim_simdev *simdev = m->private;
	u8 command[2];

	mutex_lock(&simdev->lock);
	isim_pci_cfg_read(&simdev->cfg, 0x04, command, sizeof(command));
	seq_printf(m, "model: %s\nstream_id: 0x%x\nopen_files: %u\n",
		   simdev->model_name, simdev->stream_id, simdev->open_count);
	isim_vfdev_show(m, simdev);
	seq_printf(m, "command: 0x%04x\nerr_eventfd: %s\nreq_eventfd: %s\n",
		   command[0] | command[1] << 8,
		   simdev->err_trigger ? "yes" : "no",
		   simdev->req_trigger ? "yes" : "no");
	seq_printf(m, "kvm_files: %u\n", simdev->kvm_files);
	mutex_unlock(&simdev->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(isim_simdev_state);

static const struct {
	const char *name;
	const struct isim_iommu_model *model;
} isim_bus_models[] = {
	{ "selftest", &isim_selftest_model },
	{ "tegra241", &isim_grace_model },
};

static struct isim_simdev *to_simdev(struct device *dev)
{
	return container_of(dev, struct isim_simdev, dev);
}

static ssize_t model_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%s\n", to_simdev(dev)->model_name);
}
static DEVICE_ATTR_RO(model);

static ssize_t stream_id_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0x%x\n", to_simdev(dev)->stream_id);
}
static DEVICE_ATTR_RO(stream_id);

static ssize_t vendor_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%04x\n", ISIM_PCI_VENDOR_ID);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%04x\n", ISIM_PCI_DEVICE_ID);
}
static DEVICE_ATTR_RO(device);

static ssize_t class_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "0x%06x\n", ISIM_PCI_CLASS);
}
static DEVICE_ATTR_RO(class);

/* 1 while a file of the node is bound to an iommufd-sim context */
static ssize_t bound_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct isim_simdev *simdev = to_simdev(dev);
	bool bound;

	mutex_lock(&simdev->lock);
	bound = simdev->bound;
	mutex_unlock(&simdev->lock);
	return sysfs_emit(buf, "%d\n", bound);
}
static DEVICE_ATTR_RO(bound);

static struct attribute *isim_simdev_attrs[] = {
	&dev_attr_model.attr,
	&dev_attr_stream_id.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	&dev_attr_class.attr,
	&dev_attr_bound.attr,
	NULL,
};
ATTRIBUTE_GROUPS(isim_simdev);

static void isim_simdev_release(struct device *dev)
{
	struct isim_simdev *simdev = to_simdev(dev);

	mutex_destroy(&simdev->lock);
	kfree(simdev);
}

int isim_simdev_open(struct isim_simdev *simdev)
{
	int rc = 0;

	mutex_lock(&simdev->lock);
	if (simdev->gone)
		rc = -ENODEV;
	else
		simdev->open_count++;
	mutex_unlock(&simdev->lock);
	if (!rc)
		get_device(&simdev->dev);
	return rc;
}

void isim_simdev_close(struct isim_simdev *simdev)
{
	mutex_lock(&simdev->lock);
	simdev->open_count--;
	mutex_unlock(&simdev->lock);
	put_device(&simdev->dev);
}

static struct bus_type isim_bus_type;

static int isim_simdev_create(u32 id, unsigned int model, u32 stream_id)
{
	struct isim_simdev *simdev, *other;
	unsigned long index;
	char name[12];
	int rc;

	simdev = kzalloc(sizeof(*simdev), GFP_KERNEL);
	if (!simdev)
		return -ENOMEM;
	mutex_init(&simdev->lock);
	simdev->id = id;
	simdev->model = isim_bus_models[model].model;
	simdev->model_name = isim_bus_models[model].name;
	simdev->stream_id = stream_id;
	isim_pci_cfg_reset(&simdev->cfg);

	device_initialize(&simdev->dev);
	simdev->dev.bus = &isim_bus_type;
	simdev->dev.groups = isim_simdev_groups;
	simdev->dev.release = isim_simdev_release;
	simdev->dev.devt = MKDEV(MAJOR(isim_vfdev_devt), id);
	cdev_init(&simdev->cdev, &isim_vfdev_fops);
	simdev->cdev.owner = THIS_MODULE;
	rc = dev_set_name(&simdev->dev, "iommufd-sim-vfio%u", id);
	if (rc)
		goto err_put;

	mutex_lock(&isim_bus_lock);
	xa_for_each(&isim_simdevs, index, other) {
		if (other->id == id ||
		    (other->model == simdev->model &&
		     other->stream_id == stream_id)) {
			rc = -EEXIST;
			goto err_unlock;
		}
	}
	rc = xa_insert(&isim_simdevs, id, simdev, GFP_KERNEL);
	if (rc)
		goto err_unlock;
	rc = cdev_device_add(&simdev->cdev, &simdev->dev);
	if (rc) {
		xa_erase(&isim_simdevs, id);
		goto err_unlock;
	}
	/* debugfs failures are not fatal (debugfs.c) */
	snprintf(name, sizeof(name), "%u", id);
	simdev->debugfs = debugfs_create_file(name, 0400, isim_debugfs_devices,
					      simdev, &isim_simdev_state_fops);
	mutex_unlock(&isim_bus_lock);
	return 0;

err_unlock:
	mutex_unlock(&isim_bus_lock);
err_put:
	put_device(&simdev->dev);
	return rc;
}

/* Called with isim_bus_lock held; the device is out of the table after. */
static int isim_simdev_remove_locked(struct isim_simdev *simdev)
{
	bool busy;

	lockdep_assert_held(&isim_bus_lock);
	mutex_lock(&simdev->lock);
	busy = simdev->open_count;
	if (!busy)
		simdev->gone = true;
	mutex_unlock(&simdev->lock);
	if (busy)
		return -EBUSY;
	/* waits for a reader of the file, which takes simdev->lock */
	debugfs_remove(simdev->debugfs);
	xa_erase(&isim_simdevs, simdev->id);
	cdev_device_del(&simdev->cdev, &simdev->dev);
	put_device(&simdev->dev);
	return 0;
}

/* The next whitespace-separated word of *s, or NULL */
static char *isim_next_word(char **s)
{
	char *word;

	*s = skip_spaces(*s);
	if (!**s)
		return NULL;
	word = *s;
	while (**s && !isspace(**s))
		(*s)++;
	if (**s)
		*(*s)++ = '\0';
	return word;
}

static int isim_parse_id(const char *word, u32 *id)
{
	if (!word || kstrtou32(word, 10, id) || *id >= ISIM_SIMDEV_MAX)
		return -EINVAL;
	return 0;
}

/*
 * "ID MODEL SID" (words separated by blanks; a trailing newline is a
 * blank): the device new_device and sim_devices= make.  @s is modified.
 */
static int isim_parse_new_device(char *s, u32 *id, unsigned int *model,
				 u32 *stream_id)
{
	char *word;

	if (isim_parse_id(isim_next_word(&s), id))
		return -EINVAL;
	word = isim_next_word(&s);
	if (!word)
		return -EINVAL;
	for (*model = 0; *model < ARRAY_SIZE(isim_bus_models); (*model)++)
		if (!strcmp(word, isim_bus_models[*model].name))
			break;
	if (*model == ARRAY_SIZE(isim_bus_models))
		return -EINVAL;
	word = isim_next_word(&s);
	/* decimal or 0x-hex; not octal, so "010" is ten */
	if (!word || (strncasecmp(word, "0x", 2) ?
			      kstrtou32(word, 10, stream_id) :
			      kstrtou32(word + 2, 16, stream_id)))
		return -EINVAL;
	if (isim_next_word(&s))
		return -EINVAL;
	return 0;
}

static ssize_t new_device_store(ISIM_BUS_ATTR_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	unsigned int model;
	u32 id, stream_id;
	char *copy;
	int rc;

	copy = kstrndup(buf, count, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	rc = isim_parse_new_device(copy, &id, &model, &stream_id);
	if (!rc)
		rc = isim_simdev_create(id, model, stream_id);
	kfree(copy);
	return rc ? rc : count;
}
static BUS_ATTR_WO(new_device);

static ssize_t del_device_store(ISIM_BUS_ATTR_CONST struct bus_type *bus,
				const char *buf, size_t count)
{
	struct isim_simdev *simdev;
	char *copy, *s;
	u32 id;
	int rc = -EINVAL;

	copy = kstrndup(buf, count, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	s = copy;
	if (isim_parse_id(isim_next_word(&s), &id) || isim_next_word(&s))
		goto out;
	mutex_lock(&isim_bus_lock);
	simdev = xa_load(&isim_simdevs, id);
	rc = simdev ? isim_simdev_remove_locked(simdev) : -ENOENT;
	mutex_unlock(&isim_bus_lock);
out:
	kfree(copy);
	return rc ? rc : count;
}
static BUS_ATTR_WO(del_device);

static struct attribute *isim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	NULL,
};
ATTRIBUTE_GROUPS(isim_bus);

static struct bus_type isim_bus_type = {
	.name = "iommufd_sim",
	.bus_groups = isim_bus_groups,
};

static char *isim_sim_devices = "";
module_param_named(sim_devices, isim_sim_devices, charp, 0444);
MODULE_PARM_DESC(sim_devices,
		 "simulated VFIO devices made at load: ID:MODEL:SID[,ID:MODEL:SID...] (as new_device, ':' for the blanks)");

/* The devices of sim_devices=, each as new_device makes it. */
static int isim_sim_devices_create(void)
{
	unsigned int model;
	char *copy, *s, *entry, *c;
	u32 id, stream_id;
	int rc = 0;

	copy = kstrdup(isim_sim_devices, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	s = copy;
	while (!rc && (entry = strsep(&s, ",")) != NULL) {
		if (!*entry && !s)
			break;	/* the empty list, or a trailing comma */
		for (c = entry; *c; c++)
			if (*c == ':')
				*c = ' ';
		rc = isim_parse_new_device(entry, &id, &model, &stream_id);
		if (!rc)
			rc = isim_simdev_create(id, model, stream_id);
		if (rc)
			pr_err("sim_devices: cannot make device \"%s\": error %d\n",
			       entry, rc);
		/*
		 * A used ID or stream ID is bad input here; and init's EEXIST
		 * would read to modprobe as "already loaded".
		 */
		if (rc == -EEXIST)
			rc = -EINVAL;
	}
	kfree(copy);
	return rc;
}

static void isim_simdevs_remove_all(void)
{
	struct isim_simdev *simdev;
	unsigned long index;

	mutex_lock(&isim_bus_lock);
	xa_for_each(&isim_simdevs, index, simdev)
		WARN_ON(isim_simdev_remove_locked(simdev));
	mutex_unlock(&isim_bus_lock);
}

int isim_sim_bus_init(void)
{
	int rc;

	rc = alloc_chrdev_region(&isim_vfdev_devt, 0, ISIM_SIMDEV_MAX,
				 "iommufd-sim-vfio");
	if (rc)
		return rc;
	rc = bus_register(&isim_bus_type);
	if (rc)
		goto err_chrdev;
	isim_debugfs_devices = debugfs_create_dir("devices", isim_debugfs_dir());
	rc = isim_sim_devices_create();
	if (rc)
		goto err_devices;
	return 0;

err_devices:
	isim_simdevs_remove_all();
	debugfs_remove_recursive(isim_debugfs_devices);
	bus_unregister(&isim_bus_type);
err_chrdev:
	unregister_chrdev_region(isim_vfdev_devt, ISIM_SIMDEV_MAX);
	return rc;
}

/* No node can be open: every open file pins the module (cdev.owner). */
void isim_sim_bus_exit(void)
{
	isim_simdevs_remove_all();
	debugfs_remove_recursive(isim_debugfs_devices);
	bus_unregister(&isim_bus_type);
	unregister_chrdev_region(isim_vfdev_devt, ISIM_SIMDEV_MAX);
}
