#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The README's demo (tools/demo-guest.sh) as a guest test: each of its
# steps checks what it shows, so a change that breaks what the demo shows
# fails here and not first in front of an audience.
: "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}"
export CVSW_REPO
exec sh "$CVSW_REPO/tools/demo-guest.sh"
