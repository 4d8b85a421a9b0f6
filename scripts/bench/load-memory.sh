#!/usr/bin/env bash
# Benchmark: does `ddbr load run` keep its memory flat over a long run? (not run in CI)
# Runs RATE GetItem+PutItem/s for MINUTES minutes against the local dynalite on a scratch table, samples the JVM's
# RSS every INTERVAL seconds from /proc, and prints the samples, then the ratio of the last quarter's mean RSS to the
# second quarter's (after warm-up). A flat run stays near 1.0; a leak (per-operation objects kept) grows with time.
#
# usage: scripts/bench/load-memory.sh [MINUTES] [RATE]   (default 10 minutes at 500 ops/s)
# env:   BENCH_DIR (default /tmp/ddbr-bench-load-memory), INTERVAL (default 10), JAVA_OPTS (e.g. -Xmx256m)
# Starts its own emulators (scripts/local-aws, state in BENCH_DIR/aws) and stops them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
minutes=${1:-10}
rate=${2:-500}
interval=${INTERVAL:-10}
dir=${BENCH_DIR:-/tmp/ddbr-bench-load-memory}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
rm -rf "$dir"; mkdir -p "$dir/home"
"$root/scripts/local-aws" start --state-dir "$dir/aws" --owner-pid $$ >&2
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; "$root/scripts/local-aws" stop --state-dir "$dir/aws" >&2 || true' EXIT
# shellcheck disable=SC1091
. "$dir/aws/env"
ddbr() { HOME=$dir/home java ${JAVA_OPTS:-} -jar "$root/target/ddbr.jar" "$@"; }
# a table to copy (scripts/bench/BareGet.java creates and seeds it)
mkdir -p "$dir/classes"
javac -nowarn -cp "$root/target/ddbr.jar" -d "$dir/classes" "$root/scripts/bench/BareGet.java" 2>/dev/null
java -cp "$root/target/ddbr.jar:$dir/classes" BareGet "$DDBR_LOCAL_DYNAMODB" seed bench-mem 100 >&2
ddbr load prepare bench-mem >&2 || true   # a tagged scratch copy, so writes need no confirmation
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg); ${minutes} min at ${rate} ops/s" >&2
ddbr load run bench-mem-load --rate "$rate" --duration "${minutes}m" --mix get=70,put=30 --key-count 10000 \
    -o json > "$dir/report.json" 2>"$dir/stderr" &
pid=$!
# the JVM is the child of the shell function's subshell, or the job itself
: > "$dir/rss.tsv"
t=0
while kill -0 "$pid" 2>/dev/null; do
  jvm=$(pgrep -P "$pid" java || echo "$pid")
  rss=$(awk '/^VmRSS/ {print $2}' "/proc/$jvm/status" 2>/dev/null || true)
  [ -n "$rss" ] && printf '%s\t%s\n' "$t" "$rss" >> "$dir/rss.tsv"
  sleep "$interval"; t=$((t + interval))
done
wait "$pid" || true
pid=
python3 - "$dir/rss.tsv" "$dir/report.json" <<'PY'
import json, sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
print("SECONDS  RSS_MB")
for t, kb in rows:
    print(f"{t:<8} {kb / 1024:.1f}")
n = len(rows)
if n >= 8:
    q2 = [kb for _, kb in rows[n // 4: n // 2]]
    q4 = [kb for _, kb in rows[3 * n // 4:]]
    print(f"mean RSS, last quarter / second quarter: {sum(q4) / len(q4) / (sum(q2) / len(q2)):.3f} (flat: about 1.0)")
try:
    r = json.load(open(sys.argv[2]))
    print(f"achieved {r['achievedRate']} of {r['offeredRate']} ops/s, {r['completed']} operations, p99 {r['total']['latencyMs']['p99']} ms")
except Exception as e:
    print(f"no report: {e}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
