// SPDX-License-Identifier: GPL-2.0-only
/*
 * qemu_arm_replay: the calls QEMU 11.1's vfio-pci + arm-smmuv3 (accel=on)
 * + tegra241-cmdqv make through a VFIO device cdev, in QEMU's order, and
 * then the ones a Linux guest's arm-smmu-v3 / tegra241-cmdqv driver makes
 * QEMU issue (README.md, "Use with QEMU", lists them).  QEMU's Arm
 * accel mode needs KVM on arm64; this replays it anywhere the module
 * loads, on a simulated tegra241 device:
 *
 *   qemu_arm_replay /dev/iommufd-sim-vfio<ID>   (a tegra241 device, SID 0x100)
 *
 * Every call is checked as QEMU checks it (fatal, tolerated, or the value
 * it requires) and printed as "NN name: ok ..."; exit status 0 when every
 * step passed, 1 with a "FAILED" line naming the step, 2 on a usage error.
 * It leaves everything to close(), as QEMU does when it exits.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>
#include <linux/iommufd_sim_vfio.h>
#include <linux/vfio.h>

#include "iommufd_util.h"
#include "lvcmdq.h"
#include "testlib.h"

#define PSID 0x100		/* the device's stream ID (new_device) */
#define VSID 0x8		/* the guest's name for it */
#define ASID 0x21
#define RAM_GPA 0x40000000ULL	/* the arm "virt" machine's RAM base */
#define RAM_SIZE (2ULL << 20)
#define RING_OFFSET 0x100000ULL	/* the guest's LVCMDQ 0 ring, in its RAM */
#define VEVENTQ_MAX_DEPTH (1U << 19)	/* what QEMU asks for */

#define STE_V 0x1ULL
#define STE_CFG_BYPASS (4ULL << 1)
#define STE_CFG_S1 (5ULL << 1)
#define CMDQ_OP_CFGI_CD 0x05ULL

#define DEADLINE_MS 20000

