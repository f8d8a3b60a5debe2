// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit test of module/cmdqv_queue.c, the per-LVCMDQ state machine of
 * the simulated Tegra241 CMDQV, against a fake VINTF page0 and fake rings
 * in ordinary memory.  No VM, no module: the pure files are compiled in
 * (see HOST_SRCS_* in the Makefile).
 *
 * Covers: index/wrap arithmetic for every log2size 1..19 (32 bytes to
 * 8 MiB, the defaults' smmu_cmdqs = 19) including a real consume across
 * the wrap and a full queue at each size, the enable handshake, idle,
 * the CERROR_ILL / GERROR / error-map / vEVENT / acknowledge / re-fetch
 * cycle, CMD_SYNC with CS != NONE, disable mid-stream, CONFIG.EN with no
 * queue (CMDQ_INIT_ERR), isolation between queues, the per-pass bound and
 * the read-only registers.
 *
 * Prints "cmdqv_queue: N cases passed" and exits 0, or names every failed
 * case and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>

#include "cmdqv_queue.h"
#include "check.h"
#include "lvcmdq.h"


#define CONS IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS
#define PROD IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD
#define CONFIG IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG
#define STATUS IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS
#define GERROR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR
#define GERRORN IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN
#define EN IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN
#define CMDQ_ERR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR
#define INIT_ERR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_INIT_ERR
#define ILL IOMMUFD_SIM_TEGRA241_CERROR_ILL
#define ERR_SHIFT IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT

/* Larger than any queue (2^19 entries), finite so a bug cannot hang */
#define BIG (1U << 21)

#define OP_ASID IOMMUFD_SIM_CMDQ_OP_TLBI_NH_ASID
#define OP_VA IOMMUFD_SIM_CMDQ_OP_TLBI_NH_VA
#define OP_ATC IOMMUFD_SIM_CMDQ_OP_ATC_INV
#define OP_SYNC IOMMUFD_SIM_CMDQ_OP_CMD_SYNC

/* A fake VINTF: its page0 and its 128-bit LVCMDQ error map */
struct vintf {
	__le32 page[IOMMUFD_SIM_TEGRA241_VINTF_PAGE0_SIZE / 4];
	u64 err_map[2];
	struct isim_cmdqv_q q[128];
};

static u32 rd(struct vintf *v, unsigned int l, unsigned int reg)
{
	return tl_lvcmdq_rd(v->page, l, reg);
}

static void wr(struct vintf *v, unsigned int l, unsigned int reg, u32 val)
{
	tl_lvcmdq_wr(v->page, l, reg, val);
}

static struct vintf *vintf_new(unsigned int nr_q)
{
	struct vintf *v = calloc(1, sizeof(*v));
	unsigned int l;

	if (!v)
		abort();
	for (l = 0; l < nr_q; l++)
		isim_cmdqv_q_init(&v->q[l],
				  &v->page[IOMMUFD_SIM_TEGRA241_LVCMDQ_REG(l, 0) / 4],
				  v->err_map, l);
	return v;
}

static __le64 *ring_new(unsigned int n)
{
	size_t len = (size_t)16 << n;
	__le64 *ring = aligned_alloc(len < 4096 ? len : 4096, len);

	if (!ring)
		abort();
	memset(ring, 0, len);
	return ring;
}

static void put(__le64 *ring, unsigned int n, u32 idx, u64 w0, u64 w1)
{
	tl_ring_put(ring, n, idx, w0, w1);
}

static u64 nh_asid(u16 vmid, u16 asid)
{
	return (u64)asid << 48 | (u64)vmid << 32 | OP_ASID;
}

static u64 sync_cs(unsigned int cs)
{
	return (u64)cs << 12 | OP_SYNC;
}

/* What the execute callback saw */
struct rec {
	unsigned int nr;
	u64 w0[64];
	u8 opcode[64];
	u16 asid[64];
	u16 vmid[64];
	u32 sid[64];
	u64 total;
	u64 last_w0;
	u32 bad_sid;	/* ATC_INV for this SID fails with CERROR_ILL */
	bool have_bad_sid;
	unsigned int rejected;	/* policy verdicts the callback saw */
	unsigned int retry;	/* ask to retry this many times */
};

static u8 exec_rec(void *ctx, struct isim_cmdqv_q *q,
		   const struct isim_smmu_cmd *cmd, u8 cerror)
{
	struct rec *r = ctx;

	(void)q;
	if (cerror) {
		r->rejected++;
		return cerror;
	}
	if (r->retry) {
		r->retry--;
		return ISIM_CMDQV_EXEC_RETRY;
	}
	if (cmd->opcode == OP_ATC && r->have_bad_sid && cmd->sid == r->bad_sid)
		return ILL;
	if (r->nr < 64) {
		r->w0[r->nr] = cmd->w0;
		r->opcode[r->nr] = cmd->opcode;
		r->asid[r->nr] = cmd->asid;
		r->vmid[r->nr] = cmd->vmid;
		r->sid[r->nr] = cmd->sid;
		r->nr++;
	}
	r->total++;
	r->last_w0 = cmd->w0;
	return 0;
}

static struct isim_cmdqv_pass pass(struct vintf *v, unsigned int l,
				   unsigned int max, struct rec *r)
{
	struct isim_cmdqv_pass res;

	isim_cmdqv_q_pass(&v->q[l], max, exec_rec, r, &res);
	return res;
}

static void test_len_to_log2size(void)
{
	unsigned int n;

	for (n = 1; n <= 19; n++) {
		CHECK_EQ(isim_cmdqv_len_to_log2size(16ULL << n, 19), n);
		/* One byte off either way is not a power of two */
		CHECK_EQ(isim_cmdqv_len_to_log2size((16ULL << n) + 16, 19), -1);
		CHECK_EQ(isim_cmdqv_len_to_log2size((16ULL << n) - 1, 19), -1);
	}
	CHECK_EQ(isim_cmdqv_len_to_log2size(32, 19), 1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(8 << 20, 19), 19);
	CHECK_EQ(isim_cmdqv_len_to_log2size(16 << 20, 19), -1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(16, 19), -1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(0, 19), -1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(1ULL << 63, 19), -1);
	/* IDR1.CMDQS caps the size; above 19 the RD/WR width does */
	CHECK_EQ(isim_cmdqv_len_to_log2size(256, 4), 4);
	CHECK_EQ(isim_cmdqv_len_to_log2size(512, 4), -1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(16 << 20, 25), -1);
	CHECK_EQ(isim_cmdqv_len_to_log2size(32, 0), -1);
}

static void test_arith(void)
{
	unsigned int n;

	for (n = 1; n <= 19; n++) {
		u32 sz = 1U << n, last = sz - 1, w = sz;

		CHECK_EQ(isim_cmdqv_ptr_mask(n), (2U * sz) - 1);
		/* The wrap boundary both ways */
		CHECK_EQ(isim_cmdqv_inc(last, n), w | 0);
		CHECK_EQ(isim_cmdqv_inc(w | last, n), 0);
		CHECK_EQ(isim_cmdqv_inc(0, n), 1);
		CHECK_EQ(isim_cmdqv_idx(w | last, n), last);
		CHECK_EQ(isim_cmdqv_wrap(w | last, n), 1);
		CHECK_EQ(isim_cmdqv_wrap(last, n), 0);
		/* Bits above the wrap bit are not part of the pointer */
		CHECK_EQ(isim_cmdqv_idx(0xfff00000U | last, n), last);
		CHECK_EQ(isim_cmdqv_inc(0x80000000U | w | last, n), 0);
		/* Empty, full and the fill level across the wrap */
		CHECK(isim_cmdqv_empty(last, last, n));
		CHECK(isim_cmdqv_empty(w | last, w | last, n));
		CHECK(!isim_cmdqv_full(last, last, n));
		CHECK(isim_cmdqv_full(w | last, last, n));
		CHECK(isim_cmdqv_full(last, w | last, n));
		CHECK(!isim_cmdqv_empty(w | last, last, n));
		CHECK_EQ(isim_cmdqv_used(w | last, last, n), sz);
		CHECK_EQ(isim_cmdqv_used(w | 0, last, n), 1);
		CHECK_EQ(isim_cmdqv_used(0, w | last, n), 1);
		CHECK_EQ(isim_cmdqv_used(last, 0, n), last);
		CHECK_EQ(isim_cmdqv_used(0, 0, n), 0);
	}
}

/*
 * At every size: consume across the wrap from the last index, then a
 * completely full queue (PROD a full lap ahead), with a real ring.
 */
static void test_every_size(void)
{
	unsigned int n;

	for (n = 1; n <= 19; n++) {
		struct vintf *v = vintf_new(1);
		__le64 *ring = ring_new(n);
		u32 sz = 1U << n, last = sz - 1, w = sz, i, k = sz < 3 ? sz : 3;
		struct isim_cmdqv_pass res;
		struct rec r = {};
		u32 start;

		for (i = 0; i < sz; i++)
			put(ring, n, i, nh_asid(1, i & 0xffff), 0);
		isim_cmdqv_q_attach(&v->q[0], ring, n);
		/* Software may place CONS while the queue is disabled */
		wr(v, 0, CONS, last);
		wr(v, 0, PROD, (last + k) & (2 * sz - 1));
		wr(v, 0, CONFIG, EN);
		res = pass(v, 0, BIG, &r);
		CHECK_EQ(res.consumed, k);
		CHECK(res.status_changed);
		CHECK_EQ(rd(v, 0, STATUS), 1);
		CHECK_EQ(rd(v, 0, CONS), (last + k) & (2 * sz - 1));
		CHECK_EQ(isim_cmdqv_wrap(rd(v, 0, CONS), n), 1);
		CHECK_EQ(r.asid[0], last & 0xffff);
		CHECK_EQ(r.asid[1], 0);
		if (k > 2)
			CHECK_EQ(r.asid[2], 1);

		/* PROD a full lap ahead: every entry runs once */
		start = rd(v, 0, CONS);
		r = (struct rec){};
		wr(v, 0, PROD, start ^ w);
		res = pass(v, 0, BIG, &r);
		CHECK_EQ(res.consumed, sz);
		CHECK_EQ(r.total, sz);
		CHECK(!res.pending);
		CHECK_EQ(rd(v, 0, CONS), start ^ w);
		CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_TLBI_NH_ASID], k + sz);
		/* And back to idle */
		res = pass(v, 0, BIG, &r);
		CHECK_EQ(res.consumed, 0);

		isim_cmdqv_q_detach(&v->q[0]);
		free(ring);
		free(v);
	}
}

