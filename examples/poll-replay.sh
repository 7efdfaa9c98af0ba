#!/bin/sh
# Stands in for `openstack server show ID -f json` in the `wait` examples and tests:
# prints the next line of FILE at each call (the last line once the file is used up).
# A line `404` answers like openstackclient for a deleted server (exit 1); a line `FAIL`
# fails the way an unreachable endpoint does (exit 1).
#
#   server-lifecycle wait stop --from ACTIVE --interval 0 -- sh examples/poll-replay.sh examples/polls/stop.jsonl
set -eu
file=$1
# One counter per waiting process (the caller of this script).
count=${TMPDIR:-/tmp}/poll-replay.$PPID
n=$(cat "$count" 2>/dev/null || echo 0)
n=$((n + 1))
echo "$n" >"$count"
line=$(sed -n "${n}p" "$file")
[ -n "$line" ] || line=$(tail -n 1 "$file")
case $line in
404)
    echo "No server with a name or ID of 'web-1' exists." >&2
    exit 1
    ;;
FAIL)
    echo "Failed to discover available identity versions when contacting the endpoint." >&2
    exit 1
    ;;
*) printf '%s\n' "$line" ;;
esac
