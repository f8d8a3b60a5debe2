// SPDX-License-Identifier: GPL-2.0-only
/*
 * race_engine: the CMDQV engine against everything user space can do to a
 * VINTF at the same time, for a few seconds, on one context:
 *
 *   guest     writes commands (every 61st one illegal) into the rings of
 *             LVCMDQ 0 and 1, rings PROD, flips CONFIG.EN now and then,
 *             and on an error rewrites the entry and acknowledges it
 *             (GERRORN := GERROR), as a guest driver does
 *   stepper   IOMMUFD_SIM_OP_CMDQV_STEP in a loop, next to the engine's
 *             own thread (automatic mode): both run the same queues
 *   recycler  destroys the queues (1 before 0) and allocates them again
 *   reader    drains the TEGRA241 vEVENTQ
 *
 * Every ioctl result must be the one the ABI gives at that moment (ok for
 * all of them here: the recycler alone creates and destroys).  Then, on a
 * quiet VINTF, a deterministic round must still work: fresh queues, 100
 * commands, CONS == PROD and the counters up by exactly 100.
 *
 *   race_engine [-t SECONDS]
 *
 * Prints "race_engine: ok ..." and the counts; "race_engine: unexpected
 * ..." and exits 1 otherwise.  A kernel splat is caught by the VM runner.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "testlib.h"

#define IOVA 0x1000000ULL
#define PG 4096U
#define LOG2SIZE 8			/* 256 entries: one page */
#define NQ 2
#define ASID 0x42U

#define REG(l, r) (IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(l, r) / 4)

static int fd;
static unsigned int viommu_id, ioas_id, evfd;
static volatile uint32_t *page0;
static uint64_t *ring[NQ];	/* 2 x u64 per entry */
static _Atomic unsigned int qid[NQ];
static atomic_bool stop;
static atomic_bool failed;
static unsigned long pushed, illegal, acks, steps, recycles, events;

static int xioctl(unsigned long num, void *arg)
{
	return ioctl(fd, num, arg) ? errno : 0;
}

static void fail_with(const char *what, int err)
{
	if (!atomic_exchange(&failed, true))
		printf("race_engine: unexpected %s %s\n", what,
		       tl_errname(err));
	atomic_store(&stop, true);
}

static int sim_cmd(uint32_t op, uint32_t id, struct iommufd_sim_cmd *cmd)
{
	memset(cmd, 0, sizeof(*cmd));
	cmd->size = sizeof(*cmd);
	cmd->op = op;
	cmd->id = id;
	return xioctl(IOMMUFD_SIM_CMD, cmd);
}

static int queue_alloc(unsigned int l)
{
	struct iommu_hw_queue_alloc cmd = {
		.size = sizeof(cmd),
		.viommu_id = viommu_id,
		.type = IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV,
		.index = l,
		.nesting_parent_iova = IOVA + l * PG,
		.length = PG,
	};
	int err = xioctl(IOMMU_HW_QUEUE_ALLOC, &cmd);

	if (!err)
		atomic_store(&qid[l], cmd.out_hw_queue_id);
	return err;
}

static int destroy(unsigned int id)
{
	struct iommu_destroy cmd = { .size = sizeof(cmd), .id = id };

	return xioctl(IOMMU_DESTROY, &cmd);
}

static uint64_t tlbi_asid(void)
{
	return IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID | (uint64_t)ASID << 48;
}

/* One guest step on queue @l: error handling, then commands */
static void guest_queue(unsigned int l, unsigned int *seed)
{
	uint32_t cons = page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS)];
	uint32_t prod = page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD)];
	uint32_t gerror = page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR)];
	uint32_t mask = (2U << LOG2SIZE) - 1, idx, n, i;

	if (cons & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK) {
		idx = cons & ((1U << LOG2SIZE) - 1);
		ring[l][2 * idx] = IOMMUFD_SIM_CMDQ_OP_CMD_SYNC;
		ring[l][2 * idx + 1] = 0;
		__atomic_store_n(&page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN)],
				 gerror, __ATOMIC_RELEASE);
		acks++;
		return;
	}
	if (rand_r(seed) % 50 == 0)
		page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG)] ^=
			IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN;
	/* room between PROD and CONS, as the guest sees it */
	n = (1U << LOG2SIZE) - ((prod - cons) & mask);
	if (n > (1U << LOG2SIZE))
		n = 0;	/* the window was reset under us */
	n = n > 16 ? 16 : n;
	for (i = 0; i < n; i++) {
		idx = (prod + i) & ((1U << LOG2SIZE) - 1);
		if (++pushed % 61 == 0) {
			ring[l][2 * idx] = 0x03;	/* CFGI_STE: illegal */
			illegal++;
		} else {
			ring[l][2 * idx] = tlbi_asid();
		}
		ring[l][2 * idx + 1] = 0;
	}
	__atomic_store_n(&page0[REG(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD)],
			 (prod + n) & mask, __ATOMIC_RELEASE);
}

