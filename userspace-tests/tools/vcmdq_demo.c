// SPDX-License-Identifier: GPL-2.0-only
/*
 * vcmdq_demo: the whole Tegra241 CMDQV flow, done the way a VMM (QEMU's
 * tegra241-cmdqv and iommufd vSMMU code; README.md, "A guide for a VMM
 * developer") does it,
 * against the simulated Grace SMMUv3 + CMDQV of /dev/iommufd-sim:
 *
 *   hardware info, IOAS and guest RAM, a Tegra241 device, the nesting
 *   parent, a TEGRA241_CMDQV vIOMMU (a VINTF) and the mmap of its 64 KiB
 *   register page, a vDEVICE (vSID -> pSID), a vEVENTQ, an LVCMDQ on guest
 *   RAM, the enable handshake, invalidation commands and a CMD_SYNC, what
 *   the "hardware" did with them (counters and trace), an illegal command
 *   with its error and vEVENT, the recovery Linux does, the trapped path
 *   for the command the queue refused, and teardown in the right order.
 *
 *   vcmdq_demo            (no arguments; $IOMMUFD_SIM_DEV picks the device)
 *
 * Each step is printed with the registers in words.  The engine runs on
 * its own in the module's default mode: the demo only polls the page, as a
 * guest does, with a generous deadline.  With cmdqv_engine_manual=Y it
 * issues IOMMUFD_SIM_OP_CMDQV_STEP while it waits.
 *
 * It is also a smoke test: exit status 0 when everything happened as the
 * simulator documents it, 1 with a "FAILED" line naming the step and what
 * differed, 2 on a usage error.
 */
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
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

/* Where QEMU's arm "virt" machine puts RAM; any IOVA below 2^48 works */
#define GUEST_RAM_GPA 0x40000000ULL
#define GUEST_RAM_SIZE (1ULL << 20)
/* The ring's offset in guest RAM (page aligned) */
#define RING_OFFSET 0x80000ULL

#define PSID 0x100	/* the device's physical stream ID */
#define VSID 0x8	/* the ID the guest knows it by */
#define ASID 0x11	/* the guest's address space in the commands */
#define GUEST_VMID 0x0	/* what a guest writes; the VINTF's VMID wins */
#define TLBI_VA 0x12345000ULL
#define VEVENTQ_DEPTH 64

/* Opcodes the demo uses that the uapi header leaves out (the SMMUv3 command format) */
#define CMDQ_OP_CFGI_CD 0x05
#define CMDQ_CFGI_0_SID_SHIFT 32

#define GERR_CMDQ IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR

/* A wait for the simulated hardware fails after this long */
#define DEADLINE_MS 20000

#define PARAMS "/sys/module/iommufd_sim/parameters/"
#define DEBUGFS "/sys/kernel/debug/iommufd_sim/"

static int fd = -1;
static volatile uint32_t *page;	/* the mmapped VINTF page0 */
static uint32_t viommu_id;	/* for IOMMUFD_SIM_OP_CMDQV_STEP */
static unsigned int log2size;	/* of LVCMDQ 0 */
static bool manual;		/* cmdqv_engine_manual=Y: we step */
static unsigned int step_no;
static const char *step_title = "start";

/* What the steps build, in the order they build it */
static struct {
	uint8_t *ram;			/* guest RAM */
	uint32_t ioas_id;
	struct iommufd_sim_device_alloc dev;
	unsigned int cmdqs;		/* IDR1.CMDQS */
	uint32_t hwpt_id;		/* the nest parent */
	struct tl_vintf vintf;
	uint32_t vdev_id;
	uint32_t veventq_id;
	int evfd;
	uint32_t hwq_id;
	uint32_t vmid;			/* the VINTF's, as the counters say */
	long objs0, pins0;		/* leak counts before the demo */
} d;

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2),
						      noreturn));

static void fail(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "vcmdq_demo: FAILED at step %u (%s): ", step_no,
		step_title);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void step(const char *title)
{
	step_title = title;
	printf("\n[%u] %s\n", ++step_no, title);
}

static void expect_u64(const char *what, uint64_t got, uint64_t want)
{
	if (got != want)
		fail("%s is 0x%llx, expected 0x%llx", what,
		     (unsigned long long)got, (unsigned long long)want);
}

/* @err, the result of an iommufd_util.h wrapper, must be 0 */
static void must(const char *what, int err)
{
	if (err)
		fail("%s: %s", what, tl_errname(err));
}

static void destroy(uint32_t id, const char *what)
{
	must(what, tl_destroy(fd, id));
	printf("    DESTROY %s (id %u): ok\n", what, id);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A first line of a sysfs/debugfs file, or NULL */
static char *read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	char *p;

	if (!f)
		return NULL;
	p = fgets(buf, len, f);
	fclose(f);
	if (p)
		p[strcspn(p, "\n")] = 0;
	return p;
}

/* ------------------------------------------------- the register page --- */

static uint32_t reg_rd(unsigned int l, unsigned int reg)
{
	return tl_lvcmdq_rd(page, l, reg);
}

static void reg_wr(unsigned int l, unsigned int reg, uint32_t val)
{
	tl_lvcmdq_wr(page, l, reg, val);
}

static const char *cerror_name(unsigned int err)
{
	switch (err) {
	case IOMMUFD_SIM_TEGRA241_CERROR_NONE:
		return "no error";
	case IOMMUFD_SIM_TEGRA241_CERROR_ILL:
		return "ERR=1 CERROR_ILL: stopped at an illegal command";
	case IOMMUFD_SIM_TEGRA241_CERROR_ABT:
		return "ERR=2 CERROR_ABT";
	case IOMMUFD_SIM_TEGRA241_CERROR_ATC_INV_SYNC:
		return "ERR=3 CERROR_ATC_INV_SYNC";
	default:
		return "ERR=unknown code";
	}
}

