// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim: the per-LVCMDQ state machine of the simulated CMDQV.
 *
 * Pure code (see pure_types.h and cmdqv_queue.h).  User space writes the
 * register page at any time and cannot be trapped, so a pass reads every
 * guest-written register (CONFIG, PROD, GERRORN) exactly once with acquire
 * ordering before acting on it, keeps the hardware-owned registers (CONS,
 * STATUS, GERROR) in struct isim_cmdqv_q and publishes them to the page
 * with release ordering after the work they describe.
 */
#include "cmdqv_queue.h"

#define ISIM_REG(q, off) (&(q)->win[(off) / sizeof(__le32)])

/* Short names for the uapi register layout */
#define ISIM_Q_CONS IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS
#define ISIM_Q_PROD IOMMUFD_SIM_TEGRA241_LVCMDQ_PROD
#define ISIM_Q_CONFIG IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG
#define ISIM_Q_STATUS IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS
#define ISIM_Q_GERROR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR
#define ISIM_Q_GERRORN IOMMUFD_SIM_TEGRA241_LVCMDQ_GERRORN
#define ISIM_Q_ENABLED IOMMUFD_SIM_TEGRA241_LVCMDQ_STATUS_ENABLED
#define ISIM_Q_CMDQ_ERR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_ERR
#define ISIM_Q_INIT_ERR IOMMUFD_SIM_TEGRA241_LVCMDQ_GERROR_CMDQ_INIT_ERR

static u32 isim_reg_read(struct isim_cmdqv_q *q, unsigned int off)
{
	return le32_to_cpu(ISIM_PURE_READ(ISIM_REG(q, off)));
}

static u32 isim_reg_read_acquire(struct isim_cmdqv_q *q, unsigned int off)
{
	return le32_to_cpu(ISIM_PURE_READ_ACQUIRE(ISIM_REG(q, off)));
}

static void isim_reg_write(struct isim_cmdqv_q *q, unsigned int off, u32 val)
{
	ISIM_PURE_WRITE(ISIM_REG(q, off), cpu_to_le32(val));
}

static void isim_reg_write_release(struct isim_cmdqv_q *q, unsigned int off,
				   u32 val)
{
	ISIM_PURE_WRITE_RELEASE(ISIM_REG(q, off), cpu_to_le32(val));
}

/*
 * CONS as the hardware shows it: (err << 24) | wrap | idx
 * (docs/tegra241-cmdqv.md, 'Queue indices')
 */
static u32 isim_cons_value(const struct isim_cmdqv_q *q)
{
	return ((u32)q->cons_err << IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_SHIFT &
		IOMMUFD_SIM_TEGRA241_LVCMDQ_CONS_ERR_MASK) | q->cons;
}

/*
 * Publishes CONS after the entries it covers have been read and executed:
 * a guest that sees CONS move may reuse those slots and treat every
 * CMD_SYNC before it as complete (docs/tegra241-cmdqv.md, 'Commands').
 */
static void isim_publish_cons(struct isim_cmdqv_q *q)
{
	isim_reg_write_release(q, ISIM_Q_CONS, isim_cons_value(q));
}

static void isim_err_map_set(struct isim_cmdqv_q *q, bool set)
{
	u64 bit = 1ULL << (q->err_bit % 64);
	u64 *word = &q->err_map[(q->err_bit / 64) % 2];

	if (set)
		*word |= bit;
	else
		*word &= ~bit;
}

/*
 * Toggles GERROR @bit unless that error is already active (GERROR and GERRORN
 * differ in it), as SMMUv3 GERROR bits do; that a CMDQV LVCMDQ follows the same
 * rule is UNVERIFIED (docs/tegra241-cmdqv.md, 'Errors').  GERROR is published
 * last, with release ordering, so a guest that sees the toggle also sees
 * CONS.ERR.
 */
static bool isim_raise_gerror(struct isim_cmdqv_q *q, u32 gerrorn, u32 bit)
{
	if ((q->gerror ^ gerrorn) & bit)
		return false;
	q->gerror ^= bit;
	isim_reg_write_release(q, ISIM_Q_GERROR, q->gerror);
	return true;
}

int isim_cmdqv_len_to_log2size(u64 len, unsigned int cmdqs)
{
	unsigned int max = cmdqs < ISIM_CMDQV_MAX_LOG2SIZE ?
			   cmdqs : ISIM_CMDQV_MAX_LOG2SIZE;
	int n;

	if (len < IOMMUFD_SIM_CMDQ_MIN_QUEUE_SIZE || (len & (len - 1)))
		return -1;
	n = __builtin_ctzll(len) - 4;	/* 16-byte entries */
	if (n < ISIM_CMDQV_MIN_LOG2SIZE || n > (int)max)
		return -1;
	return n;
}