static void test_enable_handshake_and_idle(void)
{
	struct vintf *v = vintf_new(2);
	__le64 *ring = ring_new(2);
	struct isim_cmdqv_pass res;
	struct rec r = {};

	/* Attach resets a scribbled window and never enables */
	wr(v, 0, CONS, 0x12345);
	wr(v, 0, PROD, 3);
	wr(v, 0, STATUS, 1);
	wr(v, 0, GERRORN, 7);
	isim_cmdqv_q_attach(&v->q[0], ring, 2);
	CHECK_EQ(rd(v, 0, CONS), 0);
	CHECK_EQ(rd(v, 0, PROD), 0);
	CHECK_EQ(rd(v, 0, CONFIG), 0);
	CHECK_EQ(rd(v, 0, STATUS), 0);
	CHECK_EQ(rd(v, 0, GERRORN), rd(v, 0, GERROR));

	res = pass(v, 0, BIG, &r);
	CHECK(!res.status_changed);
	CHECK_EQ(rd(v, 0, STATUS), 0);

	/* PROD moved while disabled: nothing runs */
	put(ring, 2, 0, nh_asid(1, 1), 0);
	wr(v, 0, PROD, 1);
	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 0);
	CHECK_EQ(rd(v, 0, CONS), 0);

	wr(v, 0, CONFIG, EN);
	res = pass(v, 0, BIG, &r);
	CHECK(res.status_changed);
	CHECK_EQ(rd(v, 0, STATUS), IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED);
	CHECK_EQ(res.consumed, 1);
	CHECK_EQ(rd(v, 0, CONS), 1);

	/* Idle: PROD == CONS, nothing changes */
	res = pass(v, 0, BIG, &r);
	CHECK(!res.status_changed);
	CHECK_EQ(res.consumed, 0);
	CHECK(!res.raise_event && !res.pending && !res.error_acked);
	CHECK_EQ(rd(v, 0, CONS), 1);
	CHECK_EQ(r.total, 1);

	/* Disable: STATUS follows, indices kept */
	wr(v, 0, CONFIG, 0);
	res = pass(v, 0, BIG, &r);
	CHECK(res.status_changed);
	CHECK_EQ(rd(v, 0, STATUS), 0);
	CHECK_EQ(rd(v, 0, CONS), 1);
	CHECK_EQ(rd(v, 0, PROD), 1);

	/* The other window was never touched */
	CHECK_EQ(rd(v, 1, STATUS) | rd(v, 1, CONS) | rd(v, 1, GERROR), 0);

	free(ring);
	free(v);
}

