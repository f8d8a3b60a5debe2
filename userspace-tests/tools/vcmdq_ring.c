// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcmdq_ring: drive Tegra241 vCMDQs the way a VMM's guest does, through the
 * mmapped VINTF page0 and guest RAM rings, and check what the simulated
 * CMDQV engine made of it.
 *
 *   vcmdq_ring [-M|-A] [-v] wrap [-n MIN-MAX]
 *   vcmdq_ring [-M|-A] [-v] ring64k-huge [-e EXTRA] [-c CHUNK]
 *   vcmdq_ring [-M|-A] [-v] isolate -a ASID -o OTHER_ASID -c COUNT
 *                                   [-s SID] [-b BARRIER_DIR]
 *   vcmdq_ring [-M|-A] hold-idle [-r READY_FILE] [-p PERIOD_MS]
 *
 * Every subcommand builds the VMM fixture on its own context: an IOAS, a
 * Tegra241 device (IOMMUFD_SIM_OP_DEVICE_ALLOC, model 1, pSID 0x100 unless
 * -s), a nest-parent HWPT, a TEGRA241_CMDQV vIOMMU whose page0 is mapped
 * at out_vintf_mmap_offset, a vDEVICE (vSID 0x10), a TEGRA241 vEVENTQ,
 * guest RAM mapped into the IOAS and HW queues in it.
 *
 * Engine mode: -M steps the engine (IOMMUFD_SIM_OP_CMDQV_STEP) wherever
 * the guest waits, and checks what each step consumed; -A only waits
 * (polling the page, deadline 120 s) for the engine's thread.  The default
 * is -M when /sys/module/iommufd_sim/parameters/cmdqv_engine_manual is Y.
 *
 * wrap: for every queue size 2^MIN .. 2^MAX entries (default 1 ..
 * smmu_cmdqs), a ring that is physically contiguous and aligned to its
 * size, in 2 MiB hugetlb pages (the caller provides them through
 * /proc/sys/vm/nr_hugepages); rings over 2 MiB use a run of huge pages
 * that /proc/self/pagemap shows to be physically contiguous and aligned,
 * mapped at an IOVA aligned to the size.  Per size three cases, each with
 * CONS and PROD written while the queue is disabled, then enabled, then
 * commands written across the end of the ring: wrap 0 -> 1, wrap 1 -> 0,
 * and a completely full queue (PROD = CONS with the wrap bit flipped).
 * Checked: CONS = PROD with the wrap bit flipped and no error, STATUS,
 * GERROR, the engine's queue state (BASE = the pagemap address), the
 * queue's and the vIOMMU's counters, the VINTF trace (every command, its
 * VMID / pSID rewrite, in order) and that no vEVENT was raised.  The rest
 * of the ring is zero, an illegal command, so a fetch from a wrong slot
 * stops the queue.  Prints "log2size=N ok" per size, or
 * "log2size=N skip: REASON" when no suitable memory was found (exit 77
 * then, unless something failed).
 *
 * ring64k-huge: a 64 KiB ring (4096 entries) at offset 192 KiB of a 2 MiB
 * huge page: filled completely, then EXTRA (default 5000) more commands in
 * chunks of CHUNK (default 1000), the producer waiting for room as a
 * guest does.  Prints "ring64k-huge: ok commands=T cons=0x.. ...".
 *
 * isolate: one of two concurrent processes (own context, own vIOMMU, a
 * 4 KiB ring): waits for BARRIER_DIR/ready.OTHER_ASID after creating
 * BARRIER_DIR/ready.ASID, pushes COUNT TLBI_NH_ASID of ASID (a CMD_SYNC
 * after every 32), waits for CONS, then checks that the vIOMMU's counters
 * and trace hold its own commands only.  Prints "isolate: ok asid=..." and
 * "isolate: vmid=N".
 *
 * hold-idle: every free VINTF (cmdqv_num_vintfs - 1 vIOMMUs) with every
 * LVCMDQ allocated (4 KiB rings) and enabled, idle; prints
 * "hold-idle: V VINTFs, Q queues enabled", creates READY_FILE, then waits
 * for signals: SIGUSR1 runs one burst (a TLBI_NH_ASID and a CMD_SYNC on
 * every queue, waiting for CONS; prints "burst N done"), SIGUSR2 toggles a
 * burst every PERIOD_MS (default 100), SIGTERM/SIGINT end it.
 *
 * Exit status: 0 ok, 1 failure (what differed on stderr), 2 usage, 77 a
 * size skipped.  A broken engine fails rather than hangs: a step that
 * keeps finding work, or a wait longer than 120 s, is a failure, and every
 * subcommand but hold-idle gives up after 900 s.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <linux/iommufd_sim.h>

#include "iommufd_util.h"
#include "lvcmdq.h"
#include "testlib.h"

#define SKIP_STATUS 77
#define PARAM_DIR "/sys/module/iommufd_sim/parameters/"
#define HPAGE (2UL << 20)
#define PG 4096UL
#define DEADLINE_S 120
#define OVERALL_DEADLINE_S 900

/* Guest RAM in 4 KiB pages; rings in huge pages at an 8 MiB boundary */
#define IOVA_RAM 0x40000000ULL
#define IOVA_RING 0x80000000ULL

#define VSID 0x10
#define BOGUS_VMID 0xdeadULL

#define REG_CONS IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS
#define REG_PROD IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD
#define REG_CONFIG IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG
#define REG_STATUS IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS
#define REG_GERROR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR
#define REG_GERRORN IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN

static int fd = -1;
static bool manual;
static bool verbose;
static char ctx_name[96] = "vcmdq_ring";

static void __attribute__((format(printf, 1, 2), noreturn))
fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "vcmdq_ring: %s: FAIL: ", ctx_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void __attribute__((format(printf, 1, 2))) set_ctx(const char *fmt,
							   ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx_name, sizeof(ctx_name), fmt, ap);
	va_end(ap);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A module parameter as a number; @def when it is not there */
static unsigned long param_ul(const char *name, unsigned long def)
{
	char path[128], buf[32];
	unsigned long v = def;
	FILE *f;

	snprintf(path, sizeof(path), PARAM_DIR "%s", name);
	f = fopen(path, "r");
	if (!f)
		return def;
	if (fgets(buf, sizeof(buf), f)) {
		if (buf[0] == 'Y')
			v = 1;
		else if (buf[0] == 'N')
			v = 0;
		else
			v = strtoul(buf, NULL, 0);
	}
	fclose(f);
	return v;
}

