/* SPDX-License-Identifier: MIT */
/*
 * Error values returned by every core operation and by every hypercall.
 * Operations return 0 or a negative HC_E* value; a failed operation has
 * changed no state. The numbers equal Linux's errno values so that the host
 * shim can hand them to user space unchanged.
 */
#ifndef HYPCORE_ERRNO_H
#define HYPCORE_ERRNO_H

#define HC_OK	     0
#define HC_EPERM     1	 /* permission: S2AP forbids it, or the page is not yours */
#define HC_EIO	     5	 /* a device reported an error */
#define HC_ENOMEM    12	 /* a page-table pool area is full */
#define HC_EFAULT    14	 /* address not mapped, or not backed by RAM */
#define HC_EBUSY     16	 /* in use: a vCPU runs, or the VM has one running */
#define HC_EEXIST    17	 /* conflicts with an existing mapping of another level */
#define HC_ENODEV    19	 /* no such device, or it lacks what the core needs */
#define HC_EINVAL    22	 /* malformed argument: vmid, address, level, descriptor */
#define HC_ETIMEDOUT 110 /* a device did not answer in time */

/* Short lowercase name of an error ("einval"), "ok" for 0, "e?" otherwise. */
const char *hc_strerror(int err);

#endif
