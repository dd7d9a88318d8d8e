/* SPDX-License-Identifier: MIT */
/*
 * DMA_EVENTS: what the SMMU stopped. The host cannot read the SMMU's event
 * queue (it cannot see the SMMU at all); this call reads what is pending,
 * then reports the count since boot and the last record.
 */
#include <hypcore/errno.h>
#include <hypcore/smmu.h>

#include "hvc_internal.h"

int hvc_call_dma_events(const struct hvc_regs *r, struct hvc_result *res)
{
	struct smmu_event_stats s;

	(void)r;
	smmu_poll_events();
	smmu_events(&s);
	res->x[0] = s.count;
	res->x[1] = s.last[0];
	res->x[2] = s.last[2];
	return HC_OK;
}