/* "CMDQ_ERR CMDQ_INIT_ERR" for GERROR-style bits, or "none" */
static const char *gerror_bits(uint32_t v, char *buf, size_t len)
{
	static const char *const names[] = {
		"CMDQ_ERR", "CONS_DRAM_WR_ABT_ERR", "CMDQ_INIT_ERR",
	};
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < 3; i++)
		if (v & (1U << i))
			snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
				 buf[0] ? " " : "", names[i]);
	if (v & ~7U)
		snprintf(buf + strlen(buf), len - strlen(buf),
			 "%sreserved bits", buf[0] ? " " : "");
	return buf[0] ? buf : "none";
}

/* Print the six registers of LVCMDQ @l in words */
static void show_window(unsigned int l)
{
	uint32_t cons = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS);
	uint32_t prod = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD);
	uint32_t config = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG);
	uint32_t status = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS);
	uint32_t gerror = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR);
	uint32_t gerrorn = reg_rd(l, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN);
	unsigned int err = (cons & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK) >>
			   IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT;
	unsigned int n = log2size;
	char b1[64];

	printf("    LVCMDQ%u: CONS=0x%08x (idx %u, wrap %u, %s)\n", l, cons,
	       IOMMUFD_SIM_TEGRA241_Q_IDX(cons, n),
	       !!IOMMUFD_SIM_TEGRA241_Q_WRP(cons, n), cerror_name(err));
	printf("             PROD=0x%08x (idx %u, wrap %u)  CONFIG=0x%x (%s)  "
	       "STATUS=0x%x (%s)\n", prod,
	       IOMMUFD_SIM_TEGRA241_Q_IDX(prod, n),
	       !!IOMMUFD_SIM_TEGRA241_Q_WRP(prod, n), config,
	       config & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN ? "EN" : "off",
	       status, status & IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED ?
	       "enabled" : "disabled");
	printf("             GERROR=0x%x GERRORN=0x%x (active errors: %s)\n",
	       gerror, gerrorn, gerror_bits(gerror ^ gerrorn, b1, sizeof(b1)));
}

/* The six registers of LVCMDQ @l must be exactly these */
static void expect_window(unsigned int l, uint32_t cons, uint32_t prod,
			  uint32_t config, uint32_t status, uint32_t gerror,
			  uint32_t gerrorn)
{
	const uint32_t want[6] = { cons, prod, config, status, gerror,
				   gerrorn };
	static const char *const names[6] = {
		"CONS", "PROD", "CONFIG", "STATUS", "GERROR", "GERRORN",
	};
	unsigned int i;
	uint32_t v;

	for (i = 0; i < 6; i++) {
		v = reg_rd(l, i * 4);
		if (v != want[i]) {
			show_window(l);
			fail("LVCMDQ%u %s is 0x%08x, expected 0x%08x", l,
			     names[i], v, want[i]);
		}
	}
}

static void engine_step(void)
{
	must("IOMMUFD_SIM_OP_CMDQV_STEP", tl_cmdqv_step(fd, viommu_id, NULL));
}

/*
 * Poll register @reg of LVCMDQ @l until (value & @mask) == @want, as a
 * guest polls, and return how long it took.  Fails after DEADLINE_MS.
 */
static uint64_t wait_reg(unsigned int l, unsigned int reg, uint32_t mask,
			 uint32_t want, const char *what)
{
	uint64_t start = now_ms();
	struct timespec pause = { 0, 200000 };	/* 0.2 ms */

	for (;;) {
		if (manual)
			engine_step();
		if ((reg_rd(l, reg) & mask) == want)
			return now_ms() - start;
		if (now_ms() - start > DEADLINE_MS) {
			show_window(l);
			fail("no %s after %d s: is the engine running?", what,
			     DEADLINE_MS / 1000);
		}
		nanosleep(&pause, NULL);
	}
}

/* ---------------------------------------------------------- commands --- */

struct cmd {
	uint64_t w[2];
};

/* w0 of a TLBI_NH_* command */
static uint64_t tlbi_w0(unsigned int op, uint16_t vmid, uint16_t asid)
{
	return op | (uint64_t)vmid << IOMMUFD_SIM_CMDQ_TLBI_0_VMID_SHIFT |
	       (uint64_t)asid << IOMMUFD_SIM_CMDQ_TLBI_0_ASID_SHIFT;
}

static struct cmd cmd_tlbi_nh_asid(uint16_t vmid, uint16_t asid)
{
	return (struct cmd){ {
		tlbi_w0(IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID, vmid, asid), 0 } };
}

static struct cmd cmd_tlbi_nh_va(uint16_t vmid, uint16_t asid, uint64_t va)
{
	return (struct cmd){ {
		tlbi_w0(IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA, vmid, asid),
		(va & IOMMUFD_SIM_CMDQ_TLBI_1_VA_MASK) |
		IOMMUFD_SIM_CMDQ_TLBI_1_LEAF } };
}

static struct cmd cmd_atc_inv_all(uint32_t sid)
{
	return (struct cmd){ {
		IOMMUFD_SIM_CMDQ_OP_ATC_INV |
		(uint64_t)sid << IOMMUFD_SIM_CMDQ_ATC_0_SID_SHIFT,
		IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL } };
}

static struct cmd cmd_sync_none(void)
{
	return (struct cmd){ { IOMMUFD_SIM_CMDQ_OP_CMD_SYNC |
			       (uint64_t)IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE <<
			       IOMMUFD_SIM_CMDQ_SYNC_0_CS_SHIFT, 0 } };
}

static struct cmd cmd_cfgi_cd(uint32_t sid)
{
	return (struct cmd){ { CMDQ_OP_CFGI_CD |
			       (uint64_t)sid << CMDQ_CFGI_0_SID_SHIFT, 0 } };
}

static const char *op_name(unsigned int op)
{
	switch (op) {
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
		return "TLBI_NH_ASID";
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
		return "TLBI_NH_VA";
	case IOMMUFD_SIM_CMDQ_OP_ATC_INV:
		return "ATC_INV";
	case IOMMUFD_SIM_CMDQ_OP_CMD_SYNC:
		return "CMD_SYNC";
	case CMDQ_OP_CFGI_CD:
		return "CFGI_CD";
	default:
		return "?";
	}
}

