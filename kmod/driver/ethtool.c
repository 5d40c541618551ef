// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net ethtool operations: driver info, rings, channels, link
 * settings and per-queue counters.
 */
#include <linux/ethtool.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include "cvsw_net.h"

struct cvsw_stat_desc {
	char name[ETH_GSTRING_LEN];
	size_t offset;
};

#define CVSW_RQ_STAT(f) { #f, offsetof(struct cvsw_rq_stats, f) }
#define CVSW_SQ_STAT(f) { #f, offsetof(struct cvsw_sq_stats, f) }

static const struct cvsw_stat_desc cvsw_rq_stats_desc[] = {
	CVSW_RQ_STAT(packets),
	CVSW_RQ_STAT(bytes),
	CVSW_RQ_STAT(drops),
	CVSW_RQ_STAT(length_errors),
	CVSW_RQ_STAT(frame_errors),
	CVSW_RQ_STAT(kicks),
	CVSW_RQ_STAT(refill_fail),
};

static const struct cvsw_stat_desc cvsw_sq_stats_desc[] = {
	CVSW_SQ_STAT(packets),
	CVSW_SQ_STAT(bytes),
	CVSW_SQ_STAT(errors),
	CVSW_SQ_STAT(kicks),
	CVSW_SQ_STAT(stops),
	CVSW_SQ_STAT(wakes),
};

#define CVSW_RQ_NSTATS ARRAY_SIZE(cvsw_rq_stats_desc)
#define CVSW_SQ_NSTATS ARRAY_SIZE(cvsw_sq_stats_desc)

static void cvsw_get_drvinfo(struct net_device *dev,
			     struct ethtool_drvinfo *info)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	strscpy(info->driver, CVSW_DRV_NAME, sizeof(info->driver));
	strscpy(info->version, CVSW_DRV_VERSION, sizeof(info->version));
	strscpy(info->bus_info, virtio_bus_name(vi->vdev),
		sizeof(info->bus_info));
}

static void cvsw_get_ringparam(struct net_device *dev,
			       struct ethtool_ringparam *ring,
			       struct kernel_ethtool_ringparam *kring,
			       struct netlink_ext_ack *extack)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	ring->rx_max_pending = virtqueue_get_vring_size(vi->rq[0].vq);
	ring->tx_max_pending = virtqueue_get_vring_size(vi->sq[0].vq);
	ring->rx_pending = ring->rx_max_pending;
	ring->tx_pending = ring->tx_max_pending;
}

static void cvsw_get_channels(struct net_device *dev,
			      struct ethtool_channels *ch)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	ch->max_combined = vi->max_pairs;
	ch->combined_count = vi->cur_pairs;
}

static int cvsw_set_channels(struct net_device *dev,
			     struct ethtool_channels *ch)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	u16 pairs = ch->combined_count;
	int err;

	if (ch->rx_count || ch->tx_count || ch->other_count)
		return -EINVAL;
	if (!pairs || pairs > vi->max_pairs)
		return -EINVAL;
	if (pairs == vi->cur_pairs)
		return 0;

	/*
	 * Every queue keeps its buffers and NAPI; only the device's and the
	 * stack's use of them changes, so no ring is torn down here.
	 */
	err = cvsw_ctrl_set_pairs(vi, pairs);
	if (err)
		return err;
	err = netif_set_real_num_tx_queues(dev, pairs);
	if (!err)
		err = netif_set_real_num_rx_queues(dev, pairs);
	if (err) {
		cvsw_ctrl_set_pairs(vi, vi->cur_pairs);
		netif_set_real_num_tx_queues(dev, vi->cur_pairs);
		return err;
	}
	vi->cur_pairs = pairs;
	cvsw_affinity_update(vi);
	return 0;
}

static int cvsw_get_link_ksettings(struct net_device *dev,
				   struct ethtool_link_ksettings *cmd)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	cmd->base.speed = vi->speed;
	cmd->base.duplex = vi->duplex;
	cmd->base.port = PORT_OTHER;
	return 0;
}

static int cvsw_get_sset_count(struct net_device *dev, int sset)
{
	struct cvsw_priv *vi = netdev_priv(dev);

	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return vi->max_pairs * (CVSW_RQ_NSTATS + CVSW_SQ_NSTATS);
}

static void cvsw_get_strings(struct net_device *dev, u32 sset, u8 *data)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int i, j;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < vi->max_pairs; i++)
		for (j = 0; j < CVSW_RQ_NSTATS; j++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", i,
					cvsw_rq_stats_desc[j].name);
	for (i = 0; i < vi->max_pairs; i++)
		for (j = 0; j < CVSW_SQ_NSTATS; j++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", i,
					cvsw_sq_stats_desc[j].name);
}

/* Copy one queue's counters as a consistent snapshot. */
static void cvsw_read_stats(const struct u64_stats_sync *syncp,
			    const void *base,
			    const struct cvsw_stat_desc *desc,
			    unsigned int n, u64 *out)
{
	unsigned int start, j;

	do {
		start = u64_stats_fetch_begin(syncp);
		for (j = 0; j < n; j++)
			out[j] = *(const u64 *)(base + desc[j].offset);
	} while (u64_stats_fetch_retry(syncp, start));
}

static void cvsw_get_ethtool_stats(struct net_device *dev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int i;

	for (i = 0; i < vi->max_pairs; i++, data += CVSW_RQ_NSTATS)
		cvsw_read_stats(&vi->rq[i].stats.syncp, &vi->rq[i].stats,
				cvsw_rq_stats_desc, CVSW_RQ_NSTATS, data);
	for (i = 0; i < vi->max_pairs; i++, data += CVSW_SQ_NSTATS)
		cvsw_read_stats(&vi->sq[i].stats.syncp, &vi->sq[i].stats,
				cvsw_sq_stats_desc, CVSW_SQ_NSTATS, data);
}

const struct ethtool_ops cvsw_ethtool_ops = {
	.get_drvinfo		= cvsw_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_ringparam		= cvsw_get_ringparam,
	.get_channels		= cvsw_get_channels,
	.set_channels		= cvsw_set_channels,
	.get_link_ksettings	= cvsw_get_link_ksettings,
	.get_sset_count		= cvsw_get_sset_count,
	.get_strings		= cvsw_get_strings,
	.get_ethtool_stats	= cvsw_get_ethtool_stats,
	.get_ts_info		= ethtool_op_get_ts_info,
};
