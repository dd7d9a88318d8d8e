/* SPDX-License-Identifier: MIT */
/*
 * Ticket locks that know their owner.
 *
 * Every page-table or pool access asserts hc_lock_held() on the VM's lock:
 * touching a VM's tables without owning its lock is an internal-invariant
 * failure, not an error the caller can recover from.
 */
#ifndef HYPCORE_LOCK_H
#define HYPCORE_LOCK_H

#include <hypcore/arch.h>
#include <hypcore/types.h>

struct hc_lock {
	u32 next;    /* next ticket to hand out */
	u32 serving; /* ticket that owns the lock */
	u32 owner;   /* owning CPU + 1, or 0 when free */
};

#define HC_LOCK_INIT                                                                               \
	{                                                                                          \
		0, 0, 0                                                                            \
	}

/*@ requires \valid(l);
    assigns *l;
    ensures l->next == 0 && l->serving == 0 && l->owner == 0; */
void hc_lock_init(struct hc_lock *l);
/*@ requires \valid(l);
    assigns l->next, l->owner;
    ensures l->owner == hc_this_cpu + 1; */
void hc_lock_acquire(struct hc_lock *l);
/*@ requires \valid(l);
    assigns l->owner, l->serving;
    ensures l->owner == 0; */
void hc_lock_release(struct hc_lock *l);

/* Does the calling CPU hold l? Inline: the core asks once per table operation. */
/*@ requires \valid_read(l);
    assigns \nothing;
    ensures \result <==> l->owner == hc_this_cpu + 1; */
static inline bool hc_lock_held(const struct hc_lock *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) == arch_cpu_id() + 1;
}

#endif