/* The fields of a command that matter here, in words */
static void describe(const uint64_t w[2], char *buf, size_t len)
{
	unsigned int op = w[0] & IOMMUFD_SIM_CMDQ_0_OP_MASK;

	switch (op) {
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
		snprintf(buf, len, "VMID %u ASID 0x%x",
			 (unsigned int)(w[0] >> 32 & 0xffff),
			 (unsigned int)(w[0] >> 48));
		break;
	case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
		snprintf(buf, len, "VMID %u ASID 0x%x VA 0x%llx%s",
			 (unsigned int)(w[0] >> 32 & 0xffff),
			 (unsigned int)(w[0] >> 48),
			 (unsigned long long)(w[1] &
					      IOMMUFD_SIM_CMDQ_TLBI_1_VA_MASK),
			 w[1] & IOMMUFD_SIM_CMDQ_TLBI_1_LEAF ? " leaf" : "");
		break;
	case IOMMUFD_SIM_CMDQ_OP_ATC_INV:
		snprintf(buf, len, "SID 0x%x %s",
			 (unsigned int)(w[0] >> 32),
			 (w[1] & IOMMUFD_SIM_CMDQ_ATC_1_SIZE_MASK) ==
			 IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL ? "whole ATC" :
			 "range");
		break;
	case IOMMUFD_SIM_CMDQ_OP_CMD_SYNC:
		snprintf(buf, len, "CS=%s",
			 (w[0] & IOMMUFD_SIM_CMDQ_SYNC_0_CS_MASK) ? "IRQ/SEV" :
			 "NONE");
		break;
	case CMDQ_OP_CFGI_CD:
		snprintf(buf, len, "SID 0x%x", (unsigned int)(w[0] >> 32));
		break;
	default:
		snprintf(buf, len, "w0 0x%016llx w1 0x%016llx",
			 (unsigned long long)w[0], (unsigned long long)w[1]);
	}
}

static uint8_t *ring;		/* LVCMDQ 0's ring, in guest RAM */

/* Write @c at ring index @idx as the guest would: two little-endian words */
static void ring_put(unsigned int idx, struct cmd c)
{
	char buf[96];

	tl_ring_put(ring, log2size, idx, c.w[0], c.w[1]);
	describe(c.w, buf, sizeof(buf));
	printf("    ring[%u] := %-12s %s\n", idx,
	       op_name(c.w[0] & IOMMUFD_SIM_CMDQ_0_OP_MASK), buf);
}

/* ------------------------------------------------------- sim readers --- */

static struct iommufd_sim_viommu_counters counters(void)
{
	struct iommufd_sim_viommu_counters c;

	must("IOMMUFD_SIM_OP_VIOMMU_COUNTERS",
	     tl_viommu_counters(fd, viommu_id, ASID, PSID, &c));
	return c;
}

static void show_counters(const struct iommufd_sim_viommu_counters *c)
{
	printf("    VIOMMU_COUNTERS (VMID %u): TLBI_NH_ASID(ASID 0x%x) %u, "
	       "TLBI_NH_VA(ASID 0x%x) %u,\n"
	       "      ATC_INV(pSID 0x%x) %u, CFGI_CD(pSID 0x%x) %u, "
	       "CMD_SYNC %u\n", c->out_vmid, ASID, c->out_tlbi_nh_asid,
	       ASID, c->out_tlbi_nh_va, PSID, c->out_atc_inv, PSID,
	       c->out_cfgi_cd, c->out_cmd_sync);
}

static void expect_counters(unsigned int asid, unsigned int va,
			    unsigned int atc, unsigned int cfgi,
			    unsigned int sync)
{
	struct iommufd_sim_viommu_counters c = counters();

	show_counters(&c);
	expect_u64("the vIOMMU's VMID being non-zero", c.out_vmid != 0, 1);
	expect_u64("counter TLBI_NH_ASID", c.out_tlbi_nh_asid, asid);
	expect_u64("counter TLBI_NH_VA", c.out_tlbi_nh_va, va);
	expect_u64("counter ATC_INV", c.out_atc_inv, atc);
	expect_u64("counter CFGI_CD", c.out_cfgi_cd, cfgi);
	expect_u64("counter CMD_SYNC", c.out_cmd_sync, sync);
	expect_u64("counter TLBI_NH_ALL", c.out_tlbi_nh_all, 0);
	expect_u64("counter TLBI_NH_VAA", c.out_tlbi_nh_vaa, 0);
	expect_u64("counter CFGI_CD_ALL", c.out_cfgi_cd_all, 0);
}

static struct iommufd_sim_cmdqv_queue_state queue_state(uint32_t hwq_id)
{
	struct iommufd_sim_cmdqv_queue_state s;

	must("IOMMUFD_SIM_OP_CMDQV_QUEUE_STATE",
	     tl_cmdqv_queue_state(fd, hwq_id, &s));
	return s;
}

static void show_queue_state(const struct iommufd_sim_cmdqv_queue_state *s)
{
	printf("    QUEUE_STATE: %s%s%s%s;\n      executed TLBI_NH_ASID %u, "
	       "TLBI_NH_VA %u, ATC_INV %u, CMD_SYNC %u; errors %u\n",
	       s->out_flags & IOMMUFD_SIM_CMDQV_Q_ENABLED ? "enabled" :
	       "disabled",
	       s->out_flags & IOMMUFD_SIM_CMDQV_Q_ERROR ?
	       ", stopped by an error" : "",
	       s->out_flags & IOMMUFD_SIM_CMDQV_Q_ERR_MAP ?
	       ", its bit set in the VINTF's LVCMDQ error map" : "",
	       s->out_flags & ~7U ? ", unknown flags" : "",
	       s->out_nr_tlbi_nh_asid, s->out_nr_tlbi_nh_va, s->out_nr_atc_inv,
	       s->out_nr_cmd_sync, s->out_nr_errors);
}

