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
#include <sys/mman.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
#include "lvcmdq.h"
#include "testlib.h"

#define IOVA 0x1000000ULL
#define PG 4096U
#define LOG2SIZE 8			/* 256 entries: one page */
#define NQ 2
#define ASID 0x42U

static int fd;
static struct tl_nest nest;
static struct tl_vintf vintf;
static unsigned int viommu_id;
static int evfd;
static volatile uint32_t *page0;
static uint64_t *ring[NQ];	/* 2 x u64 per entry */
static _Atomic unsigned int qid[NQ];
static atomic_bool stop;
static atomic_bool failed;
static unsigned long pushed, illegal, acks, steps, recycles, events;

static void fail_with(const char *what, int err)
{
	if (!atomic_exchange(&failed, true))
		printf("race_engine: unexpected %s %s\n", what,
		       tl_errname(err));
	atomic_store(&stop, true);
}

static int queue_alloc(unsigned int l)
{
	uint32_t id;
	int err = tl_hw_queue_alloc(fd, viommu_id,
				    IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV, l,
				    IOVA + l * PG, PG, &id);

	if (!err)
		atomic_store(&qid[l], id);
	return err;
}

static uint64_t tlbi_asid(void)
{
	return IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID | (uint64_t)ASID << 48;
}

static uint32_t rd(unsigned int l, unsigned int reg)
{
	return tl_lvcmdq_rd(page0, l, reg);
}

static void wr(unsigned int l, unsigned int reg, uint32_t val)
{
	tl_lvcmdq_wr(page0, l, reg, val);
}

/* One guest step on queue @l: error handling, then commands */
static void guest_queue(unsigned int l, unsigned int *seed)
{
	uint32_t cons = rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS);
	uint32_t prod = rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD);
	uint32_t gerror = rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR);
	uint32_t mask = tl_q_mask(LOG2SIZE), n, i;

	if (cons & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK) {
		tl_ring_put(ring[l], LOG2SIZE, cons,
			    IOMMUFD_SIM_CMDQ_OP_CMD_SYNC, 0);
		wr(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN, gerror);
		acks++;
		return;
	}
	if (rand_r(seed) % 50 == 0)
		wr(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG,
		   rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG) ^
		   IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
	/* room between PROD and CONS, as the guest sees it */
	n = tl_q_entries(LOG2SIZE) - ((prod - cons) & mask);
	if (n > tl_q_entries(LOG2SIZE))
		n = 0;	/* the window was reset under us */
	n = n > 16 ? 16 : n;
	for (i = 0; i < n; i++) {
		if (++pushed % 61 == 0) {
			/* CFGI_STE: illegal */
			tl_ring_put(ring[l], LOG2SIZE, prod + i, 0x03, 0);
			illegal++;
		} else {
			tl_ring_put(ring[l], LOG2SIZE, prod + i, tlbi_asid(),
				    0);
		}
	}
	wr(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD, (prod + n) & mask);
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
	int err;

	(void)arg;
	while (!atomic_load(&stop)) {
		err = tl_cmdqv_step(fd, viommu_id, NULL);
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
		err = tl_destroy(fd, atomic_load(&qid[1]));
		if (!err)
			err = tl_destroy(fd, atomic_load(&qid[0]));
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
	unsigned int l;
	void *p;

	fd = tl_open();
	TL_MUST(nest.step, tl_nest_tegra241(&nest, fd, 0x100));
	TL_MUST(nest.step, tl_vintf_alloc(&nest, &vintf));
	viommu_id = vintf.viommu_id;
	page0 = vintf.page0;
	TL_MUST("VEVENTQ_ALLOC",
		tl_veventq_alloc(fd, viommu_id,
				 IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV, 64, NULL,
				 &evfd));
	fcntl(evfd, F_SETFL, O_NONBLOCK);

	for (l = 0; l < NQ; l++) {
		/* one page each: always physically contiguous */
		p = mmap(NULL, PG, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			tl_fatal("mmap ring: %s", tl_errname(errno));
		memset(p, 0, PG);
		ring[l] = p;
		TL_MUST("IOAS_MAP", tl_ioas_map_fixed(fd, nest.ioas_id, p, PG,
						      IOVA + l * PG));
		TL_MUST("HW_QUEUE_ALLOC", queue_alloc(l));
	}
}

static int tlbi_count(uint32_t *out)
{
	struct iommufd_sim_viommu_counters c;
	int err = tl_viommu_counters(fd, viommu_id, ASID, 0, &c);

	*out = c.out_tlbi_nh_asid;
	return err;
}

/* Quiet again: fresh queues must run exactly what they are given */
static int final_round(void)
{
	uint32_t before = 0, after = 0, cons;
	unsigned int i;
	int err;

	if (tl_destroy(fd, qid[1]) || tl_destroy(fd, qid[0]) ||
	    queue_alloc(0) || queue_alloc(1)) {
		printf("race_engine: unexpected: cannot recycle the queues\n");
		return 1;
	}
	err = tlbi_count(&before);
	for (i = 0; i < 100; i++)
		tl_ring_put(ring[0], LOG2SIZE, i, tlbi_asid(), 0);
	wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG,
	   IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
	wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD, 100);
	err = err ? err : tl_cmdqv_step(fd, viommu_id, NULL);
	err = err ? err : tlbi_count(&after);
	cons = rd(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS);
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
