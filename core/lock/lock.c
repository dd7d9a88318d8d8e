/* SPDX-License-Identifier: MIT */
/*
 * Ticket lock with an owner: FIFO fairness between CPUs, and an owner field
 * that lets every table access check that its caller holds the lock.
 */
#include <hypcore/arch.h>
#include <hypcore/lock.h>

void hc_lock_init(struct hc_lock *l)
{
	l->next = 0;
	l->serving = 0;
	l->owner = 0;
}

void hc_lock_acquire(struct hc_lock *l)
{
	u32 me = arch_cpu_id() + 1;
	u32 ticket;

	/* Owner only ever equals us while we hold it: taking it again would hang. */
	BUG_ON(__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == me);
	ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	/* No variant: the ticket lock's progress is other CPUs' releases. */
	/*@ loop assigns \nothing; */
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != ticket)
		arch_cpu_relax();
	__atomic_store_n(&l->owner, me, __ATOMIC_RELAXED);
}

void hc_lock_release(struct hc_lock *l)
{
	BUG_ON(!hc_lock_held(l));
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
	arch_cpu_wake();
}