static void expect_queue_state(uint32_t hwq_id, uint32_t flags,
			       unsigned int asid, unsigned int va,
			       unsigned int atc, unsigned int sync,
			       unsigned int errors)
{
	struct iommufd_sim_cmdqv_queue_state s = queue_state(hwq_id);

	show_queue_state(&s);
	expect_u64("QUEUE_STATE flags", s.out_flags, flags);
	/* what the engine holds is what it published in the page */
	expect_u64("QUEUE_STATE CONS (vs the page)", s.out_cons,
		   reg_rd(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS));
	expect_u64("QUEUE_STATE GERROR (vs the page)", s.out_gerror,
		   reg_rd(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR));
	expect_u64("QUEUE_STATE TLBI_NH_ASID", s.out_nr_tlbi_nh_asid, asid);
	expect_u64("QUEUE_STATE TLBI_NH_VA", s.out_nr_tlbi_nh_va, va);
	expect_u64("QUEUE_STATE ATC_INV", s.out_nr_atc_inv, atc);
	expect_u64("QUEUE_STATE CMD_SYNC", s.out_nr_cmd_sync, sync);
	expect_u64("QUEUE_STATE errors", s.out_nr_errors, errors);
}

/*
 * Print the VINTF's trace from command @from on (guest's view and what ran)
 * and check it: @total commands fetched in all, the VMID of every TLBI
 * replaced by @vmid, the vSID of every ATC_INV translated to PSID.
 */
static void show_trace(uint64_t from, uint64_t total, uint32_t vmid)
{
	struct iommufd_sim_cmdqv_trace_entry e[IOMMUFD_SIM_CMDQV_TRACE_DEPTH];
	struct iommufd_sim_cmdqv_trace t = {
		.uptr = (uintptr_t)e,
		.entry_len = sizeof(e[0]),
		.entry_num = IOMMUFD_SIM_CMDQV_TRACE_DEPTH,
	};
	unsigned int i, op;
	uint64_t cmd[2], exec[2];
	char g[96], x[96];

	memset(e, 0, sizeof(e));
	must("IOMMUFD_SIM_OP_CMDQV_TRACE", tl_cmdqv_trace(fd, viommu_id, &t));
	expect_u64("TRACE out_total (commands fetched)", t.out_total, total);
	expect_u64("TRACE entry_num", t.entry_num, total);
	printf("    TRACE (%llu commands fetched so far; guest wrote -> "
	       "hardware ran):\n", (unsigned long long)t.out_total);
	for (i = 0; i < t.entry_num; i++) {
		if (e[i].seq < from)
			continue;
		expect_u64("TRACE seq", e[i].seq, i);
		expect_u64("TRACE lvcmdq", e[i].lvcmdq, 0);
		cmd[0] = le64toh(e[i].cmd[0]);
		cmd[1] = le64toh(e[i].cmd[1]);
		exec[0] = e[i].exec[0];
		exec[1] = e[i].exec[1];
		op = cmd[0] & IOMMUFD_SIM_CMDQ_0_OP_MASK;
		describe(cmd, g, sizeof(g));
		if (e[i].cerror)
			snprintf(x, sizeof(x), "not run, CERROR %u",
				 e[i].cerror);
		else
			describe(exec, x, sizeof(x));
		printf("      #%llu LVCMDQ%u %-12s %-34s -> %s\n",
		       (unsigned long long)e[i].seq, e[i].lvcmdq, op_name(op),
		       g, x);
		if (e[i].cerror) {
			expect_u64("TRACE exec of a refused command",
				   e[i].exec[0] | e[i].exec[1], 0);
			continue;
		}
		switch (op) {
		case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID:
		case IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA:
			expect_u64("the VMID the TLBI ran with",
				   e[i].exec[0] >> 32 & 0xffff, vmid);
			expect_u64("the ASID the TLBI ran with",
				   e[i].exec[0] >> 48, ASID);
			break;
		case IOMMUFD_SIM_CMDQ_OP_ATC_INV:
			expect_u64("the SID the ATC_INV ran with",
				   e[i].exec[0] >> 32, PSID);
			break;
		}
	}
}

/* ------------------------------------------------------------- steps --- */

static void show_engine_mode(void)
{
	char m[16], busy[32], idle[32], bell[32];

	if (!read_line(PARAMS "cmdqv_engine_manual", m, sizeof(m))) {
		printf("engine: cmdqv_engine_manual not found; assuming the "
		       "automatic engine\n");
		return;
	}
	manual = m[0] == 'Y' || m[0] == 'y' || m[0] == '1';
	if (!read_line(PARAMS "cmdqv_engine_busy_poll_us", busy, sizeof(busy)))
		strcpy(busy, "?");
	if (!read_line(PARAMS "cmdqv_engine_idle_poll_ms", idle, sizeof(idle)))
		strcpy(idle, "?");
	if (!read_line(PARAMS "cmdqv_engine_doorbell_ms", bell, sizeof(bell)))
		strcpy(bell, "?");
	if (manual)
		printf("engine: manual (cmdqv_engine_manual=Y): the demo runs "
		       "IOMMUFD_SIM_OP_CMDQV_STEP while it waits\n");
	else
		printf("engine: automatic (a kernel thread polls the page: "
		       "busy for %s us after activity, then every %s ms;\n"
		       "        after %s ms idle it write-protects the page "
		       "and sleeps until a store faults)\n",
		       busy, idle, bell);
}

/* live_objects and pinned_pages, module-wide, or -1 without debugfs */
static void leak_counts(long *objs, long *pins)
{
	char buf[32];

	*objs = read_line(DEBUGFS "live_objects", buf, sizeof(buf)) ?
		atol(buf) : -1;
	*pins = read_line(DEBUGFS "pinned_pages", buf, sizeof(buf)) ?
		atol(buf) : -1;
}

