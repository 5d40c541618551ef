// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net: the CVSW virtio-net driver - probe, remove, feature negotiation,
 * netdev operations and device configuration changes.
 */
#include <linux/module.h>
#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/rtnetlink.h>
#include <linux/virtio_config.h>
#include <linux/slab.h>
#include "cvsw_net.h"
#include "tunnel/tunnel.h"

/* Offloads the device applies to packets it gives us. */
static const unsigned int cvsw_guest_offload_bits[] = {
	VIRTIO_NET_F_GUEST_CSUM, VIRTIO_NET_F_GUEST_TSO4,
	VIRTIO_NET_F_GUEST_TSO6, VIRTIO_NET_F_GUEST_ECN,
	VIRTIO_NET_F_GUEST_UFO,
};

#define CVSW_GUEST_GSO_MASK ((1ULL << VIRTIO_NET_F_GUEST_TSO4) | \
			     (1ULL << VIRTIO_NET_F_GUEST_TSO6) | \
			     (1ULL << VIRTIO_NET_F_GUEST_ECN) | \
			     (1ULL << VIRTIO_NET_F_GUEST_UFO))

static int cvsw_open(struct net_device *dev)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int i;

	cvsw_rx_enable_refill(vi, true);
	for (i = 0; i < vi->max_pairs; i++) {
		if (!cvsw_rx_refill(&vi->rq[i], GFP_KERNEL))
			schedule_delayed_work(&vi->refill, 0);
		napi_enable(&vi->rq[i].napi);
		napi_enable(&vi->sq[i].napi);
		/*
		 * Packets may have arrived or completed while we were down,
		 * and a poll cut short by napi_disable() left its virtqueue
		 * callback off: one poll of each turns them back on.
		 */
		local_bh_disable();
		napi_schedule(&vi->rq[i].napi);
		napi_schedule(&vi->sq[i].napi);
		local_bh_enable();
	}
	netif_tx_start_all_queues(dev);
	return 0;
}

static int cvsw_stop(struct net_device *dev)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int i;

	cvsw_rx_enable_refill(vi, false);
	cancel_delayed_work_sync(&vi->refill);
	netif_tx_disable(dev);
	for (i = 0; i < vi->max_pairs; i++) {
		napi_disable(&vi->rq[i].napi);
		napi_disable(&vi->sq[i].napi);
	}
	return 0;
}

static void cvsw_get_stats64(struct net_device *dev,
			     struct rtnl_link_stats64 *tot)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int i, start;

	for (i = 0; i < vi->max_pairs; i++) {
		struct cvsw_rq_stats *rs = &vi->rq[i].stats;
		struct cvsw_sq_stats *ts = &vi->sq[i].stats;
		u64 rp, rb, rd, rl, rf, tp, tb, te;

		do {
			start = u64_stats_fetch_begin(&rs->syncp);
			rp = rs->packets;
			rb = rs->bytes;
			rd = rs->drops;
			rl = rs->length_errors;
			rf = rs->frame_errors;
		} while (u64_stats_fetch_retry(&rs->syncp, start));
		do {
			start = u64_stats_fetch_begin(&ts->syncp);
			tp = ts->packets;
			tb = ts->bytes;
			te = ts->errors;
		} while (u64_stats_fetch_retry(&ts->syncp, start));

		tot->rx_packets += rp;
		tot->rx_bytes += rb;
		tot->tx_packets += tp;
		tot->tx_bytes += tb;
		tot->tx_errors += te;
		tot->tx_dropped += te;
		tot->rx_dropped += rd;
		tot->rx_length_errors += rl;
		tot->rx_frame_errors += rf;
		tot->rx_errors += rl + rf;
	}
}

static int cvsw_set_mac_address(struct net_device *dev, void *p)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	struct sockaddr *sa = p;
	int err;

	if (!is_valid_ether_addr(sa->sa_data))
		return -EADDRNOTAVAIL;
	err = cvsw_ctrl_set_mac(vi, sa->sa_data);
	if (err == -EOPNOTSUPP && !netif_running(dev)) {
		/* The device filters nothing by address: accept locally. */
		err = 0;
	}
	if (err)
		return err;
	eth_hw_addr_set(dev, sa->sa_data);
	return 0;
}

static int cvsw_change_mtu(struct net_device *dev, int new_mtu)
{
	/* Mergeable buffers take any size; small buffers fit max_mtu. */
	dev->mtu = new_mtu;
	return 0;
}