static void *guest_thread(void *arg)
{
	unsigned int seed = 1, l;

	(void)arg;
	while (!atomic_load(&stop))
		for (l = 0; l < NQ; l++)
			guest_queue(l, &seed);
	return NULL;
}

static void *stepper_thread(void *arg)
{
	struct iommufd_sim_cmd cmd;
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = sim_cmd(IOMMUFD_SIM_OP_CMDQV_STEP, viommu_id, &cmd);
		if (err) {
			fail_with("CMDQV_STEP", err);
			break;
		}
		steps++;
	}
	return NULL;
}

static void *recycler_thread(void *arg)
{
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		usleep(2000);
		err = destroy(atomic_load(&qid[1]));
		if (!err)
			err = destroy(atomic_load(&qid[0]));
		if (!err)
			err = queue_alloc(0);
		if (!err)
			err = queue_alloc(1);
		if (err) {
			fail_with("queue recycle", err);
			break;
		}
		recycles++;
	}
	return NULL;
}

static void *reader_thread(void *arg)
{
	unsigned char buf[4096];
	struct pollfd p = { .fd = evfd, .events = POLLIN };
	ssize_t n;

	(void)arg;
	while (!atomic_load(&stop)) {
		if (poll(&p, 1, 10) <= 0)
			continue;
		n = read(evfd, buf, sizeof(buf));
		if (n < 0 && errno != EAGAIN) {
			fail_with("vEVENTQ read", errno);
			break;
		}
		if (n > 0)
			events++;
	}
	return NULL;
}

static void setup(void)
{
	struct iommu_ioas_alloc ioas = { .size = sizeof(ioas) };
	struct iommu_hwpt_alloc hwpt = {
		.size = sizeof(hwpt),
		.flags = IOMMU_HWPT_ALLOC_NEST_PARENT,
	};
	struct iommu_viommu_tegra241_cmdqv data = {};
	struct iommu_viommu_alloc viommu = {
		.size = sizeof(viommu),
		.type = IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV,
		.data_len = sizeof(data),
		.data_uptr = (uintptr_t)&data,
	};
	struct iommu_veventq_alloc veq = {
		.size = sizeof(veq),
		.type = IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
		.veventq_depth = 64,
	};
	struct iommu_ioas_map map = {
		.size = sizeof(map),
		.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_WRITEABLE |
			 IOMMU_IOAS_MAP_READABLE,
		.length = PG,
	};
	struct iommufd_sim_cmd dev;
	unsigned int l;
	void *p;
	int err;

	fd = open(tl_device_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0)
		tl_fatal("open %s: %s", tl_device_path(), tl_errname(errno));
	err = xioctl(IOMMU_IOAS_ALLOC, &ioas);
	if (err)
		tl_fatal("IOAS_ALLOC: %s", tl_errname(err));
	ioas_id = ioas.out_ioas_id;
	memset(&dev, 0, sizeof(dev));
	dev.size = sizeof(dev);
	dev.op = IOMMUFD_SIM_OP_DEVICE_ALLOC;
	dev.device_alloc.model = IOMMUFD_SIM_MODEL_TEGRA241;
	dev.device_alloc.stream_id = 0x100;
	err = xioctl(IOMMUFD_SIM_CMD, &dev);
	if (err)
		tl_fatal("DEVICE_ALLOC: %s", tl_errname(err));
	hwpt.dev_id = dev.device_alloc.out_idev_id;
	hwpt.pt_id = ioas_id;
	err = xioctl(IOMMU_HWPT_ALLOC, &hwpt);
	if (err)
		tl_fatal("HWPT_ALLOC: %s", tl_errname(err));
	viommu.dev_id = dev.device_alloc.out_idev_id;
	viommu.hwpt_id = hwpt.out_hwpt_id;
	err = xioctl(IOMMU_VIOMMU_ALLOC, &viommu);
	if (err)
		tl_fatal("VIOMMU_ALLOC: %s", tl_errname(err));
	viommu_id = viommu.out_viommu_id;
	p = mmap(NULL, data.out_vintf_mmap_length, PROT_READ | PROT_WRITE,
		 MAP_SHARED, fd, data.out_vintf_mmap_offset);
	if (p == MAP_FAILED)
		tl_fatal("mmap page0: %s", tl_errname(errno));
	page0 = p;
	veq.viommu_id = viommu_id;
	err = xioctl(IOMMU_VEVENTQ_ALLOC, &veq);
	if (err)
		tl_fatal("VEVENTQ_ALLOC: %s", tl_errname(err));
	evfd = veq.out_veventq_fd;
	fcntl(evfd, F_SETFL, O_NONBLOCK);

	for (l = 0; l < NQ; l++) {
		/* one page each: always physically contiguous */
		p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			tl_fatal("mmap ring: %s", tl_errname(errno));
		memset(p, 0, PG);
		ring[l] = p;
		map.ioas_id = ioas_id;
		map.user_va = (uintptr_t)p;
		map.iova = IOVA + l * PG;
		err = xioctl(IOMMU_IOAS_MAP, &map);
		if (err)
			tl_fatal("IOAS_MAP: %s", tl_errname(err));
		err = queue_alloc(l);
		if (err)
			tl_fatal("HW_QUEUE_ALLOC %u: %s", l, tl_errname(err));
	}
}