void isim_cmdqv_q_init(struct isim_cmdqv_q *q, __le32 *win, u64 *err_map,
		       unsigned int err_bit)
{
	*q = (struct isim_cmdqv_q){
		.win = win,
		.err_map = err_map,
		.err_bit = err_bit,
	};
}

/* The register writes of a window reset (docs/tegra241-cmdqv.md, 'Deinit') */
static void isim_window_reset(struct isim_cmdqv_q *q)
{
	q->cons = 0;
	q->cons_err = 0;
	q->en_req = false;
	q->enabled = false;
	isim_err_map_set(q, false);
	isim_reg_write(q, ISIM_Q_CONFIG, 0);
	isim_reg_write(q, ISIM_Q_STATUS, 0);
	isim_reg_write(q, ISIM_Q_PROD, 0);
	isim_reg_write(q, ISIM_Q_CONS, 0);
	isim_reg_write(q, ISIM_Q_GERROR, q->gerror);
	isim_reg_write_release(q, ISIM_Q_GERRORN, q->gerror);
}

void isim_cmdqv_q_attach(struct isim_cmdqv_q *q, const __le64 *ring,
			 unsigned int log2size)
{
	q->ring = ring;
	q->log2size = log2size;
	memset(q->nr, 0, sizeof(q->nr));
	isim_window_reset(q);
}

void isim_cmdqv_q_detach(struct isim_cmdqv_q *q)
{
	isim_window_reset(q);
	q->ring = NULL;
	q->log2size = 0;
}

/*
 * The page is user memory: a store to a read-only register (STATUS,
 * GERROR, and CONS while the queue runs) must not change what the hardware
 * does.  The simulator treats such stores as ignored and shows the real
 * value again; software may write CONS only while the queue is disabled
 * (docs/tegra241-cmdqv.md, 'Deinit').
 */
static void isim_restore_ro(struct isim_cmdqv_q *q)
{
	u32 status = q->enabled ? ISIM_Q_ENABLED : 0;

	if (isim_reg_read(q, ISIM_Q_STATUS) != status)
		isim_reg_write(q, ISIM_Q_STATUS, status);
	if (isim_reg_read(q, ISIM_Q_GERROR) != q->gerror)
		isim_reg_write(q, ISIM_Q_GERROR, q->gerror);
	if (q->enabled && isim_reg_read(q, ISIM_Q_CONS) != isim_cons_value(q))
		isim_reg_write(q, ISIM_Q_CONS, isim_cons_value(q));
}

static void isim_count(struct isim_cmdqv_q *q, u8 opcode)
{
	switch (opcode) {
	case ISIM_CMD_OP_TLBI_NH_ASID:
		q->nr[ISIM_CMDQV_CNT_TLBI_NH_ASID]++;
		break;
	case ISIM_CMD_OP_TLBI_NH_VA:
		q->nr[ISIM_CMDQV_CNT_TLBI_NH_VA]++;
		break;
	case ISIM_CMD_OP_ATC_INV:
		q->nr[ISIM_CMDQV_CNT_ATC_INV]++;
		break;
	case ISIM_CMD_OP_CMD_SYNC:
		q->nr[ISIM_CMDQV_CNT_CMD_SYNC]++;
		break;
	}
}

/*
 * Stops the queue at the command at CONS.  UNVERIFIED,
 * docs/tegra241-cmdqv.md, 'Policy', rows "opcode other than ...",
 * "CMD_SYNC with CS != SIG_NONE" and "ATC_INV for a vSID with no
 * vDEVICE": CONS stays at the entry with CONS.ERR = @cerror,
 * GERROR.CMDQ_ERR toggles, the LVCMDQ error-map bit is set and the caller
 * queues the vEVENT.  Nothing more is consumed until the acknowledgment.
 */
static void isim_stop(struct isim_cmdqv_q *q, u32 gerrorn, u8 cerror,
		      struct isim_cmdqv_pass *res)
{
	q->cons_err = cerror;
	q->nr[ISIM_CMDQV_CNT_ERROR]++;
	isim_publish_cons(q);
	isim_err_map_set(q, true);
	res->gerror_raised = isim_raise_gerror(q, gerrorn, ISIM_Q_CMDQ_ERR);
	res->raise_event = true;
}