/* GET_HW_INFO, both types: what QEMU reads before it builds the vSMMU */
static void step_hw_info(void)
{
	uint32_t dev_id = d.dev.out_idev_id;
	unsigned int *cmdqs = &d.cmdqs;
	struct iommu_hw_info_arm_smmuv3 smmu;
	struct iommu_hw_info_tegra241_cmdqv cmdqv;
	struct iommu_hw_info info = {
		.size = sizeof(info),
		.dev_id = dev_id,
		.data_len = sizeof(smmu),
		.data_uptr = (uintptr_t)&smmu,
	};
	uint32_t *idr = smmu.idr;

	memset(&smmu, 0, sizeof(smmu));
	must("IOMMU_GET_HW_INFO", tl_ioctl(fd, IOMMU_GET_HW_INFO, &info));
	expect_u64("out_data_type", info.out_data_type,
		   IOMMU_HW_INFO_TYPE_ARM_SMMUV3);
	expect_u64("data_len", info.data_len, sizeof(smmu));
	printf("    default type: ARM_SMMUV3 (%u bytes), max PASID bits %u\n",
	       info.data_len, info.out_max_pasid_log2);
	printf("    IDR0 0x%08x: %s%s%s%s%s%s%s, %s stream table\n", idr[0],
	       idr[0] & 2 ? "S1P " : "", idr[0] & 1 ? "S2P " : "",
	       idr[0] & (1 << 10) ? "ATS " : "",
	       idr[0] & (1 << 12) ? "ASID16 " : "",
	       idr[0] & (1 << 18) ? "VMID16 " : "",
	       idr[0] & (1 << 13) ? "MSI " : "",
	       idr[0] & (1 << 19) ? "2-level CD" : "linear CD",
	       (idr[0] >> 27 & 3) == 1 ? "2-level" : "linear");
	*cmdqs = idr[1] >> 21 & 0x1f;
	printf("    IDR1 0x%08x: CMDQS %u (a queue holds up to 2^%u commands),"
	       " EVENTQS %u, SSIDSIZE %u, SIDSIZE %u\n", idr[1], *cmdqs,
	       *cmdqs, idr[1] >> 16 & 0x1f, idr[1] >> 6 & 0x1f,
	       idr[1] & 0x3f);
	printf("    IDR3 0x%08x (%s%s), IDR5 0x%08x (OAS %u, granules%s%s%s),"
	       " IIDR 0x%x, AIDR 0x%x (SMMUv3.%u)\n", idr[3],
	       idr[3] & (1 << 10) ? "RIL " : "", idr[3] & 4 ? "HAD" : "",
	       idr[5], idr[5] & 7, idr[5] & 0x10 ? " 4K" : "",
	       idr[5] & 0x20 ? " 16K" : "", idr[5] & 0x40 ? " 64K" : "",
	       smmu.iidr, smmu.aidr, smmu.aidr & 0xf);
	if (!*cmdqs)
		fail("IDR1.CMDQS is 0");

	memset(&cmdqv, 0xa5, sizeof(cmdqv));
	info = (struct iommu_hw_info){
		.size = sizeof(info),
		.flags = IOMMU_HW_INFO_FLAG_INPUT_TYPE,
		.dev_id = dev_id,
		.data_len = sizeof(cmdqv),
		.data_uptr = (uintptr_t)&cmdqv,
		.in_data_type = IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV,
	};
	must("IOMMU_GET_HW_INFO(TEGRA241_CMDQV)",
	     tl_ioctl(fd, IOMMU_GET_HW_INFO, &info));
	expect_u64("out_data_type", info.out_data_type,
		   IOMMU_HW_INFO_TYPE_TEGRA241_CMDQV);
	expect_u64("data_len", info.data_len, sizeof(cmdqv));
	printf("    INPUT_TYPE TEGRA241_CMDQV: flags %u, version %u, "
	       "log2vcmdqs %u (%u LVCMDQs per VINTF), log2vsids %u (%u "
	       "vSIDs)\n", cmdqv.flags, cmdqv.version, cmdqv.log2vcmdqs,
	       1U << cmdqv.log2vcmdqs, cmdqv.log2vsids, 1U << cmdqv.log2vsids);
	if (cmdqv.version != 1 || cmdqv.log2vcmdqs < 1 || cmdqv.log2vsids < 4)
		fail("QEMU would refuse this CMDQV (it needs version 1, "
		     "log2vcmdqs >= 1, log2vsids >= 4)");
	printf("    QEMU's checks pass (version 1, log2vcmdqs >= 1, "
	       "log2vsids >= 4); it copies these into its emulated PARAM\n");
}

static void step_open(void)
{
	fd = open(tl_device_path(), O_RDWR | O_CLOEXEC);
	if (fd < 0)
		fail("open %s: %s", tl_device_path(), tl_errname(errno));
	printf("    fd %d\n", fd);
}

static void step_guest_ram(void)
{
	must("IOMMU_IOAS_ALLOC", tl_ioas_alloc(fd, &d.ioas_id));
	d.ram = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (d.ram == MAP_FAILED)
		fail("mmap of guest RAM: %s", tl_errname(errno));
	must("IOMMU_IOAS_MAP", tl_ioas_map_fixed(fd, d.ioas_id, d.ram,
						 GUEST_RAM_SIZE,
						 GUEST_RAM_GPA));
	printf("    ioas %u; %llu KiB of anonymous memory mapped at "
	       "GPA 0x%llx (IOVA = GPA)\n", d.ioas_id,
	       GUEST_RAM_SIZE >> 10, (unsigned long long)GUEST_RAM_GPA);
}

static void step_device(void)
{
	must("IOMMUFD_SIM_OP_DEVICE_ALLOC",
	     tl_device_alloc(fd, d.ioas_id, IOMMUFD_SIM_MODEL_TEGRA241, PSID,
			     &d.dev));
	printf("    physical SID 0x%x: stdev %u (destroy it to unplug), "
	       "dev_id %u, attached to auto hwpt %u;\n    guest RAM is "
	       "pinned now\n", PSID, d.dev.out_stdev_id, d.dev.out_idev_id,
	       d.dev.out_hwpt_id);
}