static int ctx = -1, vdev = -1;
static unsigned int step_no;
static const char *step_name = "start";

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						     noreturn));
static void fail(const char *fmt, ...)
{
	va_list ap;

	printf("FAILED step %u (%s): ", step_no, step_name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	exit(1);
}

static void step(const char *name)
{
	step_no++;
	step_name = name;
	printf("%02u %s: ", step_no, name);
	fflush(stdout);
}

static void must(const char *what, int err)
{
	if (err)
		fail("%s: %s", what, tl_errname(err));
}

static void want(const char *what, uint64_t got, uint64_t expect)
{
	if (got != expect)
		fail("%s is 0x%llx, QEMU needs 0x%llx", what,
		     (unsigned long long)got, (unsigned long long)expect);
}

static int vioctl(unsigned long num, void *arg)
{
	return ioctl(vdev, num, arg) ? errno : 0;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static volatile uint32_t *page0;

/* Poll a page0 register as the guest driver does; fail after the deadline */
static void wait_reg(unsigned int reg, uint32_t mask, uint32_t val,
		     const char *what)
{
	uint64_t t0 = now_ms();

	while ((tl_lvcmdq_rd(page0, 0, reg) & mask) != val) {
		if (now_ms() - t0 > DEADLINE_MS)
			fail("%s: register 0x%x reads 0x%x", what, reg,
			     tl_lvcmdq_rd(page0, 0, reg));
		usleep(1000);
	}
}

struct smmu_info {
	uint32_t devid, ioas, s2, viommu, abort, bypass, s1, s1b, vdevice;
	uint32_t veventq_cmdqv, veventq_smmu, hwq;
	void *ram;
	int memfd;
};

static struct smmu_info s;

static void cold_plug_bind(const char *node)
{
	struct iommu_ioas_change_process cp = { .size = sizeof(cp) };
	struct iommufd_sim_vfio_bind_iommufd bind = {
		.argsz = sizeof(bind),
	};
	int err;

	step("IOMMU_IOAS_CHANGE_PROCESS (tolerated)");
	ctx = tl_open();
	err = tl_ioctl(ctx, IOMMU_IOAS_CHANGE_PROCESS, &cp);
	if (err && err != ENOTTY)
		fail("IOAS_CHANGE_PROCESS: %s (QEMU tolerates only ENOTTY)",
		     tl_errname(err));
	printf("ok (%s)\n", err ? "ENOTTY" : "0");

	step("VFIO_DEVICE_BIND_IOMMUFD");
	vdev = open(node, O_RDWR | O_CLOEXEC);
	if (vdev < 0)
		fail("open %s: %s", node, tl_errname(errno));
	bind.iommufd = ctx;
	must("BIND", vioctl(IOMMUFD_SIM_VFIO_BIND_IOMMUFD, &bind));
	s.devid = bind.out_devid;
	printf("ok devid %u\n", s.devid);

	step("IOMMU_IOAS_ALLOC");
	must("IOAS_ALLOC", tl_ioas_alloc(ctx, &s.ioas));
	printf("ok ioas %u\n", s.ioas);
}

static void get_smmu_info(struct iommu_hw_info_arm_smmuv3 *smmu,
			  uint32_t *max_pasid_log2)
{
	struct iommu_hw_info info = {
		.size = sizeof(info),
		.dev_id = s.devid,
		.data_len = sizeof(*smmu),
		.data_uptr = (uintptr_t)smmu,
	};

	memset(smmu, 0, sizeof(*smmu));
	must("GET_HW_INFO", tl_ioctl(ctx, IOMMU_GET_HW_INFO, &info));
	want("out_data_type", info.out_data_type,
	     IOMMU_HW_INFO_TYPE_ARM_SMMUV3);
	if (max_pasid_log2)
		*max_pasid_log2 = info.out_max_pasid_log2;
}

static void cold_plug_autodomain(void)
{
	struct iommufd_sim_vfio_attach_pt attach = {
		.argsz = sizeof(attach),
	};
	struct iommu_hw_info_arm_smmuv3 smmu;

	step("IOMMU_GET_HW_INFO (vendor caps)");
	get_smmu_info(&smmu, NULL);
	printf("ok ARM_SMMUV3\n");

	step("IOMMU_HWPT_ALLOC (NEST_PARENT)");
	must("HWPT_ALLOC", tl_hwpt_alloc(ctx, s.devid, s.ioas,
					 IOMMU_HWPT_ALLOC_NEST_PARENT,
					 IOMMU_HWPT_DATA_NONE, NULL, 0,
					 &s.s2));
	printf("ok hwpt %u\n", s.s2);

	step("VFIO_DEVICE_ATTACH_IOMMUFD_PT (S2)");
	attach.pt_id = s.s2;
	must("ATTACH", vioctl(IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT, &attach));
	want("pt_id", attach.pt_id, s.s2);
	printf("ok\n");
}

static void cold_plug_ram(void)
{
	struct iommu_iova_range ranges[8];
	struct iommu_ioas_iova_ranges r = {
		.size = sizeof(r),
		.ioas_id = s.ioas,
	};
	struct iommu_ioas_map_file map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
			 IOMMU_IOAS_MAP_WRITEABLE,
		.ioas_id = s.ioas,
		.length = RAM_SIZE,
		.iova = RAM_GPA,
	};
	int err;

	step("IOMMU_IOAS_IOVA_RANGES x2");
	err = tl_ioctl(ctx, IOMMU_IOAS_IOVA_RANGES, &r);
	if (err && err != EMSGSIZE)
		fail("IOVA_RANGES: %s", tl_errname(err));
	if (r.num_iovas > 8 || !r.num_iovas)
		fail("IOVA_RANGES: %u ranges", r.num_iovas);
	r.allowed_iovas = (uintptr_t)ranges;
	must("IOVA_RANGES", tl_ioctl(ctx, IOMMU_IOAS_IOVA_RANGES, &r));
	if (ranges[0].start > RAM_GPA)
		fail("the usable IOVA starts at 0x%llx, above guest RAM",
		     (unsigned long long)ranges[0].start);
	printf("ok %u range(s), the first [0x%llx, 0x%llx], alignment 0x%llx\n",
	       r.num_iovas, (unsigned long long)ranges[0].start,
	       (unsigned long long)ranges[0].last,
	       (unsigned long long)r.out_iova_alignment);

	step("IOMMU_IOAS_MAP_FILE (memfd guest RAM)");
	s.memfd = memfd_create("guest-ram", MFD_CLOEXEC);
	if (s.memfd < 0 || ftruncate(s.memfd, RAM_SIZE))
		fail("memfd: %s", tl_errname(errno));
	s.ram = mmap(NULL, RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		     s.memfd, 0);
	if (s.ram == MAP_FAILED)
		fail("mmap of guest RAM: %s", tl_errname(errno));
	map.fd = s.memfd;
	must("IOAS_MAP_FILE", tl_ioctl(ctx, IOMMU_IOAS_MAP_FILE, &map));
	printf("ok %llu KiB at GPA 0x%llx\n", RAM_SIZE >> 10,
	       (unsigned long long)RAM_GPA);
}

static void cold_plug_vfio_pci(void)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	struct vfio_device_feature feat = {
		.argsz = sizeof(feat),
		.flags = VFIO_DEVICE_FEATURE_PROBE |
			 VFIO_DEVICE_FEATURE_GET |
			 VFIO_DEVICE_FEATURE_MIGRATION,
	};
	struct iommu_hw_info_arm_smmuv3 smmu;
	static uint8_t cfg[4096];
	uint32_t pasid_log2, i;
	ssize_t n;

	step("VFIO_DEVICE_GET_INFO");
	must("GET_INFO", vioctl(VFIO_DEVICE_GET_INFO, &dinfo));
	if (!(dinfo.flags & VFIO_DEVICE_FLAGS_PCI) || dinfo.num_regions < 8 ||
	    dinfo.num_irqs < 3)
		fail("flags 0x%x, %u regions, %u irqs: vfio-pci needs PCI, "
		     ">= 8, >= 3", dinfo.flags, dinfo.num_regions,
		     dinfo.num_irqs);
	printf("ok flags 0x%x, %u regions, %u irqs\n", dinfo.flags,
	       dinfo.num_regions, dinfo.num_irqs);

	step("IOMMU_GET_HW_INFO (host IOMMU device)");
	get_smmu_info(&smmu, &pasid_log2);
	printf("ok max PASID bits %u\n", pasid_log2);

	step("VFIO_DEVICE_GET_REGION_INFO 0-5, 7 and the config space");
	for (i = 0; i <= VFIO_PCI_CONFIG_REGION_INDEX; i++) {
		struct vfio_region_info ri = {
			.argsz = sizeof(ri), .index = i,
		};

		if (i == VFIO_PCI_ROM_REGION_INDEX)
			continue;
		must("GET_REGION_INFO", vioctl(VFIO_DEVICE_GET_REGION_INFO,
					       &ri));
		if (i == VFIO_PCI_CONFIG_REGION_INDEX) {
			want("config size", ri.size, 4096);
			n = pread(vdev, cfg, sizeof(cfg), ri.offset);
			if (n != (ssize_t)sizeof(cfg))
				fail("config read: %zd (%s)", n,
				     tl_errname(errno));
		}
	}
	want("vendor", cfg[0] | cfg[1] << 8, 0x1b36);
	printf("ok config %02x%02x:%02x%02x\n", cfg[1], cfg[0], cfg[3], cfg[2]);

	step("VFIO_DEVICE_GET_IRQ_INFO, RESET, FEATURE (tolerated)");
	for (i = 0; i < dinfo.num_irqs; i++) {
		struct vfio_irq_info ii = { .argsz = sizeof(ii), .index = i };

		must("GET_IRQ_INFO", vioctl(VFIO_DEVICE_GET_IRQ_INFO, &ii));
	}
	must("RESET", vioctl(VFIO_DEVICE_RESET, NULL));
	if (vioctl(VFIO_DEVICE_FEATURE, &feat) != ENOTTY)
		fail("FEATURE(MIGRATION) should be ENOTTY: no migration");
	printf("ok\n");

	step("smmuv3-accel IDR checks");
	/* smmuv3_accel_check_hw_compatible() */
	want("IDR0.ST_LEVEL (2-level)", smmu.idr[0] >> 27 & 3, 1);
	want("IDR0.TTF includes AArch64", smmu.idr[0] >> 2 & 2, 2);
	if ((smmu.idr[1] & 0x3f) < 16)
		fail("IDR1.SIDSIZE %u < 16", smmu.idr[1] & 0x3f);
	want("IDR5.GRAN4K", smmu.idr[5] >> 4 & 1, 1);
	want("IDR5.GRAN16K", smmu.idr[5] >> 5 & 1, 1);
	want("IDR5.GRAN64K", smmu.idr[5] >> 6 & 1, 1);
	printf("ok IDR0 0x%08x IDR1 0x%08x IDR3 0x%08x IDR5 0x%08x\n",
	       smmu.idr[0], smmu.idr[1], smmu.idr[3], smmu.idr[5]);
}

