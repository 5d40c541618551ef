// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net control virtqueue: rx mode and filters, MAC address, number of
 * queue pairs, guest offloads and link announcements.
 *
 * Commands are synchronous: the device answers a command before it uses the
 * next one, so we queue one command, kick and poll for its completion.
 * Every command runs in process context under vi->ctrl_lock.
 */
#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include "cvsw_net.h"

/* Send class/cmd with optional data sgs; ctrl_lock must be held. */
static bool __cvsw_ctrl_cmd(struct cvsw_priv *vi, u8 class, u8 cmd,
			    struct scatterlist *data, unsigned int n_data)
{
	struct scatterlist hdr, stat, *sgs[4];
	unsigned int out = 0, len, i;
	int err;

	lockdep_assert_held(&vi->ctrl_lock);
	if (!vi->cvq || virtqueue_is_broken(vi->cvq))
		return false;

	vi->ctrl->hdr.class = class;
	vi->ctrl->hdr.cmd = cmd;
	vi->ctrl->status = ~0;
	sg_init_one(&hdr, &vi->ctrl->hdr, sizeof(vi->ctrl->hdr));
	sgs[out++] = &hdr;
	for (i = 0; i < n_data; i++)
		sgs[out++] = &data[i];
	sg_init_one(&stat, &vi->ctrl->status, sizeof(vi->ctrl->status));
	sgs[out] = &stat;

	err = virtqueue_add_sgs(vi->cvq, sgs, out, 1, vi, GFP_KERNEL);
	if (err < 0) {
		netdev_warn(vi->dev, "control command %u.%u not queued: %d\n",
			    class, cmd, err);
		return false;
	}
	if (unlikely(!virtqueue_kick(vi->cvq)))
		return false;

	while (!virtqueue_get_buf(vi->cvq, &len) &&
	       !virtqueue_is_broken(vi->cvq))
		cond_resched();

	return vi->ctrl->status == VIRTIO_NET_OK;
}

/**
 * cvsw_ctrl_cmd - send one control command
 * @vi: device
 * @class: VIRTIO_NET_CTRL_* class
 * @cmd: command within the class
 * @out: one data sg, or NULL
 *
 * Return: true if the device acknowledged the command.
 */
bool cvsw_ctrl_cmd(struct cvsw_priv *vi, u8 class, u8 cmd,
		   struct scatterlist *out)
{
	bool ok;

	mutex_lock(&vi->ctrl_lock);
	ok = __cvsw_ctrl_cmd(vi, class, cmd, out, out ? 1 : 0);
	mutex_unlock(&vi->ctrl_lock);
	return ok;
}

/**
 * cvsw_ctrl_set_pairs - tell the device how many queue pairs to use
 * @vi: device
 * @pairs: 1..vi->max_pairs
 *
 * Return: 0 or -EINVAL if the device refused.
 */
int cvsw_ctrl_set_pairs(struct cvsw_priv *vi, u16 pairs)
{
	struct scatterlist sg;
	bool ok;

	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_MQ))
		return pairs == 1 ? 0 : -EOPNOTSUPP;
	mutex_lock(&vi->ctrl_lock);
	vi->ctrl->mq.virtqueue_pairs = cpu_to_virtio16(vi->vdev, pairs);
	sg_init_one(&sg, &vi->ctrl->mq, sizeof(vi->ctrl->mq));
	ok = __cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_MQ,
			     VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, &sg, 1);
	mutex_unlock(&vi->ctrl_lock);
	if (!ok) {
		netdev_warn(vi->dev, "device refused %u queue pairs\n", pairs);
		return -EINVAL;
	}
	return 0;
}

/**
 * cvsw_ctrl_set_mac - program the device's primary MAC address
 * @vi: device
 * @mac: new address
 *
 * Return: 0, -EOPNOTSUPP without VIRTIO_NET_F_CTRL_MAC_ADDR, or -EINVAL.
 */
int cvsw_ctrl_set_mac(struct cvsw_priv *vi, const u8 *mac)
{
	struct scatterlist sg;
	bool ok;

	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_MAC_ADDR))
		return -EOPNOTSUPP;
	mutex_lock(&vi->ctrl_lock);
	ether_addr_copy(vi->ctrl->mac, mac);
	sg_init_one(&sg, vi->ctrl->mac, ETH_ALEN);
	ok = __cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_MAC,
			     VIRTIO_NET_CTRL_MAC_ADDR_SET, &sg, 1);
	mutex_unlock(&vi->ctrl_lock);
	return ok ? 0 : -EINVAL;
}

/**
 * cvsw_ctrl_set_guest_offloads - choose which offloads the device may use on rx
 * @vi: device
 * @offloads: bitmask of VIRTIO_NET_F_GUEST_* feature bits
 *
 * Return: 0, or -EINVAL if the device refused.
 */