static void cvsw_set_rx_mode(struct net_device *dev)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	if (READ_ONCE(vi->rx_mode_enabled))
		schedule_work(&vi->rx_mode_work);
}

static netdev_features_t cvsw_fix_features(struct net_device *dev,
					   netdev_features_t features)
{
	/* The device can only coalesce packets whose checksum it checked. */
	if (!(features & NETIF_F_RXCSUM))
		features &= ~NETIF_F_GRO_HW;
	return features;
}

static int cvsw_set_features(struct net_device *dev,
			     netdev_features_t features)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	u64 offloads = vi->guest_offloads_capable;
	int err;

	if (!(features & NETIF_F_RXCSUM))
		offloads &= ~(1ULL << VIRTIO_NET_F_GUEST_CSUM);
	if (!(features & NETIF_F_GRO_HW))
		offloads &= ~CVSW_GUEST_GSO_MASK;
	if (offloads == vi->guest_offloads)
		return 0;
	err = cvsw_ctrl_set_guest_offloads(vi, offloads);
	if (err)
		return err;
	vi->guest_offloads = offloads;
	return 0;
}

static void cvsw_tx_timeout(struct net_device *dev, unsigned int txqueue)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	struct cvsw_sq *sq = &vi->sq[txqueue];

	netdev_err(dev, "tx timeout on queue %u (%s): %u descriptors free\n",
		   txqueue, sq->name, sq->vq->num_free);
}

static const struct net_device_ops cvsw_netdev_ops = {
	.ndo_open		= cvsw_open,
	.ndo_stop		= cvsw_stop,
	.ndo_start_xmit		= cvsw_start_xmit,
	.ndo_get_stats64	= cvsw_get_stats64,
	.ndo_set_mac_address	= cvsw_set_mac_address,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_change_mtu		= cvsw_change_mtu,
	.ndo_set_rx_mode	= cvsw_set_rx_mode,
	.ndo_fix_features	= cvsw_fix_features,
	.ndo_set_features	= cvsw_set_features,
	.ndo_tx_timeout		= cvsw_tx_timeout,
};

/* Carrier and announcements follow the device's status field. */
static void cvsw_config_work(struct work_struct *work)
{
	struct cvsw_priv *vi = container_of(work, struct cvsw_priv,
					    config_work);
	u16 status;

	status = virtio_cread16(vi->vdev,
				offsetof(struct virtio_net_config, status));
	if (status & VIRTIO_NET_S_ANNOUNCE) {
		netdev_notify_peers(vi->dev);
		cvsw_ctrl_announce_ack(vi);
	}
	if (!!(status & VIRTIO_NET_S_LINK_UP) == netif_carrier_ok(vi->dev))
		return;
	if (status & VIRTIO_NET_S_LINK_UP)
		netif_carrier_on(vi->dev);
	else
		netif_carrier_off(vi->dev);
	netdev_info(vi->dev, "link %s\n",
		    netif_carrier_ok(vi->dev) ? "up" : "down");
	cvsw_dp_port_changed(&vi->dp, CVSW_PORT_NET, CVSW_PORT_MODIFY);
}

static void cvsw_config_changed(struct virtio_device *vdev)
{
	struct cvsw_priv *vi = vdev->priv;

	schedule_work(&vi->config_work);
}

static int cvsw_find_vqs(struct cvsw_priv *vi, bool want_cvq)
{
	unsigned int i, nvqs = vi->max_pairs * 2 + want_cvq;
	vq_callback_t **callbacks;
	struct virtqueue **vqs;
	const char **names;
	bool *ctx;
	int err = -ENOMEM;

	vqs = kcalloc(nvqs, sizeof(*vqs), GFP_KERNEL);
	callbacks = kcalloc(nvqs, sizeof(*callbacks), GFP_KERNEL);
	names = kcalloc(nvqs, sizeof(*names), GFP_KERNEL);
	ctx = kcalloc(nvqs, sizeof(*ctx), GFP_KERNEL);
	if (!vqs || !callbacks || !names || !ctx)
		goto out;

	for (i = 0; i < vi->max_pairs; i++) {
		snprintf(vi->rq[i].name, sizeof(vi->rq[i].name), "input.%u", i);
		snprintf(vi->sq[i].name, sizeof(vi->sq[i].name), "output.%u", i);
		callbacks[2 * i] = cvsw_rx_done;
		callbacks[2 * i + 1] = cvsw_tx_done;
		names[2 * i] = vi->rq[i].name;
		names[2 * i + 1] = vi->sq[i].name;
		ctx[2 * i] = true;	/* rx buffers carry their truesize */
	}
	if (want_cvq)
		names[nvqs - 1] = "control";

	err = virtio_find_vqs_ctx(vi->vdev, nvqs, vqs, callbacks, names, ctx,
				  NULL);
	if (err)
		goto out;
	for (i = 0; i < vi->max_pairs; i++) {
		vi->rq[i].vq = vqs[2 * i];
		vi->sq[i].vq = vqs[2 * i + 1];
	}
	vi->cvq = want_cvq ? vqs[nvqs - 1] : NULL;
out:
	kfree(ctx);
	kfree(names);
	kfree(callbacks);
	kfree(vqs);
	return err;
}

