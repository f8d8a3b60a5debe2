/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * iommufd-sim-show: SMMUv3 commands and Tegra241 CERROR codes as text.
 * Pure code over the module's own decoder (module/smmuv3_cmd.c), tested on
 * the host by userspace-tests/host/smmu_cmd_fmt_test.c.
 */
#ifndef IOMMUFD_SIM_SMMU_CMD_FMT_H
#define IOMMUFD_SIM_SMMU_CMD_FMT_H

#include <stddef.h>

#include "smmuv3_cmd.h"

/* The opcode's name as the SMMUv3 architecture spells it, or NULL */
const char *isim_smmu_cmd_name(u8 opcode);

/*
 * "NAME field=value ...": the opcode's name (or "OP_0x..") and the fields
 * that opcode has, as snprintf() into @buf of @len bytes; returns what
 * snprintf() returns.
 */
int isim_smmu_cmd_format(const struct isim_smmu_cmd *cmd, char *buf,
			 size_t len);

/* "ILL", "ABT", "ATC_INV_SYNC", "ILL_ACCESS" or NULL for another code */
const char *isim_cerror_name(unsigned int cerror);

#endif /* IOMMUFD_SIM_SMMU_CMD_FMT_H */