static void test_illegal_and_recovery(void)
{
	struct vintf *v = vintf_new(1);
	__le64 *ring = ring_new(3);
	struct isim_cmdqv_pass res;
	struct rec r = {};

	isim_cmdqv_q_attach(&v->q[0], ring, 3);
	put(ring, 3, 0, nh_asid(2, 10), 0);
	put(ring, 3, 1, ISIM_CMD_OP_TLBI_NH_ALL | 2ULL << 32, 0);
	put(ring, 3, 2, nh_asid(2, 12), 0);
	wr(v, 0, PROD, 3);
	wr(v, 0, CONFIG, EN);

	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 1);
	CHECK(res.raise_event);
	CHECK(res.gerror_raised);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 1);
	CHECK_EQ(rd(v, 0, GERROR), CMDQ_ERR);
	CHECK_EQ(rd(v, 0, GERRORN), 0);
	CHECK_EQ(v->err_map[0], 1);
	CHECK_EQ(v->err_map[1], 0);
	CHECK_EQ(rd(v, 0, STATUS), 1);	/* still enabled, just stopped */
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ERROR], 1);

	/* Stopped: no progress, no second event, until acknowledged */
	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 0);
	CHECK(!res.raise_event);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 1);

	/* The guest rewrites the entry (as skip_err does) ... */
	put(ring, 3, 1, sync_cs(IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE), 0);
	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 0);
	/* ... and acknowledges: CONS.ERR and the map bit clear, re-fetch */
	wr(v, 0, GERRORN, rd(v, 0, GERROR));
	res = pass(v, 0, BIG, &r);
	CHECK(res.error_acked);
	CHECK(!res.raise_event);
	CHECK_EQ(res.consumed, 2);
	CHECK_EQ(rd(v, 0, CONS), 3);
	CHECK_EQ(v->err_map[0], 0);
	CHECK_EQ(rd(v, 0, GERROR), CMDQ_ERR);	/* toggle style: stays */
	CHECK_EQ(r.nr, 3);
	CHECK_EQ(r.opcode[1], OP_SYNC);
	CHECK_EQ(r.asid[2], 12);

	/* A second error toggles GERROR back */
	put(ring, 3, 3, 0xff, 0);
	wr(v, 0, PROD, 4);
	res = pass(v, 0, BIG, &r);
	CHECK(res.raise_event);
	CHECK_EQ(rd(v, 0, GERROR), 0);
	CHECK_EQ(rd(v, 0, GERRORN), CMDQ_ERR);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 3);

	/* Acknowledged without a rewrite: the re-fetch fails again */
	wr(v, 0, GERRORN, 0);
	res = pass(v, 0, BIG, &r);
	CHECK(res.error_acked);
	CHECK(res.raise_event);
	CHECK_EQ(res.consumed, 0);
	CHECK_EQ(rd(v, 0, GERROR), CMDQ_ERR);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 3);
	CHECK_EQ(v->err_map[0], 1);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ERROR], 3);

	free(ring);
	free(v);
}