static void step_nest_parent(void)
{
	uint32_t pt_id;

	must("IOMMU_HWPT_ALLOC",
	     tl_hwpt_alloc(fd, d.dev.out_idev_id, d.ioas_id,
			   IOMMU_HWPT_ALLOC_NEST_PARENT, IOMMU_HWPT_DATA_NONE,
			   NULL, 0, &d.hwpt_id));
	must("IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE",
	     tl_mock_domain_replace(fd, d.dev.out_stdev_id, d.hwpt_id,
				    &pt_id));
	expect_u64("the HWPT the device is attached to", pt_id, d.hwpt_id);
	printf("    hwpt %u; device moved to it (MOCK_DOMAIN_REPLACE, "
	       "where QEMU uses VFIO's\n    ATTACH_IOMMUFD_PT); auto "
	       "hwpt %u went with its last device\n", d.hwpt_id,
	       d.dev.out_hwpt_id);
}

static void step_viommu(void)
{
	struct iommu_viommu_tegra241_cmdqv vdata = { 0 };

	must("IOMMU_VIOMMU_ALLOC",
	     tl_viommu_alloc(fd, d.dev.out_idev_id, d.hwpt_id,
			     IOMMU_VIOMMU_TYPE_TEGRA241_CMDQV, &vdata,
			     sizeof(vdata), &viommu_id));
	d.vintf.viommu_id = viommu_id;
	d.vintf.mmap_offset = vdata.out_vintf_mmap_offset;
	d.vintf.mmap_length = vdata.out_vintf_mmap_length;
	printf("    viommu %u; its page0: mmap offset 0x%llx, length "
	       "0x%llx\n", viommu_id,
	       (unsigned long long)vdata.out_vintf_mmap_offset,
	       (unsigned long long)vdata.out_vintf_mmap_length);
	expect_u64("out_vintf_mmap_length", vdata.out_vintf_mmap_length,
		   IOMMUFD_SIM_TEGRA241_VINTF_PAGE0_SIZE);
}

static void step_mmap_page0(void)
{
	void *p = mmap(NULL, d.vintf.mmap_length, PROT_READ | PROT_WRITE,
		       MAP_SHARED, fd, d.vintf.mmap_offset);

	if (p == MAP_FAILED)
		fail("mmap of the VINTF page: %s", tl_errname(errno));
	page = d.vintf.page0 = p;
	printf("    64 KiB at %p; LVCMDQ l's registers at 0x80*l: CONS +0x0, "
	       "PROD +0x4, CONFIG +0x8,\n    STATUS +0xc, GERROR +0x10, "
	       "GERRORN +0x14\n", p);
}

static void step_vdevice(void)
{
	must("IOMMU_VDEVICE_ALLOC",
	     tl_vdevice_alloc(fd, viommu_id, d.dev.out_idev_id, VSID,
			      &d.vdev_id));
	printf("    vdevice %u: vSID 0x%x -> pSID 0x%x in the VINTF's "
	       "SID table\n", d.vdev_id, VSID, PSID);
}

static void step_veventq(void)
{
	must("IOMMU_VEVENTQ_ALLOC",
	     tl_veventq_alloc(fd, viommu_id,
			      IOMMU_VEVENTQ_TYPE_TEGRA241_CMDQV,
			      VEVENTQ_DEPTH, &d.veventq_id, &d.evfd));
	printf("    veventq %u, fd %d (QEMU polls it and raises the "
	       "guest's CMDQV interrupt)\n", d.veventq_id, d.evfd);
}

static void step_hw_queue(void)
{
	uint64_t ring_len, ring_gpa = GUEST_RAM_GPA + RING_OFFSET;
	struct iommufd_sim_cmdqv_queue_state qs;

	ring_len = (uint64_t)sysconf(_SC_PAGESIZE);
	if (ring_len > 4096)
		ring_len = 4096;
	if (ring_len > (16ULL << d.cmdqs))
		ring_len = 16ULL << d.cmdqs;
	log2size = __builtin_ctzll(ring_len) - 4;
	ring = d.ram + RING_OFFSET;
	must("IOMMU_HW_QUEUE_ALLOC",
	     tl_hw_queue_alloc(fd, viommu_id,
			       IOMMU_HW_QUEUE_TYPE_TEGRA241_CMDQV, 0, ring_gpa,
			       ring_len, &d.hwq_id));
	printf("    hw queue %u: %llu-byte ring (%u commands) at GPA 0x%llx, "
	       "inside one page, so physically\n    contiguous as the kernel "
	       "requires (a bigger ring needs a huge page)\n", d.hwq_id,
	       (unsigned long long)ring_len, 1U << log2size,
	       (unsigned long long)ring_gpa);
	qs = queue_state(d.hwq_id);
	printf("    the kernel latched BASE 0x%llx (host PA 0x%llx, LOG2SIZE "
	       "%u) in page1, which user space never sees\n",
	       (unsigned long long)qs.out_base,
	       (unsigned long long)(qs.out_base & ~0x1fULL), qs.out_log2size);
	expect_u64("QUEUE_STATE log2size", qs.out_log2size, log2size);
	expect_u64("BASE.LOG2SIZE", qs.out_base & 0x1f, log2size);
	expect_u64("QUEUE_STATE index", qs.out_index, 0);
	show_window(0);
	expect_window(0, 0, 0, 0, 0, 0, 0);
	printf("    reset and not enabled: enabling is the guest's job\n");
}

static void step_enable(void)
{
	uint64_t ms;

	reg_wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG,
	       IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN);
	ms = wait_reg(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED,
		      "STATUS.ENABLED");
	printf("    STATUS followed CONFIG after %llu ms (Linux allows 1 s)\n",
	       (unsigned long long)ms);
	show_window(0);
	expect_window(0, 0, 0, 1, 1, 0, 0);
}