/* ---- ioctls: iommufd_util.h's wrappers, fatal here ---------------------- */

#define MUST(what, expr)                                                    \
	do {                                                                \
		int err_ = (expr);                                          \
		if (err_)                                                   \
			fail("%s: %s", what, tl_errname(err_));             \
	} while (0)

static void ioas_map(uint32_t ioas_id, void *va, uint64_t len, uint64_t iova)
{
	MUST("IOAS_MAP", tl_ioas_map_fixed(fd, ioas_id, va, len, iova));
}

static void ioas_unmap(uint32_t ioas_id, uint64_t iova, uint64_t len)
{
	uint64_t unmapped;

	MUST("IOAS_UNMAP", tl_ioas_unmap(fd, ioas_id, iova, len, &unmapped));
	if (unmapped != len)
		fail("IOAS_UNMAP unmapped 0x%llx bytes, not 0x%llx",
		     (unsigned long long)unmapped, (unsigned long long)len);
}

static void destroy(uint32_t id)
{
	MUST("DESTROY", tl_destroy(fd, id));
}

/* ---- the fixture ------------------------------------------------------- */

struct vintf {
	uint32_t viommu_id;
	volatile uint32_t *page0;
	uint32_t vdev_id;	/* 0: none */
	uint32_t veventq_id;
	int veventq_fd;		/* -1: none */
	uint32_t vmid;
	uint32_t psid;
};

struct queue {
	struct vintf *v;
	uint32_t index;
	uint32_t hwq_id;
	unsigned int log2size;
	uint64_t iova;
	uint64_t pa;		/* host physical address, 0 when unknown */
	/* the ring as user space sees it: nchunks pieces of chunk_size */
	unsigned int nchunks;
	uint8_t *chunk[4];
	size_t chunk_size;
};

/*
 * An ARM_SMMUV3 vIOMMU nobody uses: it takes a VMID from the module-wide
 * allocator, so the vIOMMU under test does not get VMID 1, and an engine
 * that uses a constant instead of the VINTF's VMID shows.
 */
static void vmid_decoy(struct tl_nest *f)
{
	uint32_t id;

	MUST("VIOMMU_ALLOC ARM_SMMUV3",
	     tl_viommu_alloc(fd, f->idev_id, f->parent_id,
			     IOMMU_VIOMMU_TYPE_ARM_SMMUV3, NULL, 0, &id));
}

/* IOAS, Tegra241 device of pSID @psid, nest parent (iommufd_util.h) */
static void fixture_init(struct tl_nest *f, uint32_t psid)
{
	fd = tl_open();
	MUST(f->step, tl_nest_tegra241(f, fd, psid));
}

static void vintf_counters(struct vintf *v, uint32_t asid,
			   struct iommufd_sim_viommu_counters *out)
{
	MUST("VIOMMU_COUNTERS",
	     tl_viommu_counters(fd, v->viommu_id, asid, v->psid, out));
}

/*
 * A TEGRA241_CMDQV vIOMMU with its page mapped; with @full also the
 * vDEVICE (vSID 0x10 -> the device's pSID) and the TEGRA241 vEVENTQ.
 */
static void vintf_init(struct tl_nest *f, struct vintf *v, bool full)
{
	struct iommufd_sim_viommu_counters c;
	struct tl_vintf tv;

	memset(v, 0, sizeof(*v));
	v->veventq_fd = -1;
	v->psid = f->psid;
	MUST(f->step, tl_vintf_alloc(f, &tv));
	if (tv.mmap_length != IOMMUFD_SIM_TEGRA241_VINTF_PAGE0_SIZE)
		fail("out_vintf_mmap_length 0x%llx",
		     (unsigned long long)tv.mmap_length);
	v->viommu_id = tv.viommu_id;
	v->page0 = tv.page0;

	if (full) {
		MUST("VDEVICE_ALLOC",
		     tl_vdevice_alloc(fd, v->viommu_id, f->idev_id, VSID,
				      &v->vdev_id));
		MUST("VEVENTQ_ALLOC TEGRA241_CMDQV",
		     tl_veventq_alloc(fd, v->viommu_id,
				      IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV, 8,
				      &v->veventq_id, &v->veventq_fd));
	}
	vintf_counters(v, 0, &c);
	v->vmid = c.out_vmid;
}

/* No vEVENT may be pending: nothing went wrong */
static void vintf_check_no_event(struct vintf *v)
{
	struct pollfd pfd = { .fd = v->veventq_fd, .events = POLLIN };
	int rc;

	if (v->veventq_fd < 0)
		return;
	rc = poll(&pfd, 1, 0);
	if (rc < 0)
		fail("poll on the vEVENTQ: %s", tl_errname(errno));
	if (rc)
		fail("the vEVENTQ has an event (revents 0x%x)", pfd.revents);
}

/* ---- registers and the ring -------------------------------------------- */

static uint32_t rd(struct queue *q, unsigned int off)
{
	return tl_lvcmdq_rd(q->v->page0, q->index, off);
}

static void wr(struct queue *q, unsigned int off, uint32_t val)
{
	tl_lvcmdq_wr(q->v->page0, q->index, off, val);
}

static uint32_t q_entries(struct queue *q)
{
	return tl_q_entries(q->log2size);
}

/* wrap|idx mask */
static uint32_t q_mask(struct queue *q)
{
	return tl_q_mask(q->log2size);
}

static uint64_t *q_slot(struct queue *q, uint32_t ptr)
{
	size_t off = (size_t)(ptr & (q_entries(q) - 1)) *
		     IOMMUFD_SIM_CMDQ_ENT_SIZE;

	return (uint64_t *)(q->chunk[off / q->chunk_size] +
			    off % q->chunk_size);
}