static int cvsw_alloc_queues(struct cvsw_priv *vi)
{
	unsigned int i;

	vi->rq = kcalloc(vi->max_pairs, sizeof(*vi->rq), GFP_KERNEL);
	vi->sq = kcalloc(vi->max_pairs, sizeof(*vi->sq), GFP_KERNEL);
	vi->ctrl = kzalloc(sizeof(*vi->ctrl), GFP_KERNEL);
	if (!vi->rq || !vi->sq || !vi->ctrl)
		return -ENOMEM;

	for (i = 0; i < vi->max_pairs; i++) {
		struct cvsw_rq *rq = &vi->rq[i];
		struct cvsw_sq *sq = &vi->sq[i];

		rq->vi = vi;
		sq->vi = vi;
		ewma_pkt_len_init(&rq->avg_len);
		rq->min_buf_len = ALIGN(vi->hdr_len + CVSW_RX_MIN_BUF,
					L1_CACHE_BYTES);
		u64_stats_init(&rq->stats.syncp);
		u64_stats_init(&sq->stats.syncp);
		netif_napi_add(vi->dev, &rq->napi, cvsw_rx_poll);
		netif_napi_add_tx(vi->dev, &sq->napi, cvsw_tx_poll);
	}
	return 0;
}

static void cvsw_free_queues(struct cvsw_priv *vi)
{
	unsigned int i;

	if (vi->rq && vi->sq) {
		for (i = 0; i < vi->max_pairs; i++) {
			netif_napi_del(&vi->rq[i].napi);
			netif_napi_del(&vi->sq[i].napi);
		}
	}
	kfree(vi->ctrl);
	kfree(vi->sq);
	kfree(vi->rq);
}

/* Reset the device, then release every buffer still posted and the vqs. */
static void cvsw_teardown_vqs(struct cvsw_priv *vi)
{
	unsigned int i;

	virtio_reset_device(vi->vdev);
	for (i = 0; i < vi->max_pairs; i++) {
		cvsw_rx_free_unused(&vi->rq[i]);
		cvsw_tx_free_unused(&vi->sq[i]);
	}
	vi->vdev->config->del_vqs(vi->vdev);
}

/* Translate negotiated virtio features into netdev features. */
static void cvsw_setup_features(struct cvsw_priv *vi)
{
	struct virtio_device *vdev = vi->vdev;
	struct net_device *dev = vi->dev;
	bool ctrl_offloads = virtio_has_feature(vdev,
					VIRTIO_NET_F_CTRL_GUEST_OFFLOADS);
	unsigned int i;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_CSUM)) {
		dev->hw_features |= NETIF_F_HW_CSUM | NETIF_F_SG;
		if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO4))
			dev->hw_features |= NETIF_F_TSO;
		if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_TSO6))
			dev->hw_features |= NETIF_F_TSO6;
		if (virtio_has_feature(vdev, VIRTIO_NET_F_HOST_ECN))
			dev->hw_features |= NETIF_F_TSO_ECN;
		dev->features |= dev->hw_features;
	}

	for (i = 0; i < ARRAY_SIZE(cvsw_guest_offload_bits); i++)
		if (virtio_has_feature(vdev, cvsw_guest_offload_bits[i]))
			vi->guest_offloads_capable |=
				1ULL << cvsw_guest_offload_bits[i];
	vi->guest_offloads = vi->guest_offloads_capable;

	if (virtio_has_feature(vdev, VIRTIO_NET_F_GUEST_CSUM)) {
		dev->features |= NETIF_F_RXCSUM;
		if (ctrl_offloads)
			dev->hw_features |= NETIF_F_RXCSUM;
	}
	if (vi->guest_offloads_capable & CVSW_GUEST_GSO_MASK) {
		dev->features |= NETIF_F_GRO_HW;
		if (ctrl_offloads)
			dev->hw_features |= NETIF_F_GRO_HW;
	}
	dev->vlan_features = dev->features;
}