static void cold_plug_cmdqv(void)
{
	struct iommu_hw_info_tegra241_cmdqv cmdqv;
	struct iommu_hw_info info = {
		.size = sizeof(info),
		.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE,
		.dev_id = s.devid,
		.data_len = sizeof(cmdqv),
		.data_uptr = (uintptr_t)&cmdqv,
		.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV,
	};
	struct iommu_viommu_tegra241_cmdqv vdata = { 0 };
	uint32_t id;
	int evfd, err;
	void *p;

	step("IOMMU_GET_HW_INFO (INPUT_TYPE TEGRA241_CMDQV)");
	must("GET_HW_INFO", tl_ioctl(ctx, IOMMU_GET_HW_INFO, &info));
	want("out_data_type", info.out_data_type,
	     IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV);
	want("version", cmdqv.version, 1);
	if (cmdqv.log2vcmdqs < 1 || cmdqv.log2vsids < 4)
		fail("log2vcmdqs %u, log2vsids %u: QEMU needs >= 1, >= 4",
		     cmdqv.log2vcmdqs, cmdqv.log2vsids);
	printf("ok version 1, log2vcmdqs %u, log2vsids %u\n",
	       cmdqv.log2vcmdqs, cmdqv.log2vsids);

	step("IOMMU_VIOMMU_ALLOC (TEGRA241_CMDQV) and mmap of 0x10000");
	must("VIOMMU_ALLOC", tl_viommu_alloc(ctx, s.devid, s.s2,
					     IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
					     &vdata, sizeof(vdata),
					     &s.viommu));
	/* QEMU ignores out_vintf_mmap_length and maps 64 KiB */
	p = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE, MAP_SHARED, ctx,
		 vdata.out_vintf_mmap_offset);
	if (p == MAP_FAILED)
		fail("mmap: %s", tl_errname(errno));
	page0 = p;
	printf("ok viommu %u, page0 at offset 0x%llx\n", s.viommu,
	       (unsigned long long)vdata.out_vintf_mmap_offset);

	step("IOMMU_VEVENTQ_ALLOC (TEGRA241_CMDQV, depth 1 << 19)");
	err = tl_veventq_alloc(ctx, s.viommu, IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
			       VEVENTQ_MAX_DEPTH + 1, &id, &evfd);
	if (err != EINVAL)
		fail("depth (1 << 19) + 1 is %s, upstream's cap says EINVAL",
		     tl_errname(err));
	must("VEVENTQ_ALLOC", tl_veventq_alloc(ctx, s.viommu,
					       IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
					       VEVENTQ_MAX_DEPTH,
					       &s.veventq_cmdqv, &evfd));
	if (fcntl(evfd, F_SETFL, O_NONBLOCK))
		fail("fcntl O_NONBLOCK: %s", tl_errname(errno));
	printf("ok veventq %u (depth + 1 was EINVAL)\n", s.veventq_cmdqv);
}