static void q_zero_ring(struct queue *q)
{
	unsigned int i;

	for (i = 0; i < q->nchunks; i++)
		memset(q->chunk[i], 0, q->chunk_size);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void q_alloc(struct queue *q, struct vintf *v, uint32_t index,
		    unsigned int log2size, uint64_t iova)
{
	q->v = v;
	q->index = index;
	q->log2size = log2size;
	q->iova = iova;
	MUST("HW_QUEUE_ALLOC",
	     tl_hw_queue_alloc(fd, v->viommu_id,
			       IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV, index, iova,
			       (uint64_t)IOMMUFD_SIM_CMDQ_ENT_SIZE << log2size,
			       &q->hwq_id));
}

static void q_state(struct queue *q,
		    struct iommufd_sim_cmdqv_queue_state *st)
{
	MUST("CMDQV_QUEUE_STATE", tl_cmdqv_queue_state(fd, q->hwq_id, st));
}

/* ---- the engine ---------------------------------------------------------- */

struct step_res {
	uint64_t consumed;
	uint64_t errors;
	uint64_t events;
	unsigned int calls;
};

/*
 * One IOMMUFD_SIM_OP_CMDQV_STEP, repeated while it says out_more; a few
 * times at most: one step runs far more commands than the largest ring
 * holds, so an engine that keeps finding work is broken (e.g. it lost the
 * wrap bit and goes round the ring forever).
 */
#define MAX_STEPS 16

static void step(struct vintf *v, struct step_res *r)
{
	struct iommufd_sim_cmdqv_step st;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < MAX_STEPS; i++) {
		MUST("CMDQV_STEP", tl_cmdqv_step(fd, v->viommu_id, &st));
		r->calls++;
		r->consumed += st.out_consumed;
		r->errors += st.out_errors;
		r->events += st.out_events;
		if (!st.out_more)
			return;
	}
	fail("CMDQV_STEP still says out_more after %u calls (consumed %llu, errors %llu)",
	     i, (unsigned long long)r->consumed,
	     (unsigned long long)r->errors);
}

/*
 * Lets the engine act on what was just written and waits until register
 * @off of @q reads @want: one step (which must get it there) in manual
 * mode, polling with a deadline in automatic mode.  Returns what the step
 * consumed (0 in automatic mode).
 */
static uint64_t settle(struct queue *q, unsigned int off, uint32_t want,
		       const char *what)
{
	double deadline = now_s() + DEADLINE_S;
	struct step_res r;
	uint32_t val;

	if (manual) {
		step(q->v, &r);
		val = rd(q, off);
		if (val != want)
			fail("%s: after a step (consumed %llu, errors %llu) the register at 0x%x is 0x%x, expected 0x%x",
			     what, (unsigned long long)r.consumed,
			     (unsigned long long)r.errors, off, val, want);
		if (r.errors || r.events)
			fail("%s: the step reported %llu errors, %llu events",
			     what, (unsigned long long)r.errors,
			     (unsigned long long)r.events);
		return r.consumed;
	}
	for (;;) {
		val = rd(q, off);
		if (val == want)
			return 0;
		if (now_s() > deadline)
			fail("%s: the register at 0x%x is 0x%x after %d s, expected 0x%x",
			     what, off, val, DEADLINE_S, want);
		usleep(50);
	}
}

/* ---- commands ---------------------------------------------------------- */

/*
 * A deterministic command stream: command j of @m.  The last one, and
 * every @sync_every-th, is a CMD_SYNC (CS=NONE); with @mix the others
 * rotate TLBI_NH_ASID, TLBI_NH_ASID, TLBI_NH_VA, ATC_INV (vSID 0x10),
 * else all are TLBI_NH_ASID.  TLBIs carry a bogus VMID the engine must
 * replace.
 */
struct gen {
	uint16_t asid;
	uint64_t m;
	unsigned int sync_every;	/* 0: only the last one */
	bool mix;
};

enum { K_NH_ASID, K_NH_VA, K_ATC, K_SYNC, K_NR };

struct counts {
	uint64_t n[K_NR];
};

static int gen_kind(const struct gen *g, uint64_t j)
{
	if (j == g->m - 1 ||
	    (g->sync_every && j % g->sync_every == g->sync_every - 1))
		return K_SYNC;
	if (!g->mix)
		return K_NH_ASID;
	switch (j % 4) {
	case 2:
		return K_NH_VA;
	case 3:
		return K_ATC;
	default:
		return K_NH_ASID;
	}
}

static void gen_cmd(const struct gen *g, uint64_t j, uint64_t w[2])
{
	switch (gen_kind(g, j)) {
	case K_NH_ASID:
		w[0] = IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID |
		       BOGUS_VMID << IOMMUFD_SIM_CMDQ_TLBI_0_VMID_SHIFT |
		       (uint64_t)g->asid << IOMMUFD_SIM_CMDQ_TLBI_0_ASID_SHIFT;
		w[1] = 0;
		break;
	case K_NH_VA:
		w[0] = IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA |
		       BOGUS_VMID << IOMMUFD_SIM_CMDQ_TLBI_0_VMID_SHIFT |
		       (uint64_t)g->asid << IOMMUFD_SIM_CMDQ_TLBI_0_ASID_SHIFT;
		w[1] = ((j + 1) << 12 & IOMMUFD_SIM_CMDQ_TLBI_1_VA_MASK) |
		       IOMMUFD_SIM_CMDQ_TLBI_1_LEAF;
		break;
	case K_ATC:
		w[0] = IOMMUFD_SIM_CMDQ_OP_ATC_INV |
		       (uint64_t)VSID << IOMMUFD_SIM_CMDQ_ATC_0_SID_SHIFT;
		w[1] = IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL;
		break;
	default:
		w[0] = IOMMUFD_SIM_CMDQ_OP_CMD_SYNC;
		w[1] = 0;
		break;
	}
}

/* The command as the engine executes it: VMID and pSID rewritten */
static void exec_cmd(struct vintf *v, const uint64_t w[2], uint64_t e[2])
{
	e[0] = w[0];
	e[1] = w[1];
	switch (w[0] & IOMMUFD_SIM_CMDQ_0_OP_MASK) {
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
		e[0] &= ~IOMMUFD_SIM_CMDQ_TLBI_0_VMID_MASK;
		e[0] |= (uint64_t)v->vmid << IOMMUFD_SIM_CMDQ_TLBI_0_VMID_SHIFT;
		break;
	case IOMMUFD_SIM_CMDQ_OP_ATC_INV:
		e[0] &= ~IOMMUFD_SIM_CMDQ_ATC_0_SID_MASK;
		e[0] |= (uint64_t)v->psid << IOMMUFD_SIM_CMDQ_ATC_0_SID_SHIFT;
		break;
	}
}

