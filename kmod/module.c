// SPDX-License-Identifier: GPL-2.0
/*
 * module.c - cvsw_net.ko: the netlink family first (probing devices
 * announce their ports on it), then the virtio driver; the reverse on exit.
 */
#include <linux/module.h>
#include "driver/cvsw_net.h"
#include "genl/genl.h"

static int __init cvsw_module_init(void)
{
	int err;

	err = cvsw_genl_register();
	if (err)
		return err;
	err = cvsw_driver_register();
	if (err)
		cvsw_genl_unregister();
	return err;
}

static void __exit cvsw_module_exit(void)
{
	cvsw_driver_unregister();
	cvsw_genl_unregister();
	/* Flows and ports freed with call_rcu() must go before our code. */
	rcu_barrier();
}

module_init(cvsw_module_init);
module_exit(cvsw_module_exit);

MODULE_DESCRIPTION("CVSW virtio-net driver with a per-vNIC OpenFlow datapath");
MODULE_AUTHOR("The CVSW developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(CVSW_DRV_VERSION);
