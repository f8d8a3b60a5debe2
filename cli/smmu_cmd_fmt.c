// SPDX-License-Identifier: GPL-2.0-only
/*
 * iommufd-sim-show: SMMUv3 commands as text (smmu_cmd_fmt.h).  Field names
 * follow the SMMUv3 architecture's command descriptions; values come from
 * the module's decoder, so the CLI and the simulated hardware agree on
 * every bit.
 */
#include <stdbool.h>
#include <stdio.h>

#include "smmu_cmd_fmt.h"

static const char *const isim_cmd_names[256] = {
	[ISIM_CMD_OP_PREFETCH_CFG] = "PREFETCH_CFG",
	[ISIM_CMD_OP_CFGI_STE] = "CFGI_STE",
	[ISIM_CMD_OP_CFGI_ALL] = "CFGI_ALL",
	[ISIM_CMD_OP_CFGI_CD] = "CFGI_CD",
	[ISIM_CMD_OP_CFGI_CD_ALL] = "CFGI_CD_ALL",
	[ISIM_CMD_OP_TLBI_NH_ALL] = "TLBI_NH_ALL",
	[ISIM_CMD_OP_TLBI_NH_ASID] = "TLBI_NH_ASID",
	[ISIM_CMD_OP_TLBI_NH_VA] = "TLBI_NH_VA",
	[ISIM_CMD_OP_TLBI_NH_VAA] = "TLBI_NH_VAA",
	[ISIM_CMD_OP_TLBI_EL2_ALL] = "TLBI_EL2_ALL",
	[ISIM_CMD_OP_TLBI_EL2_ASID] = "TLBI_EL2_ASID",
	[ISIM_CMD_OP_TLBI_EL2_VA] = "TLBI_EL2_VA",
	[ISIM_CMD_OP_TLBI_S12_VMALL] = "TLBI_S12_VMALL",
	[ISIM_CMD_OP_TLBI_S2_IPA] = "TLBI_S2_IPA",
	[ISIM_CMD_OP_TLBI_NSNH_ALL] = "TLBI_NSNH_ALL",
	[ISIM_CMD_OP_ATC_INV] = "ATC_INV",
	[ISIM_CMD_OP_PRI_RESP] = "PRI_RESP",
	[ISIM_CMD_OP_RESUME] = "RESUME",
	[ISIM_CMD_OP_CMD_SYNC] = "CMD_SYNC",
};

const char *isim_smmu_cmd_name(u8 opcode)
{
	return isim_cmd_names[opcode];
}

const char *isim_cerror_name(unsigned int cerror)
{
	switch (cerror) {
	case IOMMUFD_SIM_TEGRA241_CERROR_ILL:
		return "ILL";
	case IOMMUFD_SIM_TEGRA241_CERROR_ABT:
		return "ABT";
	case IOMMUFD_SIM_TEGRA241_CERROR_ATC_INV_SYNC:
		return "ATC_INV_SYNC";
	case IOMMUFD_SIM_TEGRA241_CERROR_ILL_ACCESS:
		return "ILL_ACCESS";
	default:
		return NULL;
	}
}

/*
 * TLBI_NH_VA/VAA, EL2_VA and S2_IPA: the VMID and ASID where the command
 * has them, then its address and range fields
 */
static int isim_fmt_range(const struct isim_smmu_cmd *c, char *buf,
			  size_t len, bool vmid, bool asid,
			  const char *addr_name)
{
	char pre[32] = "";
	size_t n = 0;

	if (vmid)
		n = snprintf(pre, sizeof(pre), " vmid=%u", c->vmid);
	if (asid)
		snprintf(pre + n, sizeof(pre) - n, " asid=%u", c->asid);
	return snprintf(buf, len, "%s %s=0x%llx leaf=%u num=%u scale=%u tg=%u ttl=%u",
			pre, addr_name, (unsigned long long)c->addr, c->leaf,
			c->num, c->scale, c->tg, c->ttl);
}