static void gen_counts(const struct gen *g, uint64_t from, uint64_t to,
		       struct counts *c)
{
	uint64_t j;

	for (j = from; j < to; j++)
		c->n[gen_kind(g, j)]++;
}

/* Writes commands [from, to) of @g at ring positions start + j */
static void put_cmds(struct queue *q, const struct gen *g, uint32_t start,
		     uint64_t from, uint64_t to)
{
	uint64_t j, w[2];
	uint64_t *e;

	for (j = from; j < to; j++) {
		gen_cmd(g, j, w);
		e = q_slot(q, start + (uint32_t)j);
		e[0] = htole64(w[0]);
		e[1] = htole64(w[1]);
	}
}

/* ---- checks ------------------------------------------------------------ */

static void check_eq(const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		fail("%s is 0x%llx (%llu), expected 0x%llx (%llu)", what,
		     (unsigned long long)got, (unsigned long long)got,
		     (unsigned long long)want, (unsigned long long)want);
}

static uint64_t trace_total(struct vintf *v)
{
	struct iommufd_sim_cmdqv_trace_entry ent;
	struct iommufd_sim_cmdqv_trace t = {
		.uptr = (uintptr_t)&ent,
		.entry_len = sizeof(ent),
		.entry_num = 1,
	};

	MUST("CMDQV_TRACE", tl_cmdqv_trace(fd, v->viommu_id, &t));
	return t.out_total;
}

/*
 * The VINTF's trace must end with commands [?, @upto) of @g, fetched from
 * queue @lvcmdq, command 0 with seq @base: as many as it holds.
 */
