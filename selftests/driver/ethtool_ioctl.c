// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool ioctl ABI of the driver under test, checked with the kernel's
 * kselftest_harness.h (extracted from linux-source by selftests/run.sh):
 * drvinfo, permanent address, channels, rings, link, stats strings/values,
 * for both NICs (found by MAC, from CVSW_MAC_A/CVSW_MAC_B).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "kselftest_harness.h"

static const char *envor(const char *name, const char *def)
{
	const char *v = getenv(name);

	return v && *v ? v : def;
}

/* interface name in the current netns whose address is @mac, or "" */
static void ifname_by_mac(const char *mac, char *name)
{
	struct dirent *de;
	DIR *d = opendir("/sys/class/net");

	name[0] = 0;
	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[300], buf[64] = "";
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/net/%s/address", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && !strncasecmp(buf, mac, 17))
			snprintf(name, IFNAMSIZ, "%.15s", de->d_name);
		fclose(f);
	}
	closedir(d);
}

static int eth_ioctl(int fd, const char *ifname, void *cmd)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", ifname);
	ifr.ifr_data = cmd;
	return ioctl(fd, SIOCETHTOOL, &ifr);
}

FIXTURE(nic) {
	int fd;
	char ifname[IFNAMSIZ];
	unsigned char mac[6];
};

FIXTURE_VARIANT(nic) {
	const char *mac_env;
	const char *mac_def;
};

FIXTURE_VARIANT_ADD(nic, a) {
	.mac_env = "CVSW_MAC_A",
	.mac_def = "52:54:00:c5:00:0a",
};

FIXTURE_VARIANT_ADD(nic, b) {
	.mac_env = "CVSW_MAC_B",
	.mac_def = "52:54:00:c5:00:0b",
};

FIXTURE_SETUP(nic)
{
	const char *mac = envor(variant->mac_env, variant->mac_def);

	ASSERT_EQ(6, sscanf(mac, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &self->mac[0],
			    &self->mac[1], &self->mac[2], &self->mac[3],
			    &self->mac[4], &self->mac[5]));
	ifname_by_mac(mac, self->ifname);
	ASSERT_NE(0, self->ifname[0]) TH_LOG("no netdev with MAC %s", mac);
	self->fd = socket(AF_INET, SOCK_DGRAM, 0);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(nic)
{
	if (self->fd >= 0)
		close(self->fd);
}

static const char *want_driver(void)
{
	return strcmp(envor("CVSW_DRIVER", "cvsw_net"), "virtio_net") ? "cvsw_net" : "virtio_net";
}

TEST_F(nic, drvinfo)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &di)) TH_LOG("%s", strerror(errno));
	EXPECT_STREQ(want_driver(), di.driver);
	EXPECT_NE(0, di.bus_info[0]);
	EXPECT_LT(0, di.n_stats) TH_LOG("driver exports no ethtool statistics");
}

TEST_F(nic, permaddr)
{
	struct {
		struct ethtool_perm_addr pa;
		unsigned char data[32];
	} req = { .pa = { .cmd = ETHTOOL_GPERMADDR, .size = 32 } };
	struct ifreq ifr;

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &req)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(6, req.pa.size);
	EXPECT_EQ(0, memcmp(req.data, self->mac, 6));
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", self->ifname);
	ASSERT_EQ(0, ioctl(self->fd, SIOCGIFHWADDR, &ifr));
	EXPECT_EQ(0, memcmp(ifr.ifr_hwaddr.sa_data, self->mac, 6));
}

TEST_F(nic, channels)
{
	struct ethtool_channels ch = { .cmd = ETHTOOL_GCHANNELS };
	unsigned int want = atoi(envor("CVSW_QUEUES", "2"));

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &ch)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(want, ch.max_combined);
	EXPECT_LE(1, ch.combined_count);
	EXPECT_GE(ch.max_combined, ch.combined_count);
	/* asking for more than the maximum must fail */
	ch.cmd = ETHTOOL_SCHANNELS;
	ch.combined_count = ch.max_combined + 1;
	EXPECT_NE(0, eth_ioctl(self->fd, self->ifname, &ch));
}

TEST_F(nic, rings)
{
	struct ethtool_ringparam rp = { .cmd = ETHTOOL_GRINGPARAM };
	unsigned int want = atoi(envor("CVSW_RING_SIZE", "256"));

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &rp)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(want, rp.rx_max_pending);
	EXPECT_EQ(want, rp.tx_max_pending);
	EXPECT_EQ(want, rp.rx_pending);
	EXPECT_EQ(want, rp.tx_pending);
}

TEST_F(nic, link)
{
	struct ethtool_value ev = { .cmd = ETHTOOL_GLINK };

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &ev)) TH_LOG("%s", strerror(errno));
	EXPECT_LE(ev.data, 1);
}

TEST_F(nic, stats)
{
	struct ethtool_drvinfo di = { .cmd = ETHTOOL_GDRVINFO };
	struct ethtool_gstrings *gs;
	struct ethtool_stats *st;
	unsigned int i, j, n;

	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, &di));
	n = di.n_stats;
	ASSERT_LT(0, n);
	ASSERT_GT(4096, n);
	gs = calloc(1, sizeof(*gs) + n * ETH_GSTRING_LEN);
	st = calloc(1, sizeof(*st) + n * sizeof(__u64));
	ASSERT_NE(NULL, gs);
	ASSERT_NE(NULL, st);
	gs->cmd = ETHTOOL_GSTRINGS;
	gs->string_set = ETH_SS_STATS;
	gs->len = n;
	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, gs)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(n, gs->len);
	for (i = 0; i < n; i++) {
		const char *a = (const char *)gs->data + i * ETH_GSTRING_LEN;

		EXPECT_NE(0, a[0]) TH_LOG("stat %u has an empty name", i);
		for (j = i + 1; j < n; j++)
			EXPECT_NE(0, strncmp(a, (const char *)gs->data + j * ETH_GSTRING_LEN,
					     ETH_GSTRING_LEN)) TH_LOG("duplicate stat name %.32s", a);
	}
	st->cmd = ETHTOOL_GSTATS;
	st->n_stats = n;
	ASSERT_EQ(0, eth_ioctl(self->fd, self->ifname, st)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(n, st->n_stats);
	free(gs);
	free(st);
}

TEST_HARNESS_MAIN