int isim_smmu_cmd_format(const struct isim_smmu_cmd *c, char *buf, size_t len)
{
	static const char *const cs_names[] = { "none", "irq", "sev", "3" };
	const char *name = isim_smmu_cmd_name(c->opcode);
	int n;

	if (name)
		n = snprintf(buf, len, "%s", name);
	else
		n = snprintf(buf, len, "OP_0x%02x", c->opcode);
	if (n < 0 || (size_t)n >= len)
		return n;
	buf += n;
	len -= n;

	switch (c->opcode) {
	case ISIM_CMD_OP_PREFETCH_CFG:
	case ISIM_CMD_OP_CFGI_CD_ALL:
		return n + snprintf(buf, len, " sid=0x%x", c->sid);
	case ISIM_CMD_OP_CFGI_STE:
		return n + snprintf(buf, len, " sid=0x%x leaf=%u", c->sid,
				    c->leaf);
	case ISIM_CMD_OP_CFGI_CD:
		return n + snprintf(buf, len, " sid=0x%x ssid=0x%x leaf=%u",
				    c->sid, c->ssid, c->leaf);
	case ISIM_CMD_OP_CFGI_ALL:
		if (c->range == 31)
			return n + snprintf(buf, len, " range=all");
		return n + snprintf(buf, len, " range=%u", c->range);
	case ISIM_CMD_OP_TLBI_NH_ALL:
	case ISIM_CMD_OP_TLBI_S12_VMALL:
		return n + snprintf(buf, len, " vmid=%u", c->vmid);
	case ISIM_CMD_OP_TLBI_NH_ASID:
		return n + snprintf(buf, len, " vmid=%u asid=%u", c->vmid,
				    c->asid);
	case ISIM_CMD_OP_TLBI_NH_VA:
		return n + isim_fmt_range(c, buf, len, true, true, "va");
	case ISIM_CMD_OP_TLBI_NH_VAA:
		return n + isim_fmt_range(c, buf, len, true, false, "va");
	case ISIM_CMD_OP_TLBI_EL2_ASID:
		return n + snprintf(buf, len, " asid=%u", c->asid);
	case ISIM_CMD_OP_TLBI_EL2_VA:
		return n + isim_fmt_range(c, buf, len, false, true, "va");
	case ISIM_CMD_OP_TLBI_S2_IPA:
		return n + isim_fmt_range(c, buf, len, true, false, "ipa");
	case ISIM_CMD_OP_ATC_INV:
		if (c->size == IOMMUFD_SIM_CMDQ_ATC_1_SIZE_ALL)
			return n + snprintf(buf, len, " sid=0x%x ssid=0x%x ssv=%u global=%u size=all",
					    c->sid, c->ssid, c->ssv, c->global);
		return n + snprintf(buf, len, " sid=0x%x ssid=0x%x ssv=%u global=%u addr=0x%llx size=%u",
				    c->sid, c->ssid, c->ssv, c->global,
				    (unsigned long long)c->addr, c->size);
	case ISIM_CMD_OP_PRI_RESP:
		return n + snprintf(buf, len, " sid=0x%x ssid=0x%x ssv=%u grpid=%u resp=%u",
				    c->sid, c->ssid, c->ssv, c->grpid,
				    c->resp);
	case ISIM_CMD_OP_RESUME:
		return n + snprintf(buf, len, " sid=0x%x resp=%u stag=0x%x",
				    c->sid, c->resp, c->stag);
	case ISIM_CMD_OP_CMD_SYNC:
		return n + snprintf(buf, len, " cs=%s msh=%u msiattr=%u msidata=0x%x msiaddr=0x%llx",
				    cs_names[c->cs & 3], c->msh, c->msiattr,
				    c->msidata,
				    (unsigned long long)c->msiaddr);
	default:
		/* no fields, or an opcode the architecture does not define */
		if (!name)
			return n + snprintf(buf, len,
					    " raw=0x%016llx:0x%016llx",
					    (unsigned long long)c->w0,
					    (unsigned long long)c->w1);
		return n;
	}
}
