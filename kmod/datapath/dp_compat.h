/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: the single kernel/userspace switch of the CVSW datapath core.
 *
 * Every datapath source file includes this header and nothing else from the
 * kernel.  In the kernel it pulls in the real kernel headers; in userspace
 * (unit tests, fuzzers, benchmarks) it pulls in compat/ucompat.h, which maps
 * the small set of kernel facilities the datapath uses onto plain C11.
 */
#ifndef CVSW_DP_COMPAT_H
#define CVSW_DP_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/bug.h>
#include <linux/build_bug.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/smp.h>
#include <linux/cpumask.h>
#include <linux/rcupdate.h>
#include <linux/rculist.h>
#include <linux/list.h>
#include <linux/prefetch.h>
#include <linux/random.h>
#include <linux/if_ether.h>
#include <asm/byteorder.h>
#else
#include "compat/ucompat.h"
#endif

#endif /* CVSW_DP_COMPAT_H */
