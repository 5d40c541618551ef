# SPDX-License-Identifier: GPL-2.0
# The plumbing of the demo guest script (tools/demo-guest.sh; POSIX sh,
# sourced after selftests/driver/lib.sh): captions, commands shown as a
# user would type them followed by their real output, and the record of
# which step did what it showed.
#
#   step CAPTION            start the next step (ends the one before)
#   on A|B CMD...           print "A$ CMD", run CMD in netns A ($NS1) or B
#                           ($NS2); cvsw-shell and cvsw-ofagent are the
#                           tree's. The output is in $SHOWN afterwards and
#                           the status is CMD's
#   on_bg A|B CMD...        the same, in the background (adds to BG_PIDS,
#                           $BG_PID is this one)
#   note TEXT               a line about what happens out of sight
#   check TEXT CMD...       CMD must succeed: "ok: TEXT" or "FAIL: TEXT",
#                           a failure fails the step
#   checks_done             ends the last step, prints the verdict line,
#                           returns non-zero when a step failed
#   n_packets <FLOW-LINE    n_packets of a `flow get`/`flow dump` line
#   port_field PORT KEY <STATS   KEY of PORT in `stats` text output

DEMO_TMP=${DEMO_TMP:-/tmp/cvsw-demo}
mkdir -p "$DEMO_TMP"
SHOWN=$DEMO_TMP/shown
STEP=0
STEP_OK=1
STEP_T0=0
FAILED=""
BG_PIDS=""
DEMO_T0=$(date +%s)

# Quote a word for display only where a shell would need it.
shq() {
	local w sep=""
	for w in "$@"; do
		case $w in
		*[!A-Za-z0-9_./:=,@%+-]*|"")
			printf "%s'%s'" "$sep" "$(printf '%s' "$w" | sed "s/'/'\\\\''/g")" ;;
		*) printf '%s%s' "$sep" "$w" ;;
		esac
		sep=" "
	done
}

demo_ns() { case $1 in A) echo $NS1 ;; B) echo $NS2 ;; esac; }
demo_cmd() {
	case $1 in
	cvsw-shell) echo "$DP_SH" ;;
	cvsw-ofagent) echo "$AGENT" ;;
	*) echo "$1" ;;
	esac
}

on() {
	local who=$1 ns cmd rc
	shift
	ns=$(demo_ns $who)
	printf '%s$ %s\n' "$who" "$(shq "$@")"
	cmd=$(demo_cmd "$1")
	shift
	# (through a file: a pipe would hide the command's status from dash)
	ip netns exec "$ns" "$cmd" "$@" >"$SHOWN" 2>&1
	rc=$?
	cat "$SHOWN"
	return $rc
}

on_bg() {
	local who=$1 ns cmd
	shift
	ns=$(demo_ns $who)
	printf '%s$ %s &\n' "$who" "$(shq "$@")"
	cmd=$(demo_cmd "$1")
	shift
	ip netns exec "$ns" "$cmd" "$@" &
	BG_PID=$!
	BG_PIDS="$BG_PIDS $BG_PID"
}
bg_stop() { # PID: SIGTERM, then its exit status
	kill -TERM "$1" 2>/dev/null
	# (dash reports a child killed by a signal on stderr)
	wait "$1" 2>/dev/null
}

# Counters read from cvsw-shell's text, as shown: lib-dp.sh's readers take
# its --json through python, whose start costs seconds under TCG.
n_packets() { sed -n 's/.*n_packets=\([0-9]*\),.*/\1/p' | head -n 1; }
port_field() { sed -n "s/^port $1 .*[ :]$2=\([0-9]*\).*/\1/p"; }

note() { printf '# %s\n' "$*"; }

check() {
	local what=$1
	shift
	if "$@" >"$DEMO_TMP/check.out" 2>&1; then
		echo "ok: $what"
	else
		echo "FAIL: $what"
		sed 's/^/    /' "$DEMO_TMP/check.out"
		STEP_OK=0
	fi
}

step_end() {
	[ "$STEP" -gt 0 ] || return 0
	# A kernel splat during the step fails it, whatever else it showed.
	dmesg_check >/dev/null || { dmesg_check; STEP_OK=0; }
	if [ "$STEP_OK" = 1 ]; then
		echo "-- step $STEP did what it showed ($(( $(date +%s) - STEP_T0 )) s)"
	else
		echo "-- step $STEP FAILED ($(( $(date +%s) - STEP_T0 )) s)"
		FAILED="$FAILED $STEP"
	fi
}

step() {
	step_end
	STEP=$((STEP + 1))
	STEP_OK=1
	STEP_T0=$(date +%s)
	DMESG_START=$(dmesg | wc -l)
	printf '\n=== %s. %s\n' "$STEP" "$*"
}

checks_done() {
	local n
	step_end
	STEP_END_DONE=1
	echo
	echo "demo: $STEP steps in $(( $(date +%s) - DEMO_T0 )) s"
	if [ -z "$FAILED" ]; then
		echo "demo: all $STEP steps did what they showed"
		return 0
	fi
	n=$(echo $FAILED | wc -w)
	if [ "$n" = 1 ]; then
		echo "demo: step$FAILED failed"
	else
		echo "demo: steps $(echo $FAILED | sed 's/ /, /g') failed"
	fi
	return 1
}
