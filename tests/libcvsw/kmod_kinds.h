/* SPDX-License-Identifier: GPL-2.0 */
/* kmod_kinds.c: the kernel's tunnel kind constants, by enum cvsw_port_kind. */
#ifndef CVSW_TESTS_KMOD_KINDS_H
#define CVSW_TESTS_KMOD_KINDS_H

#include <stdbool.h>

unsigned int kmod_kind_key_bits(unsigned int kind);
unsigned int kmod_kind_dst_port(unsigned int kind);	/* 0: none (NVGRE) */
bool kmod_kind_is_tunnel(unsigned int kind);

#endif