static void cvsw_setup_mtu(struct cvsw_priv *vi)
{
	struct net_device *dev = vi->dev;

	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	if (virtio_has_feature(vi->vdev, VIRTIO_NET_F_MTU)) {
		dev->max_mtu = virtio_cread16(vi->vdev,
				offsetof(struct virtio_net_config, mtu));
		dev->mtu = dev->max_mtu;
	}
	if (!vi->mergeable) {
		/* Every buffer must hold a whole frame of the largest MTU. */
		if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_MTU))
			dev->max_mtu = ETH_DATA_LEN;
		vi->small_buf_len = ALIGN(vi->hdr_len + VLAN_ETH_HLEN +
					  dev->max_mtu, L1_CACHE_BYTES);
	}
}

static void cvsw_read_link_settings(struct cvsw_priv *vi)
{
	vi->speed = SPEED_UNKNOWN;
	vi->duplex = DUPLEX_UNKNOWN;
	if (!virtio_has_feature(vi->vdev, VIRTIO_NET_F_SPEED_DUPLEX))
		return;
	vi->speed = virtio_cread32(vi->vdev,
				   offsetof(struct virtio_net_config, speed));
	vi->duplex = virtio_cread8(vi->vdev,
				   offsetof(struct virtio_net_config, duplex));
	if (!ethtool_validate_speed(vi->speed))
		vi->speed = SPEED_UNKNOWN;
	if (!ethtool_validate_duplex(vi->duplex))
		vi->duplex = DUPLEX_UNKNOWN;
}

static u16 cvsw_read_max_pairs(struct virtio_device *vdev)
{
	u16 pairs;

	if (!virtio_has_feature(vdev, VIRTIO_NET_F_MQ) ||
	    !virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_VQ))
		return 1;
	pairs = virtio_cread16(vdev, offsetof(struct virtio_net_config,
					      max_virtqueue_pairs));
	if (pairs < VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN ||
	    pairs > VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX)
		return 1;
	return pairs;
}

/*
 * The device's two datapath ports: 1 delivers to the guest's stack, 2
 * transmits on the virtio link. cvsw_dp_uninit() removes them.
 */
static int cvsw_add_ports(struct cvsw_priv *vi)
{
	vi->port_host = cvsw_vport_add(&vi->dp, CVSW_PORT_HOST, "host",
				       &cvsw_host_port_ops, vi);
	if (IS_ERR(vi->port_host))
		return PTR_ERR(vi->port_host);
	vi->port_net = cvsw_vport_add(&vi->dp, CVSW_PORT_NET, "net",
				      &cvsw_net_port_ops, vi);
	return PTR_ERR_OR_ZERO(vi->port_net);
}