static uint32_t nested_ste(uint64_t ste0, uint64_t ste1)
{
	uint64_t ste[2] = { ste0, ste1 };
	uint32_t id;

	must("HWPT_ALLOC nested", tl_hwpt_alloc(ctx, s.devid, s.viommu, 0,
						IOMMU_HWPT_DATA_ARM_SMMUV3,
						ste, sizeof(ste), &id));
	return id;
}

static void attach(uint32_t pt_id)
{
	struct iommufd_sim_vfio_attach_pt a = {
		.argsz = sizeof(a),
		.pt_id = pt_id,
	};

	must("ATTACH", vioctl(IOMMUFD_SIM_VFIO_ATTACH_IOMMUFD_PT, &a));
}

static void cold_plug_gbpa(void)
{
	step("IOMMU_HWPT_ALLOC abort and bypass STEs; ATTACH abort");
	s.abort = nested_ste(STE_V, 0);
	s.bypass = nested_ste(STE_V | STE_CFG_BYPASS, 0);
	/* GBPA at reset is abort: attached before any vDEVICE exists */
	attach(s.abort);
	printf("ok abort hwpt %u, bypass hwpt %u, attached to abort\n",
	       s.abort, s.bypass);
}

static void guest_event_queue_and_ste(void)
{
	int evfd;

	step("IOMMU_VEVENTQ_ALLOC (ARM_SMMUV3, the guest's EVTQ)");
	must("VEVENTQ_ALLOC", tl_veventq_alloc(ctx, s.viommu,
					       IOMMU_VEVENTQ_TYPE_ARM_SMMUV3,
					       1U << 7, &s.veventq_smmu,
					       &evfd));
	printf("ok veventq %u\n", s.veventq_smmu);

	step("CFGI_STE (bypass): IOMMU_VDEVICE_ALLOC, ATTACH bypass");
	must("VDEVICE_ALLOC", tl_vdevice_alloc(ctx, s.viommu, s.devid, VSID,
					       &s.vdevice));
	attach(s.bypass);
	printf("ok vdevice %u (vSID 0x%x)\n", s.vdevice, VSID);

	step("CFGI_STE (S1 translate): nested HWPT, ATTACH replaces");
	s.s1 = nested_ste(STE_V | STE_CFG_S1 | (RAM_GPA & ~0x3fULL), 0);
	attach(s.s1);
	/* a new CD table: a new HWPT, attached, and the old one destroyed */
	s.s1b = nested_ste(STE_V | STE_CFG_S1 | ((RAM_GPA + 0x1000) &
						~0x3fULL), 0);
	attach(s.s1b);
	must("DESTROY old S1", tl_destroy(ctx, s.s1));
	printf("ok S1 hwpt %u replaced by %u, %u destroyed\n", s.s1, s.s1b,
	       s.s1);
}

