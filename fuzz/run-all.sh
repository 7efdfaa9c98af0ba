#!/bin/sh
# Runs every fuzz target for SECONDS seconds (default 150), one after the other, and
# prints each target's libFuzzer summary line. Needs cargo-fuzz; on a stable toolchain
# RUSTC_BOOTSTRAP=1 unlocks the nightly flags cargo-fuzz passes to rustc.
# Usage: fuzz/run-all.sh [SECONDS] [TARGET...]
set -u
cd "$(dirname "$0")"
seconds=${1:-150}
[ $# -gt 0 ] && shift
targets=${*:-$(RUSTC_BOOTSTRAP=1 cargo fuzz list)}
mkdir -p logs
for target in $targets; do
    start=$(date -u +%H:%M:%S)
    log="logs/$target-$(date -u +%Y%m%dT%H%M%S).log"
    RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" -- -max_total_time="$seconds" \
        >"$log" 2>&1
    status=$?
    summary=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
    echo "$target: start $start, exit $status, ${summary:-no summary (see $log)}"
done
