/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's per-kind tunnel constants (kmod/datapath/tunnel_hdr.c, built
 * here in userspace through dp_compat.h), for test_tunnel.c to check the
 * library's kind table against: one fact, checked in one place.
 */
#include "kmod_kinds.h"
/* the kernel's table itself, compiled into this test (not a copy) */
#include "tunnel_hdr.c"

unsigned int kmod_kind_key_bits(unsigned int kind)
{
	return cvsw_tun_kinds[kind].key_bits;
}

unsigned int kmod_kind_dst_port(unsigned int kind)
{
	return cvsw_tun_kinds[kind].dst_port;
}

bool kmod_kind_is_tunnel(unsigned int kind)
{
	return cvsw_port_kind_is_tunnel(kind);
}
