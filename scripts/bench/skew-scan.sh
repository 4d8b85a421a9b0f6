#!/usr/bin/env bash
# Benchmark: `ddbr skew scan` against a bare parallel Scan loop (scripts/bench/BareScan.java: the same SDK,
# the same URLConnection HTTP client, the same segments and threads, counting items and nothing else) on
# the same local dynalite, in the same run. Prints items/s of each and the ratio.
#
# Both run in one JVM with the launcher's flags for skew scan (C1 only, serial GC), interleaved, best of
# ROUNDS; ddbr runs in-process through dev.ddbr.Main.run (its whole command: DescribeTable, the scan with
# ReturnConsumedCapacity, per-item key and size, the report), so neither side pays for JVM start-up.
#
# usage: scripts/bench/skew-scan.sh [ITEMS] [SEGMENTS] [THREADS]     (default 100000 4 4: ddbr's defaults on 2 cores)
# env:   BENCH_DIR (default /tmp/ddbr-bench-scan), ROUNDS (default 5)
# Starts its own emulators (scripts/local-aws, state in BENCH_DIR/aws) and stops them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
items=${1:-100000}; segments=${2:-4}; threads=${3:-4}
dir=${BENCH_DIR:-/tmp/ddbr-bench-scan}
rounds=${ROUNDS:-5}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
rm -rf "$dir"; mkdir -p "$dir/classes" "$dir/home"
"$root/scripts/local-aws" start --state-dir "$dir/aws" --owner-pid $$ >&2
trap '"$root/scripts/local-aws" stop --state-dir "$dir/aws" >&2 || true' EXIT
# shellcheck disable=SC1091
. "$dir/aws/env"
javac -nowarn -cp "$root/target/ddbr.jar" -d "$dir/classes" "$root/scripts/bench/BareScan.java" 2>/dev/null
cp=$root/target/ddbr.jar:$dir/classes
table=bench-scan
echo "seeding $items items into dynalite ..." >&2
java -cp "$cp" BareScan "$DDBR_LOCAL_DYNAMODB" seed "$table" "$items" $((items / 10))
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg); $segments segments, $threads threads, best of $rounds" >&2
read -r n bare ddbr < <(HOME=$dir/home java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" \
  BareScan "$DDBR_LOCAL_DYNAMODB" compare "$table" "$segments" "$threads" "$rounds")
awk -v n="$n" -v b="$bare" -v d="$ddbr" 'BEGIN {
  printf "%-16s %8s %10s %10s\n", "tool", "wall_s", "items/s", "vs_bare";
  printf "%-16s %8.3f %10.0f %10.2f\n", "bare scan loop", b, n / b, 1;
  printf "%-16s %8.3f %10.0f %10.2f\n", "ddbr skew scan", d, n / d, b / d;
}'