static void step_invalidate(void)
{
	uint64_t ms;

	ring_put(0, cmd_tlbi_nh_asid(GUEST_VMID, ASID));
	ring_put(1, cmd_tlbi_nh_va(GUEST_VMID, ASID, TLBI_VA));
	ring_put(2, cmd_atc_inv_all(VSID));
	ring_put(3, cmd_sync_none());
	reg_wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD, 4);
	printf("    PROD := 0x4\n");
	ms = wait_reg(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS, ~0U, 4,
		      "CONS = 0x4");
	printf("    CONS passed the CMD_SYNC after %llu ms: the sync is "
	       "complete (CS=NONE: no MSI)\n", (unsigned long long)ms);
	show_window(0);
	expect_window(0, 4, 4, 1, 1, 0, 0);
}

static void step_what_ran(void)
{
	d.vmid = counters().out_vmid;
	expect_counters(1, 1, 1, 0, 1);
	expect_queue_state(d.hwq_id, IOMMUFD_SIM_CMDQV_Q_ENABLED, 1, 1, 1, 1,
			   0);
	show_trace(0, 4, d.vmid);
	printf("    the guest's VMID %u became the VINTF's VMID %u; its "
	       "vSID 0x%x became pSID 0x%x\n", GUEST_VMID, d.vmid, VSID, PSID);
}

/* CONS of a queue stopped by CERROR_ILL at entry 4 */
#define CONS_ILL_AT_4 \
	((IOMMUFD_SIM_TEGRA241_CERROR_ILL << \
	  IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT) | 4)

static void step_illegal(void)
{
	uint64_t ms;

	ring_put(4, cmd_cfgi_cd(VSID));
	ring_put(5, cmd_sync_none());
	reg_wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD, 6);
	printf("    PROD := 0x6\n");
	ms = wait_reg(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR,
		      "GERROR.CMDQ_ERR toggle");
	printf("    GERROR.CMDQ_ERR toggled after %llu ms; the queue stopped "
	       "at the bad entry:\n", (unsigned long long)ms);
	show_window(0);
	expect_window(0, CONS_ILL_AT_4, 6, 1, 1,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR, 0);
	expect_queue_state(d.hwq_id, IOMMUFD_SIM_CMDQV_Q_ENABLED |
			   IOMMUFD_SIM_CMDQV_Q_ERROR |
			   IOMMUFD_SIM_CMDQV_Q_ERR_MAP, 1, 1, 1, 1, 1);
}

static void step_vevent(void)
{
	struct pollfd pfd = { .fd = d.evfd, .events = POLLIN };
	struct iommu_vevent_tegra241_cmdqv vev;
	struct iommufd_vevent_header hdr;
	unsigned char buf[256];
	unsigned int idx;
	uint64_t start;
	ssize_t n;

	start = now_ms();
	for (;;) {
		if (poll(&pfd, 1, 100) > 0 && (pfd.revents & POLLIN))
			break;
		if (now_ms() - start > DEADLINE_MS)
			fail("no vEVENT after %d s", DEADLINE_MS / 1000);
	}
	n = read(d.evfd, buf, sizeof(buf));
	if (n < 0)
		fail("read of the vEVENTQ: %s", tl_errname(errno));
	printf("    read %zd bytes: an 8-byte header and a 16-byte "
	       "struct iommu_vevent_tegra241_cmdqv\n", n);
	expect_u64("bytes read", n, sizeof(hdr) + sizeof(vev));
	memcpy(&hdr, buf, sizeof(hdr));
	memcpy(&vev, buf + sizeof(hdr), sizeof(vev));
	printf("    header: flags 0x%x (%s), sequence %u\n", hdr.flags,
	       hdr.flags & IOMMU_VEVENTQ_FLAG_LOST_EVENTS ? "LOST_EVENTS" :
	       "nothing lost", hdr.sequence);
	printf("    LVCMDQ error map: 0x%016llx%016llx: ",
	       (unsigned long long)le64toh(vev.lvcmdq_err_map[1]),
	       (unsigned long long)le64toh(vev.lvcmdq_err_map[0]));
	for (idx = 0; idx < 128; idx++)
		if (le64toh(vev.lvcmdq_err_map[idx / 64]) >> (idx % 64) & 1)
			printf("LVCMDQ%u ", idx);
	printf("in error\n");
	expect_u64("vEVENT flags", hdr.flags, 0);
	expect_u64("vEVENT sequence", hdr.sequence, 0);
	expect_u64("error map word 0", le64toh(vev.lvcmdq_err_map[0]), 1);
	expect_u64("error map word 1", le64toh(vev.lvcmdq_err_map[1]), 0);
	show_trace(4, 5, d.vmid);
	expect_window(0, CONS_ILL_AT_4, 6, 1, 1, GERR_CMDQ, 0);
	printf("    the CMD_SYNC behind it waits (CONS still 0x01000004): "
	       "nothing is consumed while\n    GERROR != GERRORN\n");
}

static void step_recover(void)
{
	unsigned char buf[256];
	uint64_t ms;
	ssize_t n;

	ring_put(4, cmd_sync_none());
	reg_wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN,
	       reg_rd(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR));
	printf("    GERRORN := 0x%x\n",
	       reg_rd(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR));
	ms = wait_reg(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS, ~0U, 6,
		      "CONS = 0x6 after the recovery");
	printf("    the engine re-fetched the entry at CONS; CONS reached 0x6 "
	       "after %llu ms\n", (unsigned long long)ms);
	show_window(0);
	expect_window(0, 6, 6, 1, 1, GERR_CMDQ, GERR_CMDQ);
	expect_queue_state(d.hwq_id, IOMMUFD_SIM_CMDQV_Q_ENABLED, 1, 1, 1, 3,
			   1);
	show_trace(5, 7, d.vmid);
	/* as upstream: read(2) of an empty vEVENTQ returns 0 at once */
	n = read(d.evfd, buf, sizeof(buf));
	if (n)
		fail("read of the vEVENTQ gave %zd (%s), expected 0: no "
		     "second vEVENT", n, n < 0 ? tl_errname(errno) : "data");
	printf("    read(2) of the vEVENTQ: 0 bytes, no further vEVENT\n");
}