static void guest_trapped_invalidation(void)
{
	uint64_t cmd[2] = { CMDQ_OP_CFGI_CD | (uint64_t)VSID << 32, 0 };
	uint32_t num = 1;

	step("trapped CFGI_CD: IOMMU_HWPT_INVALIDATE on the vIOMMU");
	must("HWPT_INVALIDATE",
	     tl_hwpt_invalidate(ctx, s.viommu,
				IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3, cmd,
				sizeof(cmd), &num));
	want("entry_num", num, 1);
	printf("ok 1 of 1 handled\n");
}

static void guest_vcmdq(void)
{
	unsigned int log2size = 8;	/* 256 commands: one 4 KiB page */
	uint8_t *ring = (uint8_t *)s.ram + RING_OFFSET;
	uint64_t w0;

	step("BASE write: IOMMU_HW_QUEUE_ALLOC (TEGRA241_CMDQV, LVCMDQ 0)");
	must("HW_QUEUE_ALLOC",
	     tl_hw_queue_alloc(ctx, s.viommu, IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV,
			       0, RAM_GPA + RING_OFFSET, 16ULL << log2size,
			       &s.hwq));
	printf("ok hw queue %u, %u-entry ring at GPA 0x%llx\n", s.hwq,
	       1U << log2size, (unsigned long long)(RAM_GPA + RING_OFFSET));

	step("guest CONFIG.EN in page0, STATUS.ENABLED follows");
	tl_lvcmdq_wr(page0, 0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG,
		     IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
	wait_reg(IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS,
		 IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED,
		 IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED, "STATUS.ENABLED");
	printf("ok\n");

	step("guest TLBI_NH_ASID + CMD_SYNC, PROD 2, CONS follows");
	w0 = IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID |
	     (uint64_t)ASID << IOMMUFD_SIM_CMDQ_TLBI_0_ASID_SHIFT;
	tl_ring_put(ring, log2size, 0, w0, 0);
	tl_ring_put(ring, log2size, 1, IOMMUFD_SIM_CMDQ_OP_CMD_SYNC |
		    (uint64_t)IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE <<
		    IOMMUFD_SIM_CMDQ_SYNC_0_CS_SHIFT, 0);
	tl_lvcmdq_wr(page0, 0, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD, 2);
	wait_reg(IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS, ~0U, 2, "CONS = 2");
	want("GERROR", tl_lvcmdq_rd(page0, 0,
				    IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR), 0);
	printf("ok consumed, no error\n");
}

static void guest_reset(void)
{
	step("system reset: vCMDQs freed, GBPA (abort) re-attached");
	must("DESTROY hw queue", tl_destroy(ctx, s.hwq));
	attach(s.abort);
	must("DESTROY S1", tl_destroy(ctx, s.s1b));
	must("VFIO_DEVICE_RESET", vioctl(VFIO_DEVICE_RESET, NULL));
	printf("ok\n");
}

int main(int argc, char **argv)
{
	if (argc != 2 || argv[1][0] != '/')
		tl_usage_error("usage: qemu_arm_replay /dev/iommufd-sim-vfio<ID>");
	setvbuf(stdout, NULL, _IOLBF, 0);
	cold_plug_bind(argv[1]);
	cold_plug_autodomain();
	cold_plug_ram();
	cold_plug_vfio_pci();
	cold_plug_cmdqv();
	cold_plug_gbpa();
	guest_event_queue_and_ste();
	guest_trapped_invalidation();
	guest_vcmdq();
	guest_reset();
	printf("replayed %u steps: all as QEMU 11.1 needs them\n", step_no);
	/* as QEMU's exit: every fd closed, nothing destroyed explicitly */
	return 0;
}