int cvsw_ctrl_set_guest_offloads(struct cvsw_priv *vi, u64 offloads)
{
	struct scatterlist sg;
	bool ok;

	mutex_lock(&vi->ctrl_lock);
	vi->ctrl->offloads = cpu_to_virtio64(vi->vdev, offloads);
	sg_init_one(&sg, &vi->ctrl->offloads, sizeof(vi->ctrl->offloads));
	ok = __cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_GUEST_OFFLOADS,
			     VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, &sg, 1);
	mutex_unlock(&vi->ctrl_lock);
	if (!ok) {
		netdev_warn(vi->dev, "device refused guest offloads %#llx\n",
			    offloads);
		return -EINVAL;
	}
	return 0;
}

/**
 * cvsw_ctrl_announce_ack - acknowledge a VIRTIO_NET_S_ANNOUNCE request
 * @vi: device
 */
void cvsw_ctrl_announce_ack(struct cvsw_priv *vi)
{
	if (!cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_ANNOUNCE,
			   VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL))
		netdev_warn(vi->dev, "announce ack failed\n");
}

static bool cvsw_ctrl_rx_onoff(struct cvsw_priv *vi, u8 cmd, bool on)
{
	struct scatterlist sg;
	bool ok;

	mutex_lock(&vi->ctrl_lock);
	vi->ctrl->onoff = on;
	sg_init_one(&sg, &vi->ctrl->onoff, sizeof(vi->ctrl->onoff));
	ok = __cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_RX, cmd, &sg, 1);
	mutex_unlock(&vi->ctrl_lock);
	if (!ok)
		netdev_warn(vi->dev, "rx mode command %u (%s) failed\n", cmd,
			    on ? "on" : "off");
	return ok;
}

/* Fill a virtio_net_ctrl_mac table from an address list (addr lock held). */
static size_t cvsw_ctrl_fill_table(struct cvsw_priv *vi,
				   struct virtio_net_ctrl_mac *tbl,
				   struct netdev_hw_addr_list *list,
				   unsigned int max)
{
	struct netdev_hw_addr *ha;
	unsigned int n = 0;

	netdev_hw_addr_list_for_each(ha, list) {
		if (n == max)
			break;
		memcpy(tbl->macs[n++], ha->addr, ETH_ALEN);
	}
	tbl->entries = cpu_to_virtio32(vi->vdev, n);
	return sizeof(*tbl) + n * ETH_ALEN;
}

/* Program unicast and multicast filters (VIRTIO_NET_CTRL_MAC_TABLE_SET). */
static void cvsw_ctrl_set_mac_tables(struct cvsw_priv *vi)
{
	struct net_device *dev = vi->dev;
	struct virtio_net_ctrl_mac *uc, *mc;
	unsigned int n_uc, n_mc;
	struct scatterlist sg[2];
	size_t uc_len, mc_len;
	void *buf;
	bool ok;

	netif_addr_lock_bh(dev);
	n_uc = netdev_uc_count(dev);
	n_mc = netdev_mc_count(dev);
	netif_addr_unlock_bh(dev);

	/* Slack for addresses added between the count and the copy. */
	buf = kzalloc(2 * sizeof(*uc) + (n_uc + n_mc + 8) * ETH_ALEN,
		      GFP_KERNEL);
	if (!buf)
		return;
	uc = buf;
	netif_addr_lock_bh(dev);
	uc_len = cvsw_ctrl_fill_table(vi, uc, &dev->uc, n_uc + 4);
	mc = buf + uc_len;
	mc_len = cvsw_ctrl_fill_table(vi, mc, &dev->mc, n_mc + 4);
	netif_addr_unlock_bh(dev);

	/* Two separate sgs (not one two-entry list): the device wants two tables. */
	sg_init_one(&sg[0], uc, uc_len);
	sg_init_one(&sg[1], mc, mc_len);
	mutex_lock(&vi->ctrl_lock);
	ok = __cvsw_ctrl_cmd(vi, VIRTIO_NET_CTRL_MAC,
			     VIRTIO_NET_CTRL_MAC_TABLE_SET, sg, 2);
	mutex_unlock(&vi->ctrl_lock);
	if (!ok)
		netdev_warn(dev, "setting MAC filter tables failed\n");
	kfree(buf);
}

/**
 * cvsw_ctrl_rx_mode_work - apply promisc/allmulti and address filters
 * @work: vi->rx_mode_work
 *
 * ndo_set_rx_mode runs in atomic context; the commands sleep, so they are
 * sent from here.
 */
void cvsw_ctrl_rx_mode_work(struct work_struct *work)
{
	struct cvsw_priv *vi = container_of(work, struct cvsw_priv,
					    rx_mode_work);
	struct net_device *dev = vi->dev;
	unsigned int flags;

	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_CTRL_RX))
		return;
	rtnl_lock();
	if (!READ_ONCE(vi->rx_mode_enabled)) {
		rtnl_unlock();
		return;
	}
	flags = dev->flags;
	cvsw_ctrl_rx_onoff(vi, VIRTIO_NET_CTRL_RX_PROMISC,
			   !!(flags & IFF_PROMISC));
	cvsw_ctrl_rx_onoff(vi, VIRTIO_NET_CTRL_RX_ALLMULTI,
			   !!(flags & IFF_ALLMULTI));
	cvsw_ctrl_set_mac_tables(vi);
	rtnl_unlock();
}