static void test_sync_cs(void)
{
	unsigned int cs;

	for (cs = 0; cs < 4; cs++) {
		struct vintf *v = vintf_new(1);
		__le64 *ring = ring_new(1);
		struct isim_cmdqv_pass res;
		struct rec r = {};

		isim_cmdqv_q_attach(&v->q[0], ring, 1);
		put(ring, 1, 0, sync_cs(cs), 0);
		wr(v, 0, PROD, 1);
		wr(v, 0, CONFIG, EN);
		res = pass(v, 0, BIG, &r);
		if (cs == IOMMUFD_SIM_CMDQ_SYNC_0_CS_NONE) {
			CHECK_EQ(res.consumed, 1);
			CHECK_EQ(rd(v, 0, CONS), 1);
			CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_CMD_SYNC], 1);
		} else {
			CHECK_EQ(res.consumed, 0);
			CHECK(res.raise_event);
			CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT);
			CHECK_EQ(rd(v, 0, GERROR), CMDQ_ERR);
			CHECK_EQ(r.total, 0);	/* no MSI, no execution */
		}
		free(ring);
		free(v);
	}
}

static void test_disable_mid_stream_and_bound(void)
{
	struct vintf *v = vintf_new(1);
	__le64 *ring = ring_new(4);
	struct isim_cmdqv_pass res;
	struct rec r = {};
	unsigned int i;

	isim_cmdqv_q_attach(&v->q[0], ring, 4);
	for (i = 0; i < 16; i++)
		put(ring, 4, i, nh_asid(3, i), 0);
	wr(v, 0, PROD, 10);
	wr(v, 0, CONFIG, EN);

	/* The bound: 4 per pass, CONS published after each pass */
	res = pass(v, 0, 4, &r);
	CHECK_EQ(res.consumed, 4);
	CHECK(res.pending);
	CHECK_EQ(rd(v, 0, CONS), 4);
	/* max 0 runs nothing but still tracks CONFIG */
	res = pass(v, 0, 0, &r);
	CHECK_EQ(res.consumed, 0);
	CHECK(res.pending);

	/* Disabled mid-stream: stop, STATUS 0, PROD and CONS kept */
	wr(v, 0, CONFIG, 0);
	res = pass(v, 0, 4, &r);
	CHECK_EQ(res.consumed, 0);
	CHECK(!res.pending);
	CHECK(res.status_changed);
	CHECK_EQ(rd(v, 0, STATUS), 0);
	CHECK_EQ(rd(v, 0, CONS), 4);
	CHECK_EQ(rd(v, 0, PROD), 10);

	/* Re-enabled: resumes where it stopped */
	wr(v, 0, CONFIG, EN);
	res = pass(v, 0, 4, &r);
	CHECK_EQ(res.consumed, 4);
	CHECK(res.pending);
	res = pass(v, 0, 4, &r);
	CHECK_EQ(res.consumed, 2);
	CHECK(!res.pending);
	CHECK_EQ(rd(v, 0, CONS), 10);
	CHECK_EQ(r.total, 10);
	for (i = 0; i < 10; i++)
		CHECK_EQ(r.asid[i], i);

	/* Software moves CONS while disabled; enabling starts there */
	wr(v, 0, CONFIG, 0);
	pass(v, 0, 4, &r);
	wr(v, 0, CONS, 14);
	wr(v, 0, PROD, 16 | 1);		/* wrapped, index 1 */
	wr(v, 0, CONFIG, EN);
	res = pass(v, 0, 100, &r);
	CHECK_EQ(res.consumed, 3);
	CHECK_EQ(rd(v, 0, CONS), 16 | 1);
	CHECK_EQ(r.asid[10], 14);
	CHECK_EQ(r.asid[11], 15);
	CHECK_EQ(r.asid[12], 0);

	/* PROD bit 31 and bits above the wrap bit are ignored */
	wr(v, 0, PROD, 0x80000000U | 0x700 | 16 | 3);
	res = pass(v, 0, 100, &r);
	CHECK_EQ(res.consumed, 2);
	CHECK_EQ(rd(v, 0, CONS), 16 | 3);

	free(ring);
	free(v);
}