static int tlbi_count(uint32_t *out)
{
	struct iommufd_sim_cmd cmd;
	int err;

	memset(&cmd, 0, sizeof(cmd));
	cmd.size = sizeof(cmd);
	cmd.op = IOMMUFD_SIM_OP_VIOMMU_COUNTERS;
	cmd.id = viommu_id;
	cmd.viommu_counters.asid = ASID;
	err = xioctl(IOMMUFD_SIM_CMD, &cmd);
	*out = cmd.viommu_counters.out_tlbi_nh_asid;
	return err;
}

/* Quiet again: fresh queues must run exactly what they are given */
static int final_round(void)
{
	uint32_t before, after, cons;
	struct iommufd_sim_cmd cmd;
	unsigned int i;
	int err;

	if (destroy(qid[1]) || destroy(qid[0]) || queue_alloc(0) ||
	    queue_alloc(1)) {
		printf("race_engine: unexpected: cannot recycle the queues\n");
		return 1;
	}
	err = tlbi_count(&before);
	for (i = 0; i < 100; i++) {
		ring[0][2 * i] = tlbi_asid();
		ring[0][2 * i + 1] = 0;
	}
	page0[REG(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG)] =
		IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN;
	__atomic_store_n(&page0[REG(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD)],
			 100, __ATOMIC_RELEASE);
	err = err ? err : sim_cmd(IOMMUFD_SIM_OP_CMDQV_STEP, viommu_id, &cmd);
	err = err ? err : tlbi_count(&after);
	cons = page0[REG(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS)];
	if (err || cons != 100 || after - before != 100) {
		printf("race_engine: unexpected final round: %s CONS=0x%x counted %u\n",
		       tl_errname(err), cons, after - before);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	unsigned int seconds = 3, i;
	int opt;

	while ((opt = getopt(argc, argv, "t:")) != -1) {
		if (opt != 't')
			tl_usage_error("race_engine [-t SECONDS]");
		seconds = tl_parse_u64("seconds", optarg);
	}
	setup();
	if (pthread_create(&t[0], NULL, guest_thread, NULL) ||
	    pthread_create(&t[1], NULL, stepper_thread, NULL) ||
	    pthread_create(&t[2], NULL, recycler_thread, NULL) ||
	    pthread_create(&t[3], NULL, reader_thread, NULL))
		tl_fatal("pthread_create failed");
	sleep(seconds);
	atomic_store(&stop, true);
	for (i = 0; i < 4; i++)
		pthread_join(t[i], NULL);
	if (atomic_load(&failed) || final_round())
		return 1;
	if (!steps || !recycles || !acks || !events) {
		printf("race_engine: no progress steps=%lu recycles=%lu acks=%lu events=%lu\n",
		       steps, recycles, acks, events);
		return 1;
	}
	printf("race_engine: ok pushed=%lu illegal=%lu acks=%lu steps=%lu recycles=%lu event_reads=%lu\n",
	       pushed, illegal, acks, steps, recycles, events);
	close(fd);
	return 0;
}
