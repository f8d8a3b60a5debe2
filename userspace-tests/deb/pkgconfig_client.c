// SPDX-License-Identifier: GPL-2.0-only
/*
 * A minimal client of /dev/iommufd-sim built the way a VMM is built against
 * the iommufd-sim-dev package: with "pkg-config --cflags iommufd-sim" and no
 * other include path (userspace-tests/98-deb.bats,
 * userspace-tests/host/deb.bats).  It allocates an IOAS, plugs a Tegra241
 * device attached to it, unplugs it and destroys the IOAS, printing the ids.
 * IOMMUFD_SIM_CMD exists only in the package's headers, so this does not
 * build against any other copy of <linux/iommufd.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/iommufd.h>
#include <linux/iommufd_sim.h>

static int fail(const char *what)
{
	fprintf(stderr, "%s: %s\n", what, strerror(errno));
	return 1;
}

int main(void)
{
	const char *path = getenv("IOMMUFD_SIM_DEV");
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommufd_sim_cmd cmd = {
		.size = sizeof(cmd),
		.op = IOMMUFD_SIM_OP_DEVICE_ALLOC,
		.device_alloc = { .model = IOMMUFD_SIM_MODEL_TEGRA241,
				  .stream_id = 0x10 },
	};
	struct iommu_destroy destroy = { .size = sizeof(destroy) };
	int fd;

	fd = open(path ? path : "/dev/iommufd-sim", O_RDWR);
	if (fd < 0)
		return fail("open");
	if (ioctl(fd, IOMMU_IOAS_ALLOC, &ioas))
		return fail("IOMMU_IOAS_ALLOC");
	cmd.id = ioas.out_ioas_id;
	if (ioctl(fd, IOMMUFD_SIM_CMD, &cmd))
		return fail("IOMMUFD_SIM_OP_DEVICE_ALLOC");
	printf("ioas %u stdev %u idev %u hwpt %u\n", ioas.out_ioas_id,
	       cmd.device_alloc.out_stdev_id, cmd.device_alloc.out_idev_id,
	       cmd.device_alloc.out_hwpt_id);
	destroy.id = cmd.device_alloc.out_stdev_id;
	if (ioctl(fd, IOMMU_DESTROY, &destroy))
		return fail("IOMMU_DESTROY device");
	destroy.id = ioas.out_ioas_id;
	if (ioctl(fd, IOMMU_DESTROY, &destroy))
		return fail("IOMMU_DESTROY ioas");
	close(fd);
	return 0;
}