static void test_no_queue_init_err(void)
{
	struct vintf *v = vintf_new(3);
	struct isim_cmdqv_pass res;
	struct rec r = {};

	wr(v, 2, CONFIG, EN);
	res = pass(v, 2, BIG, &r);
	CHECK(res.gerror_raised);
	CHECK(!res.raise_event);
	CHECK_EQ(rd(v, 2, GERROR), INIT_ERR);
	CHECK_EQ(rd(v, 2, STATUS), 0);
	/* Once per enable request */
	res = pass(v, 2, BIG, &r);
	CHECK(!res.gerror_raised);
	CHECK_EQ(rd(v, 2, GERROR), INIT_ERR);
	/* A new request while the first is unacknowledged: no toggle */
	wr(v, 2, CONFIG, 0);
	pass(v, 2, BIG, &r);
	wr(v, 2, CONFIG, EN);
	res = pass(v, 2, BIG, &r);
	CHECK(!res.gerror_raised);
	CHECK_EQ(rd(v, 2, GERROR), INIT_ERR);
	/* Acknowledged, then requested again: toggles back */
	wr(v, 2, GERRORN, INIT_ERR);
	wr(v, 2, CONFIG, 0);
	pass(v, 2, BIG, &r);
	wr(v, 2, CONFIG, EN);
	res = pass(v, 2, BIG, &r);
	CHECK(res.gerror_raised);
	CHECK_EQ(rd(v, 2, GERROR), 0);
	CHECK_EQ(rd(v, 2, STATUS), 0);
	CHECK_EQ(v->err_map[0] | v->err_map[1], 0);
	/* Nothing leaked into the neighbours */
	CHECK_EQ(rd(v, 1, GERROR) | rd(v, 1, STATUS), 0);
	CHECK_EQ(r.total, 0);
	free(v);
}

