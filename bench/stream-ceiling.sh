#!/usr/bin/env bash
# The ceiling of the one cluster stream: how many events/s nodes append through their publishers, and how many one
# node's stream reader delivers when the stream is filled faster (pipelined XADDs), with how far it falls behind.
#   bench/stream-ceiling.sh [--seconds N]
# Runs src/test/java/io/switchboard/cluster/StreamCeilingProbe.java through Maven (surefire, offline; it starts its
# own redis-server master and two replicas on loopback, from the embedded-redis test jar), prints its tables and puts
# them in bench/FAILOVER.md between the stream-ceiling markers (the rest of that file is left as it is). Takes about
# a minute. Run it on a quiet machine: it measures CPU-bound loops on loopback.
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
SECONDS_PER_ROW=5
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECONDS_PER_ROW="$2"; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
[ -e /tmp/QUIET ] && echo "note: /tmp/QUIET exists: someone else is benchmarking; figures will be noisy" >&2

OUT="$BENCH/out/stream-ceiling.md"
mkdir -p "$BENCH/out"
rm -f "$OUT"
(cd "$ROOT" && mvn -B -ntp -o -q test -Dtest=StreamCeilingProbe -Dsurefire.failIfNoSpecifiedTests=false \
  -Dprobe.seconds="$SECONDS_PER_ROW" -Dprobe.out="$OUT" > "$BENCH/out/stream-ceiling.log" 2>&1) || {
  tail -50 "$BENCH/out/stream-ceiling.log" >&2; exit 1; }
[ -s "$OUT" ] || { echo "the probe wrote no figures; see $BENCH/out/stream-ceiling.log" >&2; exit 1; }
cat "$OUT"

# Replace what lies between the markers in FAILOVER.md with the new section.
python3 - "$BENCH/FAILOVER.md" "$OUT" <<'PY'
import sys
target, section = sys.argv[1], open(sys.argv[2]).read().strip()
begin, end = "<!-- stream-ceiling: begin (bench/stream-ceiling.sh writes this part) -->", "<!-- stream-ceiling: end -->"
text = open(target).read()
if begin not in text or end not in text:
    sys.exit(f"{target} has no stream-ceiling markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(target, "w").write(f"{head}{begin}\n{section}\n{end}{tail}")
print(f"wrote {target}")
PY
