// SPDX-License-Identifier: BSD-3-Clause
/*
 * What occupies a stream: walks of the instance's list of live domains
 * (linked and ended by lib/domain, changed only under the instance lock).
 * Here, below the stream table, because releasing or reconfiguring a
 * stream must refuse an occupied one, and the domains sit above streams.
 */
#include "core/internal.h"

struct smmuv3_dom *smmuv3_occupant_locked(const struct smmuv3_inst *smmu, uint32_t sid,
					     uint32_t ssid)
{
	for (struct smmuv3_dom *e = smmu->domains; e; e = e->next)
		for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++)
			if (smmuv3_att_covers(e, &e->att[i], sid, ssid))
				return e;
	return NULL;
}

bool smmuv3_stream_has_domain(const struct smmuv3_inst *smmu, uint32_t sid)
{
	for (const struct smmuv3_dom *e = smmu->domains; e; e = e->next)
		for (unsigned int i = 0; i < SMMUV3_DOMAIN_MAX_ATTACH; i++)
			if (e->att[i].used && e->att[i].sid == sid)
				return true;
	return false;
}