static void test_isolation(void)
{
	struct vintf *v = vintf_new(128);
	__le64 *ring0 = ring_new(2), *ring1 = ring_new(2), *ring100 = ring_new(1);
	struct isim_cmdqv_pass res;
	struct rec r0 = {}, r1 = {};

	isim_cmdqv_q_attach(&v->q[0], ring0, 2);
	isim_cmdqv_q_attach(&v->q[1], ring1, 2);
	put(ring0, 2, 0, nh_asid(5, 1), 0);
	put(ring0, 2, 1, nh_asid(5, 2), 0);
	put(ring1, 2, 0, 0x03, 0);	/* CFGI_STE: illegal in a vCMDQ */
	wr(v, 0, CONFIG, EN);
	wr(v, 1, CONFIG, EN);
	wr(v, 0, PROD, 1);
	wr(v, 1, PROD, 1);

	res = pass(v, 1, BIG, &r1);
	CHECK(res.raise_event);
	CHECK_EQ(v->err_map[0], 2);
	res = pass(v, 0, BIG, &r0);
	CHECK_EQ(res.consumed, 1);
	CHECK(!res.raise_event);
	CHECK_EQ(rd(v, 0, CONS), 1);
	CHECK_EQ(rd(v, 0, GERROR), 0);
	/* Queue 0 keeps running while queue 1 is stopped */
	wr(v, 0, PROD, 2);
	res = pass(v, 0, BIG, &r0);
	CHECK_EQ(res.consumed, 1);
	CHECK_EQ(rd(v, 0, CONS), 2);
	CHECK_EQ(rd(v, 1, CONS), (u32)ILL << ERR_SHIFT);
	CHECK_EQ(r0.total, 2);
	CHECK_EQ(r1.total, 0);

	/* A high-numbered queue sets its bit in the upper map word */
	isim_cmdqv_q_attach(&v->q[100], ring100, 1);
	put(ring100, 1, 0, 0x30, 0);
	wr(v, 100, CONFIG, EN);
	wr(v, 100, PROD, 1);
	res = pass(v, 100, BIG, &r1);
	CHECK(res.raise_event);
	CHECK_EQ(v->err_map[0], 2);
	CHECK_EQ(v->err_map[1], 1ULL << (100 - 64));

	/* Acknowledging queue 1 clears only its bit */
	put(ring1, 2, 0, sync_cs(0), 0);
	wr(v, 1, GERRORN, rd(v, 1, GERROR));
	res = pass(v, 1, BIG, &r1);
	CHECK(res.error_acked);
	CHECK_EQ(res.consumed, 1);
	CHECK_EQ(v->err_map[0], 0);
	CHECK_EQ(v->err_map[1], 1ULL << 36);
	CHECK_EQ(rd(v, 100, CONS), (u32)ILL << ERR_SHIFT);

	/* Detaching a stopped queue acknowledges it and clears its bit */
	isim_cmdqv_q_detach(&v->q[100]);
	CHECK_EQ(v->err_map[1], 0);
	CHECK_EQ(rd(v, 100, GERRORN), rd(v, 100, GERROR));
	CHECK_EQ(rd(v, 100, CONS) | rd(v, 100, PROD) | rd(v, 100, CONFIG) |
		 rd(v, 100, STATUS), 0);
	CHECK(!v->q[100].ring);
	/* And the window is a window without a queue again */
	wr(v, 100, CONFIG, EN);
	res = pass(v, 100, BIG, &r1);
	CHECK(res.gerror_raised);
	CHECK_EQ(rd(v, 100, GERROR) & INIT_ERR, INIT_ERR);
	CHECK_EQ(rd(v, 100, STATUS), 0);

	free(ring0);
	free(ring1);
	free(ring100);
	free(v);
}

