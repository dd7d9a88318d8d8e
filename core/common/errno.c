/* SPDX-License-Identifier: MIT */
#include <hypcore/errno.h>

const char *hc_strerror(int err)
{
	switch (err < 0 ? -err : err) {
	case HC_OK:
		return "ok";
	case HC_EPERM:
		return "eperm";
	case HC_ENOMEM:
		return "enomem";
	case HC_EFAULT:
		return "efault";
	case HC_EBUSY:
		return "ebusy";
	case HC_EEXIST:
		return "eexist";
	case HC_EINVAL:
		return "einval";
	case HC_EIO:
		return "eio";
	case HC_ENODEV:
		return "enodev";
	case HC_ETIMEDOUT:
		return "etimedout";
	default:
		return "e?";
	}
}