static void step_trapped(void)
{
	struct iommu_viommu_arm_smmuv3_invalidate inv;
	struct cmd cd = cmd_cfgi_cd(VSID);
	uint32_t num = 1;

	inv.cmd[0] = htole64(cd.w[0]);
	inv.cmd[1] = htole64(cd.w[1]);
	must("IOMMU_HWPT_INVALIDATE",
	     tl_hwpt_invalidate(fd, viommu_id,
				IOMMU_VIOMMU_INVALIDATE_DATA_ARM_SMMUV3, &inv,
				sizeof(inv), &num));
	expect_u64("HWPT_INVALIDATE entry_num", num, 1);
	printf("    HWPT_INVALIDATE(viommu %u, CFGI_CD vSID 0x%x): ok, "
	       "the kernel translated the vSID\n", viommu_id, VSID);
	expect_counters(1, 1, 1, 1, 3);
}

static void step_teardown(void)
{
	uint64_t ms, unmapped;
	long objs, pins;
	int err;

	reg_wr(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG, 0);
	ms = wait_reg(0, IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS,
		      IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED, 0,
		      "STATUS.ENABLED clear");
	printf("    CONFIG.EN := 0; STATUS cleared after %llu ms\n",
	       (unsigned long long)ms);
	show_window(0);
	expect_window(0, 6, 6, 0, 0, GERR_CMDQ, GERR_CMDQ);
	destroy(d.hwq_id, "hw queue");
	close(d.evfd);
	printf("    closed the vEVENTQ fd\n");
	destroy(d.veventq_id, "veventq");
	destroy(d.vdev_id, "vdevice");
	err = tl_destroy(fd, viommu_id);
	if (err != EBUSY)
		fail("DESTROY of the vIOMMU while its page is mapped gave %s, "
		     "expected EBUSY", err ? tl_errname(err) : "success");
	printf("    DESTROY viommu while its page is mapped: EBUSY "
	       "(as upstream)\n");
	if (munmap((void *)page, d.vintf.mmap_length))
		fail("munmap of the VINTF page: %s", tl_errname(errno));
	printf("    munmap of the VINTF page\n");
	destroy(viommu_id, "viommu");
	destroy(d.dev.out_stdev_id, "device (unplug)");
	destroy(d.hwpt_id, "nest parent hwpt");
	must("IOMMU_IOAS_UNMAP", tl_ioas_unmap(fd, d.ioas_id, GUEST_RAM_GPA,
					       GUEST_RAM_SIZE, &unmapped));
	expect_u64("bytes unmapped", unmapped, GUEST_RAM_SIZE);
	printf("    IOAS_UNMAP of guest RAM: ok\n");
	destroy(d.ioas_id, "ioas");
	close(fd);
	munmap(d.ram, GUEST_RAM_SIZE);
	leak_counts(&objs, &pins);
	if (d.objs0 < 0 || objs < 0) {
		printf("    (no debugfs: leak check skipped)\n");
	} else {
		printf("    module-wide: %ld live objects, %ld pinned pages "
		       "(%ld and %ld before)\n", objs, pins, d.objs0, d.pins0);
		expect_u64("live objects after teardown", objs, d.objs0);
		expect_u64("pinned pages after teardown", pins, d.pins0);
	}
}

/* The flow of a VMM, one function per step, in the order it must run */
static const struct {
	const char *title;
	void (*run)(void);
} steps[] = {
	{ "open the device: one iommufd context", step_open },
	{ "IOAS_ALLOC + IOAS_MAP: the guest's RAM at its guest physical "
	  "address", step_guest_ram },
	{ "IOMMUFD_SIM_OP_DEVICE_ALLOC: a Tegra241-model device on the "
	  "IOAS (VFIO bind + attach)", step_device },
	{ "GET_HW_INFO: the physical SMMU behind the device", step_hw_info },
	{ "HWPT_ALLOC NEST_PARENT: the stage 2 (GPA -> host PA); move "
	  "the device to it", step_nest_parent },
	{ "VIOMMU_ALLOC TEGRA241_CMDQV: a VINTF of the CMDQV", step_viommu },
	{ "mmap the VINTF page0 (QEMU maps it into the guest: no exits "
	  "for PROD/CONS)", step_mmap_page0 },
	{ "VDEVICE_ALLOC: the guest's vSID for the device", step_vdevice },
	{ "VEVENTQ_ALLOC TEGRA241_CMDQV: where queue errors are reported",
	  step_veventq },
	{ "HW_QUEUE_ALLOC TEGRA241_CMDQV: LVCMDQ 0 on guest RAM",
	  step_hw_queue },
	{ "enable: CONFIG.EN := 1, then poll STATUS until it says enabled",
	  step_enable },
	{ "push invalidations and a CMD_SYNC, ring PROD, wait for CONS",
	  step_invalidate },
	{ "what the \"hardware\" did: counters, queue state, trace",
	  step_what_ran },
	{ "an illegal command: CFGI_CD may not run on a vCMDQ", step_illegal },
	{ "the vEVENT: read(2) the vEVENTQ fd", step_vevent },
	{ "recover as Linux does: rewrite the entry as CMD_SYNC, "
	  "GERRORN := GERROR", step_recover },
	{ "the trapped path: the VMM sends the refused CFGI_CD with "
	  "HWPT_INVALIDATE", step_trapped },
	{ "teardown, leaves first", step_teardown },
};

int main(int argc, char **argv)
{
	size_t i;

	(void)argv;
	if (argc != 1)
		tl_usage_error("vcmdq_demo takes no arguments "
			       "($IOMMUFD_SIM_DEV picks the device)");
	setvbuf(stdout, NULL, _IOLBF, 0);

	printf("iommufd-sim vCMDQ demo: what a VMM does with a Grace "
	       "SMMUv3 + Tegra241 CMDQV, on %s\n", tl_device_path());
	show_engine_mode();
	leak_counts(&d.objs0, &d.pins0);
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		step(steps[i].title);
		steps[i].run();
	}
	printf("\nvcmdq_demo: all steps ok\n");
	return 0;
}