static void test_exec_error_and_fields(void)
{
	struct vintf *v = vintf_new(1);
	__le64 *ring = ring_new(3);
	struct isim_cmdqv_pass res;
	struct rec r = { .bad_sid = 99, .have_bad_sid = true };

	isim_cmdqv_q_attach(&v->q[0], ring, 3);
	put(ring, 3, 0, 0x0bcdULL << 48 | 0x0aULL << 32 | OP_VA, 0x5000);
	put(ring, 3, 1, 7ULL << 32 | OP_ATC, 52);
	put(ring, 3, 2, 99ULL << 32 | OP_ATC, 52);	/* no vDEVICE */
	put(ring, 3, 3, sync_cs(0), 0);
	wr(v, 0, PROD, 4);
	wr(v, 0, CONFIG, EN);
	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 2);
	CHECK(res.raise_event);
	CHECK_EQ(r.vmid[0], 0xa);
	CHECK_EQ(r.asid[0], 0xbcd);
	CHECK_EQ(r.sid[1], 7);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 2);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_TLBI_NH_VA], 1);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ATC_INV], 1);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ERROR], 1);

	/* The guest fixes the SID; after the ack the rest runs */
	put(ring, 3, 2, 7ULL << 32 | OP_ATC, 52);
	wr(v, 0, GERRORN, CMDQ_ERR);
	res = pass(v, 0, BIG, &r);
	CHECK_EQ(res.consumed, 2);
	CHECK_EQ(rd(v, 0, CONS), 4);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ATC_INV], 2);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_CMD_SYNC], 1);

	/* A NULL callback runs the allowed commands with no side effects */
	put(ring, 3, 4, nh_asid(1, 1), 0);
	wr(v, 0, PROD, 5);
	isim_cmdqv_q_pass(&v->q[0], BIG, NULL, NULL, &res);
	CHECK_EQ(res.consumed, 1);
	free(ring);
	free(v);
}