void isim_cmdqv_q_pass(struct isim_cmdqv_q *q, unsigned int max,
		       isim_cmdqv_exec_fn exec, void *ctx,
		       struct isim_cmdqv_pass *res)
{
	unsigned int n = q->log2size;
	u32 config, gerrorn, prod;
	bool en;

	*res = (struct isim_cmdqv_pass){};
	config = isim_reg_read_acquire(q, ISIM_Q_CONFIG);
	en = config & IOMMUFD_SIM_TEGRA241_LVCMDQ_CONFIG_EN;
	isim_restore_ro(q);

	if (!q->ring) {
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row "CONFIG.EN
		 * with no queue allocated": toggle GERROR.CMDQ_INIT_ERR once
		 * per enable request (0 -> 1 as seen by the engine); STATUS
		 * stays 0.
		 */
		if (en && !q->en_req) {
			gerrorn = isim_reg_read_acquire(q, ISIM_Q_GERRORN);
			res->gerror_raised =
				isim_raise_gerror(q, gerrorn, ISIM_Q_INIT_ERR);
		}
		q->en_req = en;
		return;
	}

	q->en_req = en;
	if (!en) {
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row "CONFIG.EN
		 * 1->0": stop and clear STATUS; PROD, CONS and any pending
		 * error are kept.
		 */
		if (q->enabled) {
			q->enabled = false;
			isim_reg_write_release(q, ISIM_Q_STATUS, 0);
			res->status_changed = true;
		}
		return;
	}
	if (!q->enabled) {
		/*
		 * Enabling resumes from whatever CONS holds: software may have
		 * written it while the queue was disabled
		 * (docs/tegra241-cmdqv.md, 'Deinit').  Its ERR field is the
		 * hardware's, not software's.
		 */
		q->cons = isim_reg_read(q, ISIM_Q_CONS) &
			  isim_cmdqv_ptr_mask(n);
		q->enabled = true;
		isim_publish_cons(q);
		isim_reg_write_release(q, ISIM_Q_STATUS, ISIM_Q_ENABLED);
		res->status_changed = true;
	}

	/*
	 * Acquire: the guest rewrites the bad entry before acknowledging, so
	 * the re-fetch below must see the new entry.
	 */
	gerrorn = isim_reg_read_acquire(q, ISIM_Q_GERRORN);
	if (q->cons_err &&
	    !((q->gerror ^ gerrorn) & ISIM_Q_CMDQ_ERR)) {
		/*
		 * UNVERIFIED, docs/tegra241-cmdqv.md, 'Policy', row "error
		 * acknowledged": clear CONS.ERR and the map bit; the entry at
		 * CONS is fetched again.
		 */
		q->cons_err = 0;
		isim_err_map_set(q, false);
		isim_publish_cons(q);
		res->error_acked = true;
	}
	/* Consume only while no error is active (docs/tegra241-cmdqv.md, 'Errors') */
	if ((q->gerror ^ gerrorn) & ISIM_CMDQV_GERROR_BITS)
		return;

	/*
	 * Acquire: the entries up to PROD were written before PROD.  Only
	 * bits [n:0] count ('Queue indices'); bit 31 is Linux's software flag.  A
	 * PROD more than a full queue ahead of CONS is a guest bug the
	 * architecture leaves unpredictable: the simulator just consumes up
	 * to it, at most @max commands per pass.
	 */
	prod = isim_reg_read_acquire(q, ISIM_Q_PROD) &
	       isim_cmdqv_ptr_mask(n);
	while (q->cons != prod) {
		const __le64 *ent;
		struct isim_smmu_cmd cmd;
		__le64 raw[2];
		u8 cerror;

		if (res->consumed == max) {
			res->pending = true;
			break;
		}
		ent = &q->ring[(size_t)isim_cmdqv_idx(q->cons, n) * 2];
		raw[0] = ISIM_PURE_READ(&ent[0]);
		raw[1] = ISIM_PURE_READ(&ent[1]);
		isim_smmu_cmd_decode(raw, &cmd);

		cerror = isim_smmu_cmd_vcmdq_cerror(&cmd);
		if (exec)
			cerror = exec(ctx, q, &cmd, cerror);
		if (cerror == ISIM_CMDQV_EXEC_RETRY) {
			res->stalled = true;
			break;
		}
		if (cerror) {
			isim_stop(q, gerrorn, cerror, res);
			return;
		}
		isim_count(q, cmd.opcode);
		q->cons = isim_cmdqv_inc(q->cons, n);
		res->consumed++;
	}
	if (res->consumed)
		isim_publish_cons(q);
}