static int cvsw_probe(struct virtio_device *vdev)
{
	u16 max_pairs = cvsw_read_max_pairs(vdev);
	struct net_device *dev;
	struct cvsw_priv *vi;
	int err;

	if (!vdev->config->get) {
		dev_err(&vdev->dev, "device has no config space access\n");
		return -EINVAL;
	}

	dev = alloc_etherdev_mq(sizeof(*vi), max_pairs);
	if (!dev)
		return -ENOMEM;
	vi = netdev_priv(dev);
	vi->vdev = vdev;
	vi->dev = dev;
	vi->max_pairs = max_pairs;
	vdev->priv = vi;
	mutex_init(&vi->ctrl_lock);
	spin_lock_init(&vi->refill_lock);
	INIT_DELAYED_WORK(&vi->refill, cvsw_rx_refill_work);
	INIT_WORK(&vi->rx_mode_work, cvsw_ctrl_rx_mode_work);
	INIT_WORK(&vi->config_work, cvsw_config_work);

	vi->mergeable = virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF);
	if (vi->mergeable || virtio_has_feature(vdev, VIRTIO_F_VERSION_1))
		vi->hdr_len = sizeof(struct virtio_net_hdr_mrg_rxbuf);
	else
		vi->hdr_len = sizeof(struct virtio_net_hdr);
	vi->any_header_sg = virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT) ||
			    virtio_has_feature(vdev, VIRTIO_F_VERSION_1);

	dev->netdev_ops = &cvsw_netdev_ops;
	dev->ethtool_ops = &cvsw_ethtool_ops;
	dev->needed_headroom = vi->hdr_len;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_CTRL_RX))
		dev->priv_flags |= IFF_UNICAST_FLT;
	dev->watchdog_timeo = 5 * HZ;
	SET_NETDEV_DEV(dev, &vdev->dev);

	cvsw_setup_features(vi);
	cvsw_setup_mtu(vi);
	cvsw_read_link_settings(vi);

	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC)) {
		u8 mac[ETH_ALEN];

		virtio_cread_bytes(vdev, offsetof(struct virtio_net_config, mac),
				   mac, ETH_ALEN);
		eth_hw_addr_set(dev, mac);
	} else {
		eth_hw_addr_random(dev);
		dev_info(&vdev->dev, "no MAC from the device, using %pM\n",
			 dev->dev_addr);
	}

	err = cvsw_dp_init(&vi->dp, dev);
	if (err)
		goto err_free_dev;
	err = cvsw_add_ports(vi);
	if (err)
		goto err_free;
	err = cvsw_alloc_queues(vi);
	if (err)
		goto err_free;
	err = cvsw_find_vqs(vi, virtio_has_feature(vdev,
						   VIRTIO_NET_F_CTRL_VQ));
	if (err)
		goto err_free;

	vi->cur_pairs = min_t(u16, max_pairs, num_online_cpus());
	netif_set_real_num_tx_queues(dev, vi->cur_pairs);
	netif_set_real_num_rx_queues(dev, vi->cur_pairs);

	virtio_device_ready(vdev);

	if (vi->cur_pairs > 1 && cvsw_ctrl_set_pairs(vi, vi->cur_pairs)) {
		vi->cur_pairs = 1;
		netif_set_real_num_tx_queues(dev, 1);
		netif_set_real_num_rx_queues(dev, 1);
	}
	err = cvsw_affinity_start(vi);
	if (err)
		goto err_reset;

	/* Carrier starts off and follows the status field once registered. */
	netif_carrier_off(dev);
	WRITE_ONCE(vi->rx_mode_enabled, true);
	err = register_netdev(dev);
	if (err) {
		dev_err(&vdev->dev, "register_netdev failed: %d\n", err);
		goto err_affinity;
	}
	if (virtio_has_feature(vdev, VIRTIO_NET_F_STATUS))
		schedule_work(&vi->config_work);
	else
		netif_carrier_on(dev);
	cvsw_dp_port_changed(&vi->dp, CVSW_PORT_NET, CVSW_PORT_ADD);

	netdev_info(dev, "cvsw_net %pM: %u/%u queue pairs, %s rx buffers, mtu %u\n",
		    dev->dev_addr, vi->cur_pairs, vi->max_pairs,
		    vi->mergeable ? "mergeable" : "small", dev->mtu);
	return 0;

err_affinity:
	WRITE_ONCE(vi->rx_mode_enabled, false);
	cvsw_affinity_stop(vi);
err_reset:
	cvsw_teardown_vqs(vi);
err_free:
	cvsw_free_queues(vi);
	cvsw_dp_uninit(&vi->dp);
err_free_dev:
	free_netdev(dev);
	return err;
}

static void cvsw_remove(struct virtio_device *vdev)
{
	struct cvsw_priv *vi = vdev->priv;

	/* The virtio core already stopped config interrupts. */
	cancel_work_sync(&vi->config_work);
	cvsw_tunnel_del_all(&vi->dp);
	cvsw_dp_port_changed(&vi->dp, CVSW_PORT_NET, CVSW_PORT_DELETE);
	unregister_netdev(vi->dev);
	WRITE_ONCE(vi->rx_mode_enabled, false);
	cancel_work_sync(&vi->rx_mode_work);
	cvsw_affinity_stop(vi);
	cvsw_teardown_vqs(vi);
	cvsw_free_queues(vi);
	cvsw_dp_uninit(&vi->dp);
	free_netdev(vi->dev);
}