static void check_trace_upto(struct vintf *v, const struct gen *g,
			     uint64_t base, uint64_t upto, uint32_t lvcmdq)
{
	struct iommufd_sim_cmdqv_trace_entry ent[IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	struct iommufd_sim_cmdqv_trace t = {
		.uptr = (uintptr_t)ent,
		.entry_len = sizeof(ent[0]),
		.entry_num = IOMMUFD_SIM_CMDQV_TRACE_DEPTH,
	};
	uint64_t w[2], e[2], want_n, j;
	unsigned int i;

	memset(ent, 0xa5, sizeof(ent));
	MUST("CMDQV_TRACE", tl_cmdqv_trace(fd, v->viommu_id, &t));
	check_eq("trace out_total", t.out_total, base + upto);
	want_n = upto < IOMMUFD_SIM_CMDQV_TRACE_DEPTH ?
		 upto : IOMMUFD_SIM_CMDQV_TRACE_DEPTH;
	check_eq("trace entry_num", t.entry_num,
		 base + upto < IOMMUFD_SIM_CMDQV_TRACE_DEPTH ?
		 base + upto : IOMMUFD_SIM_CMDQV_TRACE_DEPTH);
	for (i = 0; i < want_n; i++) {
		struct iommufd_sim_cmdqv_trace_entry *te =
			&ent[t.entry_num - want_n + i];

		j = upto - want_n + i;
		gen_cmd(g, j, w);
		exec_cmd(v, w, e);
		if (te->seq != base + j || le64toh(te->cmd[0]) != w[0] ||
		    le64toh(te->cmd[1]) != w[1] || te->exec[0] != e[0] ||
		    te->exec[1] != e[1] || te->lvcmdq != lvcmdq || te->cerror)
			fail("trace entry seq %llu: got seq %llu cmd %016llx:%016llx exec %016llx:%016llx lvcmdq %u cerror %u; expected cmd %016llx:%016llx exec %016llx:%016llx lvcmdq %u cerror 0",
			     (unsigned long long)(base + j),
			     (unsigned long long)te->seq,
			     (unsigned long long)le64toh(te->cmd[0]),
			     (unsigned long long)le64toh(te->cmd[1]),
			     (unsigned long long)te->exec[0],
			     (unsigned long long)te->exec[1], te->lvcmdq,
			     te->cerror, (unsigned long long)w[0],
			     (unsigned long long)w[1],
			     (unsigned long long)e[0],
			     (unsigned long long)e[1], lvcmdq);
	}
}

/* The trace ends with all of @g, command 0 with seq @base */
static void check_trace(struct vintf *v, const struct gen *g, uint64_t base,
			uint32_t lvcmdq)
{
	check_trace_upto(v, g, base, g->m, lvcmdq);
}

/* The window of a running, error-free queue whose CONS = PROD = @ptr */
static void check_window(struct queue *q, uint32_t ptr, bool enabled)
{
	uint32_t gerror = rd(q, REG_GERROR);

	check_eq("CONS", rd(q, REG_CONS), ptr);
	check_eq("PROD", rd(q, REG_PROD), ptr);
	check_eq("CONFIG", rd(q, REG_CONFIG), enabled);
	check_eq("STATUS", rd(q, REG_STATUS), enabled);
	check_eq("GERRORN", rd(q, REG_GERRORN), gerror);
}

/* The engine's view; @nr: expected per-queue counts since allocation */
static void check_state(struct queue *q, uint32_t cons, bool enabled,
			const struct counts *nr)
{
	struct iommufd_sim_cmdqv_queue_state st;

	q_state(q, &st);
	if (q->pa)
		check_eq("queue state out_base", st.out_base,
			 q->pa | q->log2size);
	check_eq("queue state out_base LOG2SIZE", st.out_base & 0x1f,
		 q->log2size);
	check_eq("queue state out_index", st.out_index, q->index);
	check_eq("queue state out_log2size", st.out_log2size, q->log2size);
	check_eq("queue state out_cons", st.out_cons, cons);
	check_eq("queue state out_gerror", st.out_gerror, rd(q, REG_GERROR));
	check_eq("queue state out_flags", st.out_flags,
		 enabled ? IOMMUFD_SIM_CMDQV_Q_ENABLED : 0);
	check_eq("queue state out_nr_tlbi_nh_asid", st.out_nr_tlbi_nh_asid,
		 nr->n[K_NH_ASID]);
	check_eq("queue state out_nr_tlbi_nh_va", st.out_nr_tlbi_nh_va,
		 nr->n[K_NH_VA]);
	check_eq("queue state out_nr_atc_inv", st.out_nr_atc_inv,
		 nr->n[K_ATC]);
	check_eq("queue state out_nr_cmd_sync", st.out_nr_cmd_sync,
		 nr->n[K_SYNC]);
	check_eq("queue state out_nr_errors", st.out_nr_errors, 0);
}

/*
 * The vIOMMU's counters: @asid ran @per_asid (its NH_ASID and NH_VA), the
 * vIOMMU as a whole @all (ATC_INV for its pSID and CMD_SYNC).
 */
static void check_counters(struct vintf *v, uint16_t asid,
			   const struct counts *per_asid,
			   const struct counts *all)
{
	struct iommufd_sim_viommu_counters c;

	vintf_counters(v, asid, &c);
	check_eq("counters out_vmid", c.out_vmid, v->vmid);
	check_eq("counters out_tlbi_nh_asid", c.out_tlbi_nh_asid,
		 per_asid->n[K_NH_ASID]);
	check_eq("counters out_tlbi_nh_va", c.out_tlbi_nh_va,
		 per_asid->n[K_NH_VA]);
	check_eq("counters out_atc_inv", c.out_atc_inv, all->n[K_ATC]);
	check_eq("counters out_cmd_sync", c.out_cmd_sync, all->n[K_SYNC]);
	check_eq("counters out_tlbi_nh_all", c.out_tlbi_nh_all, 0);
	check_eq("counters out_tlbi_nh_vaa", c.out_tlbi_nh_vaa, 0);
	check_eq("counters out_cfgi_cd", c.out_cfgi_cd, 0);
	check_eq("counters out_cfgi_cd_all", c.out_cfgi_cd_all, 0);
}

static void counts_add(struct counts *a, const struct counts *b)
{
	unsigned int i;

	for (i = 0; i < K_NR; i++)
		a->n[i] += b->n[i];
}

/* Disabled queue: CONFIG.EN 0, STATUS back to 0, CONS kept */
static void q_disable(struct queue *q, uint32_t cons)
{
	uint64_t consumed;

	wr(q, REG_CONFIG, 0);
	consumed = settle(q, REG_STATUS, 0, "disable");
	check_eq("commands consumed by the disabling step", consumed, 0);
	check_eq("CONS after disabling", rd(q, REG_CONS), cons);
}

/* Enable: STATUS follows, CONS is what software wrote while disabled */
static void q_enable(struct queue *q, uint32_t cons)
{
	uint64_t consumed;

	wr(q, REG_CONFIG, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
	consumed = settle(q, REG_STATUS,
			  IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED, "enable");
	check_eq("commands consumed by the enabling step", consumed, 0);
	check_eq("CONS after enabling", rd(q, REG_CONS), cons);
}

/* ---- wrap -------------------------------------------------------------- */

struct hpage {
	uint8_t *va;
	uint64_t pa;
};

static struct hpage *pool;
static unsigned int pool_n;
static uint8_t *pool_va;
static size_t pool_len;

static uint64_t va_to_pa(int pm, void *va)
{
	uint64_t ent;

	if (pread(pm, &ent, sizeof(ent), (uintptr_t)va / PG * 8) !=
	    sizeof(ent))
		fail("read /proc/self/pagemap: %s", tl_errname(errno));
	if (!(ent >> 63))
		fail("page at %p not present", va);
	ent &= (1ULL << 55) - 1;
	return ent * PG + (uintptr_t)va % PG;
}

static int hpage_cmp(const void *a, const void *b)
{
	const struct hpage *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* Every free 2 MiB huge page, faulted in, sorted by physical address */
static void pool_init(void)
{
	unsigned long nfree = 0;
	unsigned int i;
	FILE *f;
	int pm;

	f = fopen("/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages",
		  "r");
	if (!f || fscanf(f, "%lu", &nfree) != 1)
		fail("cannot read free_hugepages");
	fclose(f);
	if (nfree > 1024)
		nfree = 1024;
	if (!nfree)
		return;
	pool_len = nfree * HPAGE;
	pool_va = mmap(NULL, pool_len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB |
		       MAP_POPULATE, -1, 0);
	if (pool_va == MAP_FAILED)
		fail("mmap of %lu huge pages: %s", nfree, tl_errname(errno));
	pool = calloc(nfree, sizeof(*pool));
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (!pool || pm < 0)
		fail("pagemap: %s", tl_errname(errno));
	for (i = 0; i < nfree; i++) {
		pool[i].va = pool_va + i * HPAGE;
		pool[i].va[0] = 1;
		pool[i].pa = va_to_pa(pm, pool[i].va);
		if (!pool[i].pa)
			fail("/proc/self/pagemap shows no PFNs (not root?)");
		if (pool[i].pa % HPAGE)
			fail("huge page at %p has PA 0x%llx", pool[i].va,
			     (unsigned long long)pool[i].pa);
	}
	close(pm);
	pool_n = nfree;
	qsort(pool, pool_n, sizeof(*pool), hpage_cmp);
}

/* The first run of @r physically consecutive huge pages aligned to r * 2M */
static int pool_find_run(unsigned int r)
{
	unsigned int i, k;

	for (i = 0; i + r <= pool_n; i++) {
		if (pool[i].pa % (r * HPAGE))
			continue;
		for (k = 1; k < r; k++)
			if (pool[i + k].pa != pool[i].pa + k * HPAGE)
				break;
		if (k == r)
			return i;
	}
	return -1;
}

struct wrap_state {
	struct tl_nest f;
	struct vintf v;
	struct counts all;	/* ATC_INV and CMD_SYNC of the vIOMMU */
};

/*
 * One case: CONS = PROD = @start written while disabled, enable, then
 * commands 0 .. m-1 of @g at start .. start + m - 1, PROD moved past them.
 */
static void wrap_case(struct wrap_state *ws, struct queue *q,
		      const char *name, uint32_t start, const struct gen *g,
		      struct counts *nr)
{
	uint32_t n = q->log2size, end = (start + g->m) & q_mask(q);
	struct counts c = {};
	uint64_t base, consumed;

	set_ctx("log2size=%u %s", n, name);
	/* the test's own arithmetic: the commands cross the end */
	if (!((start ^ end) & q_entries(q)))
		fail("bad case: start 0x%x end 0x%x do not wrap", start, end);

	q_zero_ring(q);
	wr(q, REG_CONS, start);
	wr(q, REG_PROD, start);
	q_enable(q, start);
	check_window(q, start, true);
	check_state(q, start, true, nr);

	put_cmds(q, g, start, 0, g->m);
	base = trace_total(&ws->v);
	wr(q, REG_PROD, end);
	consumed = settle(q, REG_CONS, end, "consume");
	if (manual)
		check_eq("commands the step consumed", consumed, g->m);

	gen_counts(g, 0, g->m, &c);
	counts_add(nr, &c);
	counts_add(&ws->all, &c);
	check_window(q, end, true);
	check_state(q, end, true, nr);
	check_counters(&ws->v, g->asid, &c, &ws->all);
	check_trace(&ws->v, g, base, q->index);
	vintf_check_no_event(&ws->v);

	q_disable(q, end);
	check_state(q, end, false, nr);
	if (verbose)
		printf("log2size=%u %s: start=0x%x end=0x%x commands=%llu\n",
		       n, name, start, end, (unsigned long long)g->m);
}

/* Returns 1 when the size was skipped */
static int wrap_size(struct wrap_state *ws, unsigned int n)
{
	uint64_t len = (uint64_t)IOMMUFD_SIM_CMDQ_ENT_SIZE << n;
	uint32_t N = 1U << n, k = N / 2 < 3 ? N / 2 : 3;
	unsigned int r = len > HPAGE ? len / HPAGE : 1, i;
	struct counts nr = {};
	struct queue q = {};
	uint64_t off = 0;
	struct gen g;
	int run;

	set_ctx("log2size=%u", n);
	run = pool_n ? pool_find_run(r) : -1;
	if (run < 0) {
		if (r == 1)
			printf("log2size=%u skip: no 2 MiB huge page free\n",
			       n);
		else
			printf("log2size=%u skip: no physically contiguous %llu MiB-aligned run of %u huge pages among %u\n",
			       n, (unsigned long long)(len >> 20), r, pool_n);
		return 1;
	}
	for (i = 0; i < r; i++)
		ioas_map(ws->f.ioas_id, pool[run + i].va, HPAGE,
			 IOVA_RING + i * HPAGE);
	if (r == 1) {
		/* the last size-aligned slot of the page */
		off = HPAGE - len;
		q.nchunks = 1;
		q.chunk[0] = pool[run].va + off;
		q.chunk_size = len;
	} else {
		q.nchunks = r;
		for (i = 0; i < r; i++)
			q.chunk[i] = pool[run + i].va;
		q.chunk_size = HPAGE;
	}
	q_alloc(&q, &ws->v, 0, n, IOVA_RING + off);
	q.pa = pool[run].pa + off;

	/* fresh queue: window reset, not enabled, nothing counted */
	check_window(&q, 0, false);
	check_state(&q, 0, false, &nr);

	/* wrap 0 -> 1: a few entries before the end, a few past it */
	g = (struct gen){ .asid = n << 4 | 1, .mix = true,
			  .m = k + 3 < N ? k + 3 : N };
	wrap_case(ws, &q, "wrap0->1", N - k, &g, &nr);
	/* wrap 1 -> 0 */
	g.asid = n << 4 | 2;
	wrap_case(ws, &q, "wrap1->0", N | (N - k), &g, &nr);
	/* full: PROD = CONS with the wrap bit flipped */
	g = (struct gen){ .asid = n << 4 | 3, .mix = true, .m = N,
			  .sync_every = 64 };
	wrap_case(ws, &q, "full", N - k, &g, &nr);

	set_ctx("log2size=%u", n);
	destroy(q.hwq_id);
	ioas_unmap(ws->f.ioas_id, IOVA_RING, r * HPAGE);
	printf("log2size=%u ok\n", n);
	fflush(stdout);
	return 0;
}

static int cmd_wrap(int argc, char **argv)
{
	unsigned int cmdqs = param_ul("smmu_cmdqs", 19), lo = 1, hi = cmdqs, n;
	struct wrap_state ws = {};
	int opt, skipped = 0;

	while ((opt = getopt(argc, argv, "n:")) != -1) {
		if (opt != 'n' || sscanf(optarg, "%u-%u", &lo, &hi) != 2)
			tl_usage_error("wrap [-n MIN-MAX]");
	}
	if (lo < 1 || hi > cmdqs || lo > hi)
		tl_usage_error("wrap: sizes must be within 1-%u", cmdqs);

	fixture_init(&ws.f, 0x100);
	vmid_decoy(&ws.f);
	vintf_init(&ws.f, &ws.v, true);
	pool_init();
	for (n = lo; n <= hi; n++)
		skipped |= wrap_size(&ws, n);
	if (pool_va)
		munmap(pool_va, pool_len);
	return skipped ? SKIP_STATUS : 0;
}

/* ---- producer ---------------------------------------------------------- */

/*
 * Pushes commands [0, g->m) of @g through @q, the first @first in one go,
 * the rest in chunks of at most @chunk, starting at the queue's current
 * PROD, waiting for room as a guest does: in manual mode by stepping after
 * each chunk (and checking the trace then), else by polling CONS.  @base
 * is the trace's out_total before.  Returns the final PROD.
 */
static uint32_t push(struct queue *q, const struct gen *g, uint64_t first,
		     uint32_t chunk, uint64_t base)
{
	uint32_t prod = rd(q, REG_PROD) & q_mask(q), cons, room, len;
	double deadline = now_s() + DEADLINE_S;
	uint64_t j = 0, consumed;
	struct step_res r;

	while (j < g->m) {
		cons = rd(q, REG_CONS);
		if (cons & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK)
			fail("CONS 0x%x shows an error at command %llu", cons,
			     (unsigned long long)j);
		room = q_entries(q) - ((prod - cons) & q_mask(q));
		if (!room) {
			if (manual)
				fail("no room after a step (PROD 0x%x CONS 0x%x)",
				     prod, cons);
			if (now_s() > deadline)
				fail("no room for %d s (PROD 0x%x CONS 0x%x)",
				     DEADLINE_S, prod, cons);
			usleep(20);
			continue;
		}
		/* the first @first commands in one go, then in chunks */
		if (j < first)
			len = first - j;
		else
			len = chunk;
		if (len > room)
			len = room;
		if (len > g->m - j)
			len = g->m - j;
		put_cmds(q, g, prod - (uint32_t)j, j, j + len);
		j += len;
		prod = (prod + len) & q_mask(q);
		wr(q, REG_PROD, prod);
		deadline = now_s() + DEADLINE_S;
		if (manual) {
			step(q->v, &r);
			check_eq("commands a step consumed", r.consumed, len);
			check_eq("errors of the step", r.errors, 0);
			check_trace_upto(q->v, g, base, j, q->index);
		}
	}
	consumed = settle(q, REG_CONS, prod, "drain");
	check_eq("commands the final step consumed", consumed, 0);
	return prod;
}

/* ---- ring64k-huge ------------------------------------------------------ */

static int cmd_ring64k(int argc, char **argv)
{
	const unsigned int n = 12;	/* 4096 entries, 64 KiB */
	const uint64_t off = 0x30000;
	uint64_t extra = 5000, chunk = 1000;
	struct counts c = {}, none = {};
	struct wrap_state ws = {};
	struct queue q = {};
	uint32_t prod;
	struct gen g;
	int opt, pm;
	uint8_t *hp;

	while ((opt = getopt(argc, argv, "e:c:")) != -1) {
		if (opt == 'e')
			extra = tl_parse_u64("extra", optarg);
		else if (opt == 'c')
			chunk = tl_parse_u64("chunk", optarg);
		else
			tl_usage_error("ring64k-huge [-e EXTRA] [-c CHUNK]");
	}
	if (!chunk || chunk > 1U << n)
		tl_usage_error("ring64k-huge: CHUNK must be 1-%u", 1U << n);
	set_ctx("ring64k-huge");
	fixture_init(&ws.f, 0x100);
	vmid_decoy(&ws.f);
	vintf_init(&ws.f, &ws.v, true);

	hp = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		  MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_POPULATE, -1,
		  0);
	if (hp == MAP_FAILED)
		fail("mmap of a 2 MiB huge page: %s", tl_errname(errno));
	memset(hp, 0, HPAGE);
	pm = open("/proc/self/pagemap", O_RDONLY);
	if (pm >= 0) {
		q.pa = va_to_pa(pm, hp);
		if (q.pa)
			q.pa += off;
		close(pm);
	}
	ioas_map(ws.f.ioas_id, hp, HPAGE, IOVA_RING);
	q.nchunks = 1;
	q.chunk[0] = hp + off;
	q.chunk_size = IOMMUFD_SIM_CMDQ_ENT_SIZE << n;
	q_alloc(&q, &ws.v, 0, n, IOVA_RING + off);
	check_window(&q, 0, false);
	check_state(&q, 0, false, &none);
	q_enable(&q, 0);

	g = (struct gen){ .asid = 0x64, .mix = true, .sync_every = 16,
			  .m = (1U << n) + extra };
	/* the first 4096 in one go: a completely full queue */
	prod = push(&q, &g, 1U << n, chunk, 0);
	gen_counts(&g, 0, g.m, &c);
	check_window(&q, prod, true);
	check_eq("final CONS", prod, g.m & q_mask(&q));
	check_state(&q, prod, true, &c);
	check_counters(&ws.v, g.asid, &c, &c);
	check_trace(&ws.v, &g, 0, 0);
	vintf_check_no_event(&ws.v);
	q_disable(&q, prod);
	destroy(q.hwq_id);
	ioas_unmap(ws.f.ioas_id, IOVA_RING, HPAGE);
	printf("ring64k-huge: ok commands=%llu cons=0x%x tlbi_nh_asid=%llu tlbi_nh_va=%llu atc_inv=%llu cmd_sync=%llu\n",
	       (unsigned long long)g.m, prod,
	       (unsigned long long)c.n[K_NH_ASID],
	       (unsigned long long)c.n[K_NH_VA],
	       (unsigned long long)c.n[K_ATC],
	       (unsigned long long)c.n[K_SYNC]);
	return 0;
}

/* ---- isolate ----------------------------------------------------------- */

static void barrier(const char *dir, unsigned int asid, unsigned int other)
{
	double deadline = now_s() + DEADLINE_S;
	char path[512];
	int f;

	snprintf(path, sizeof(path), "%s/ready.0x%x", dir, asid);
	f = open(path, O_CREAT | O_WRONLY, 0644);
	if (f < 0)
		fail("create %s: %s", path, tl_errname(errno));
	close(f);
	snprintf(path, sizeof(path), "%s/ready.0x%x", dir, other);
	while (access(path, F_OK)) {
		if (now_s() > deadline)
			fail("%s did not appear in %d s", path, DEADLINE_S);
		usleep(1000);
	}
}

static int cmd_isolate(int argc, char **argv)
{
	unsigned int asid = 0, other = 0, psid = 0x100;
	const char *bdir = NULL;
	struct counts c = {};
	struct iommufd_sim_viommu_counters oc;
	struct wrap_state ws = {};
	uint64_t count = 0;
	struct queue q = {};
	uint32_t prod;
	struct gen g;
	void *ram;
	int opt;

	while ((opt = getopt(argc, argv, "a:o:c:s:b:")) != -1) {
		switch (opt) {
		case 'a':
			asid = tl_parse_u64("asid", optarg);
			break;
		case 'o':
			other = tl_parse_u64("other asid", optarg);
			break;
		case 'c':
			count = tl_parse_u64("count", optarg);
			break;
		case 's':
			psid = tl_parse_u64("sid", optarg);
			break;
		case 'b':
			bdir = optarg;
			break;
		default:
			tl_usage_error("isolate -a ASID -o OTHER_ASID -c COUNT [-s SID] [-b DIR]");
		}
	}
	if (!count || asid > 0xffff || other > 0xffff || asid == other)
		tl_usage_error("isolate: needs -c COUNT > 0 and two distinct 16-bit ASIDs");
	set_ctx("isolate asid=0x%x", asid);

	fixture_init(&ws.f, psid);
	vintf_init(&ws.f, &ws.v, true);
	ram = mmap(NULL, PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (ram == MAP_FAILED)
		fail("mmap: %s", tl_errname(errno));
	memset(ram, 0, PG);
	ioas_map(ws.f.ioas_id, ram, PG, IOVA_RAM);
	q.nchunks = 1;
	q.chunk[0] = ram;
	q.chunk_size = PG;
	q_alloc(&q, &ws.v, 0, 8, IOVA_RAM);	/* 256 entries */
	q_enable(&q, 0);

	/* COUNT TLBI_NH_ASID, a CMD_SYNC after every 32 and at the end */
	g = (struct gen){ .asid = asid, .sync_every = 33,
			  .m = count + (count + 31) / 32 };
	gen_counts(&g, 0, g.m, &c);
	check_eq("TLBI_NH_ASID in the stream", c.n[K_NH_ASID], count);

	if (bdir)
		barrier(bdir, asid, other);
	prod = push(&q, &g, 0, 64, 0);

	check_window(&q, prod, true);
	check_state(&q, prod, true, &c);
	check_counters(&ws.v, asid, &c, &c);
	vintf_counters(&ws.v, other, &oc);
	check_eq("counters out_tlbi_nh_asid of the other ASID",
		 oc.out_tlbi_nh_asid, 0);
	check_eq("counters out_tlbi_nh_va of the other ASID",
		 oc.out_tlbi_nh_va, 0);
	check_trace(&ws.v, &g, 0, 0);
	vintf_check_no_event(&ws.v);
	printf("isolate: ok asid=0x%x tlbi_nh_asid=%llu cmd_sync=%llu trace_total=%llu\n",
	       asid, (unsigned long long)c.n[K_NH_ASID],
	       (unsigned long long)c.n[K_SYNC], (unsigned long long)g.m);
	printf("isolate: vmid=%u\n", ws.v.vmid);
	return 0;
}

/* ---- hold-idle --------------------------------------------------------- */

static int cmd_hold_idle(int argc, char **argv)
{
	unsigned int nv = param_ul("cmdqv_num_vintfs", 4) - 1;
	unsigned int nl = param_ul("cmdqv_lvcmdqs_per_vintf", 2);
	unsigned int i, l, nq = 0, bursts = 0, period = 100;
	const char *ready = NULL;
	struct timespec ts, *tsp = NULL;
	struct tl_nest f;
	struct vintf *v;
	struct queue *q;
	sigset_t set;
	uint8_t *ram;
	int opt, sig;

	while ((opt = getopt(argc, argv, "r:p:")) != -1) {
		if (opt == 'r')
			ready = optarg;
		else if (opt == 'p')
			period = tl_parse_u64("period", optarg);
		else
			tl_usage_error("hold-idle [-r READY_FILE] [-p PERIOD_MS]");
	}
	set_ctx("hold-idle");
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);

	fixture_init(&f, 0x100);
	v = calloc(nv, sizeof(*v));
	q = calloc((size_t)nv * nl, sizeof(*q));
	ram = mmap(NULL, (size_t)nv * nl * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (!v || !q || ram == MAP_FAILED)
		fail("out of memory");
	memset(ram, 0, (size_t)nv * nl * PG);
	ioas_map(f.ioas_id, ram, (size_t)nv * nl * PG, IOVA_RAM);
	for (i = 0; i < nv; i++) {
		vintf_init(&f, &v[i], false);
		for (l = 0; l < nl; l++, nq++) {
			q[nq].nchunks = 1;
			q[nq].chunk[0] = ram + nq * PG;
			q[nq].chunk_size = PG;
			q_alloc(&q[nq], &v[i], l, 8, IOVA_RAM + nq * PG);
			wr(&q[nq], REG_CONFIG,
			   IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
		}
	}
	for (i = 0; i < nq; i++)
		settle(&q[i], REG_STATUS,
		       IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED, "enable");
	printf("hold-idle: %u VINTFs, %u queues enabled\n", nv, nq);
	fflush(stdout);
	if (ready) {
		int rf = open(ready, O_CREAT | O_WRONLY, 0644);

		if (rf < 0)
			fail("create %s: %s", ready, tl_errname(errno));
		close(rf);
	}

	for (;;) {
		bool burst = false;

		sig = sigtimedwait(&set, NULL, tsp);
		if (sig == SIGTERM || sig == SIGINT)
			break;
		if (sig == SIGUSR2) {
			if (tsp) {
				tsp = NULL;
			} else {
				ts.tv_sec = period / 1000;
				ts.tv_nsec = (period % 1000) * 1000000L;
				tsp = &ts;
			}
			continue;
		}
		if (sig == SIGUSR1 || (sig < 0 && errno == EAGAIN))
			burst = true;
		if (!burst)
			continue;
		bursts++;
		for (i = 0; i < nq; i++) {
			struct gen g = { .asid = 0x1d, .m = 2 };

			put_cmds(&q[i], &g, rd(&q[i], REG_PROD), 0, 2);
			wr(&q[i], REG_PROD,
			   (rd(&q[i], REG_PROD) + 2) & q_mask(&q[i]));
		}
		for (i = 0; i < nq; i++)
			settle(&q[i], REG_CONS, rd(&q[i], REG_PROD), "burst");
		if (sig == SIGUSR1) {
			printf("burst %u done\n", bursts);
			fflush(stdout);
		}
	}
	printf("hold-idle: %u bursts\n", bursts);
	return 0;
}

static void on_alarm(int sig)
{
	static const char msg[] =
		"vcmdq_ring: FAIL: still running after the overall deadline\n";

	(void)sig;
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	_exit(1);
}

int main(int argc, char **argv)
{
	const char *sub;
	int mode = -1, opt;

	while ((opt = getopt(argc, argv, "+MAv")) != -1) {
		switch (opt) {
		case 'M':
			mode = 1;
			break;
		case 'A':
			mode = 0;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			tl_usage_error("vcmdq_ring [-M|-A] [-v] wrap|ring64k-huge|isolate|hold-idle ...");
		}
	}
	if (optind >= argc)
		tl_usage_error("vcmdq_ring [-M|-A] [-v] wrap|ring64k-huge|isolate|hold-idle ...");
	manual = mode >= 0 ? mode : param_ul("cmdqv_engine_manual", 0) != 0;
	sub = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 0;	/* glibc: start over on the subcommand's arguments */
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (strcmp(sub, "hold-idle")) {
		/* a broken engine must fail the test, not hang it */
		signal(SIGALRM, on_alarm);
		alarm(OVERALL_DEADLINE_S);
	}

	if (!strcmp(sub, "wrap"))
		return cmd_wrap(argc, argv);
	if (!strcmp(sub, "ring64k-huge"))
		return cmd_ring64k(argc, argv);
	if (!strcmp(sub, "isolate"))
		return cmd_isolate(argc, argv);
	if (!strcmp(sub, "hold-idle"))
		return cmd_hold_idle(argc, argv);
	tl_usage_error("unknown subcommand '%s'", sub);
}