static void test_read_only_registers(void)
{
	struct vintf *v = vintf_new(1);
	__le64 *ring = ring_new(2);
	struct rec r = {};

	isim_cmdqv_q_attach(&v->q[0], ring, 2);
	/* STATUS and GERROR written by the user show the real value again */
	wr(v, 0, STATUS, 1);
	wr(v, 0, GERROR, 5);
	pass(v, 0, BIG, &r);
	CHECK_EQ(rd(v, 0, STATUS), 0);
	CHECK_EQ(rd(v, 0, GERROR), 0);
	/* A scribbled GERROR did not make an error active */
	put(ring, 2, 0, nh_asid(0, 0), 0);
	wr(v, 0, PROD, 1);
	wr(v, 0, CONFIG, EN);
	pass(v, 0, BIG, &r);
	CHECK_EQ(rd(v, 0, CONS), 1);
	/* CONS belongs to the hardware while the queue runs */
	wr(v, 0, CONS, 3);
	pass(v, 0, BIG, &r);
	CHECK_EQ(rd(v, 0, CONS), 1);
	CHECK_EQ(r.total, 1);
	/* A GERRORN that differs from GERROR stops the queue (README.md, "The register page") */
	wr(v, 0, GERRORN, CMDQ_ERR);
	put(ring, 2, 1, nh_asid(0, 1), 0);
	wr(v, 0, PROD, 2);
	pass(v, 0, BIG, &r);
	CHECK_EQ(rd(v, 0, CONS), 1);
	wr(v, 0, GERRORN, 0);
	pass(v, 0, BIG, &r);
	CHECK_EQ(rd(v, 0, CONS), 2);
	free(ring);
	free(v);
}

/*
 * The callback sees the policy's verdict on rejected commands (and must
 * hand it back), and a retry stalls the queue at the command without an
 * error: the next pass fetches the same entry again.
 */
static void test_exec_verdict_and_retry(void)
{
	struct vintf *v = vintf_new(1);
	__le64 *ring = ring_new(2);
	struct isim_cmdqv_pass res;
	struct rec r = { .retry = 2 };

	isim_cmdqv_q_attach(&v->q[0], ring, 2);
	put(ring, 2, 0, nh_asid(1, 1), 0);
	put(ring, 2, 1, 0x03, 0);	/* CFGI_STE: the policy says ILL */
	wr(v, 0, CONFIG, EN);
	wr(v, 0, PROD, 2);

	res = pass(v, 0, BIG, &r);
	CHECK(res.stalled);
	CHECK(!res.raise_event);
	CHECK_EQ(res.consumed, 0);
	CHECK_EQ(rd(v, 0, CONS), 0);
	CHECK_EQ(rd(v, 0, GERROR), 0);
	CHECK_EQ(r.total, 0);
	res = pass(v, 0, BIG, &r);
	CHECK(res.stalled);
	CHECK_EQ(rd(v, 0, CONS), 0);

	/* Retries used up: the TLBI runs, the CFGI_STE reaches the callback */
	res = pass(v, 0, BIG, &r);
	CHECK(!res.stalled);
	CHECK_EQ(res.consumed, 1);
	CHECK_EQ(r.total, 1);
	CHECK_EQ(r.rejected, 1);
	CHECK(res.raise_event);
	CHECK_EQ(rd(v, 0, CONS), (u32)ILL << ERR_SHIFT | 1);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_TLBI_NH_ASID], 1);
	CHECK_EQ(v->q[0].nr[ISIM_CMDQV_CNT_ERROR], 1);
	free(ring);
	free(v);
}

int main(void)
{
	test_len_to_log2size();
	test_arith();
	test_every_size();
	test_enable_handshake_and_idle();
	test_illegal_and_recovery();
	test_sync_cs();
	test_disable_mid_stream_and_bound();
	test_no_queue_init_err();
	test_isolation();
	test_exec_error_and_fields();
	test_read_only_registers();
	test_exec_verdict_and_retry();

	return tl_check_report("cmdqv_queue");
}