/* Drop features that cannot work with what else was (not) negotiated. */
static int cvsw_validate(struct virtio_device *vdev)
{
	if (!vdev->config->get)
		return -EINVAL;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MTU)) {
		u16 mtu = virtio_cread16(vdev, offsetof(struct virtio_net_config,
							mtu));

		if (mtu < ETH_MIN_MTU)
			__virtio_clear_bit(vdev, VIRTIO_NET_F_MTU);
	}
	/* Big rx packets need mergeable buffers in this driver. */
	if (!virtio_has_feature(vdev, VIRTIO_NET_F_MRG_RXBUF)) {
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_TSO4);
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_TSO6);
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_ECN);
		__virtio_clear_bit(vdev, VIRTIO_NET_F_GUEST_UFO);
	}
	return 0;
}

static unsigned int cvsw_features[] = {
	VIRTIO_NET_F_CSUM, VIRTIO_NET_F_GUEST_CSUM,
	VIRTIO_NET_F_CTRL_GUEST_OFFLOADS, VIRTIO_NET_F_MTU,
	VIRTIO_NET_F_MAC,
	VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6,
	VIRTIO_NET_F_GUEST_ECN, VIRTIO_NET_F_GUEST_UFO,
	VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6,
	VIRTIO_NET_F_HOST_ECN,
	VIRTIO_NET_F_MRG_RXBUF, VIRTIO_NET_F_STATUS,
	VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_CTRL_RX,
	VIRTIO_NET_F_GUEST_ANNOUNCE, VIRTIO_NET_F_MQ,
	VIRTIO_NET_F_CTRL_MAC_ADDR, VIRTIO_NET_F_SPEED_DUPLEX,
};

/* Legacy devices additionally understand ANY_LAYOUT. */
static unsigned int cvsw_features_legacy[] = {
	VIRTIO_NET_F_CSUM, VIRTIO_NET_F_GUEST_CSUM,
	VIRTIO_NET_F_CTRL_GUEST_OFFLOADS, VIRTIO_NET_F_MTU,
	VIRTIO_NET_F_MAC,
	VIRTIO_NET_F_GUEST_TSO4, VIRTIO_NET_F_GUEST_TSO6,
	VIRTIO_NET_F_GUEST_ECN, VIRTIO_NET_F_GUEST_UFO,
	VIRTIO_NET_F_HOST_TSO4, VIRTIO_NET_F_HOST_TSO6,
	VIRTIO_NET_F_HOST_ECN,
	VIRTIO_NET_F_MRG_RXBUF, VIRTIO_NET_F_STATUS,
	VIRTIO_NET_F_CTRL_VQ, VIRTIO_NET_F_CTRL_RX,
	VIRTIO_NET_F_GUEST_ANNOUNCE, VIRTIO_NET_F_MQ,
	VIRTIO_NET_F_CTRL_MAC_ADDR, VIRTIO_NET_F_SPEED_DUPLEX,
	VIRTIO_F_ANY_LAYOUT,
};

static const struct virtio_device_id cvsw_id_table[] = {
	{ VIRTIO_ID_NET, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, cvsw_id_table);

static struct virtio_driver cvsw_driver = {
	.feature_table		= cvsw_features,
	.feature_table_size	= ARRAY_SIZE(cvsw_features),
	.feature_table_legacy	= cvsw_features_legacy,
	.feature_table_size_legacy = ARRAY_SIZE(cvsw_features_legacy),
	.driver.name		= CVSW_DRV_NAME,
	.driver.owner		= THIS_MODULE,
	.id_table		= cvsw_id_table,
	.validate		= cvsw_validate,
	.probe			= cvsw_probe,
	.remove			= cvsw_remove,
	.config_changed		= cvsw_config_changed,
};

/**
 * cvsw_driver_register - register the virtio driver (devices probe now)
 *
 * Return: 0 or a negative errno.
 */
int cvsw_driver_register(void)
{
	int err;

	err = cvsw_affinity_init();
	if (err)
		return err;
	err = register_virtio_driver(&cvsw_driver);
	if (err)
		cvsw_affinity_exit();
	return err;
}

/**
 * cvsw_driver_unregister - unregister the virtio driver (devices go away)
 */
void cvsw_driver_unregister(void)
{
	unregister_virtio_driver(&cvsw_driver);
	cvsw_affinity_exit();
}
