#!/usr/bin/env bash
# Benchmark: `ddbr load run` on the local dynalite.
#  1. Does the generator hold the offered rate? 1,000 and 5,000 GetItem/s for DURATION seconds: achieved / offered,
#     and the report's client verdict and CPU figure (a saturated client or a slow emulator says so).
#  2. Client overhead: p50 through `load run --workers 1` at a low rate against a bare SDK GetItem loop at the same
#     rate on the same keys and endpoint (scripts/bench/BareGet.java), in one JVM, interleaved, best of ROUNDS.
# Figures are ratios; on a shared machine they move with its load, printed alongside.
#
# usage: scripts/bench/load.sh [DURATION_SECONDS]   (default 20)
# env:   BENCH_DIR (default /tmp/ddbr-bench-load), ROUNDS (default 3), LOW_RATE (default 50)
# Starts its own emulators (scripts/local-aws, state in BENCH_DIR/aws) and stops them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
secs=${1:-20}
dir=${BENCH_DIR:-/tmp/ddbr-bench-load}
rounds=${ROUNDS:-3}
low=${LOW_RATE:-50}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
rm -rf "$dir"; mkdir -p "$dir/classes" "$dir/home"
"$root/scripts/local-aws" start --state-dir "$dir/aws" --owner-pid $$ >&2
trap '"$root/scripts/local-aws" stop --state-dir "$dir/aws" >&2 || true' EXIT
# shellcheck disable=SC1091
. "$dir/aws/env"
javac -nowarn -cp "$root/target/ddbr.jar" -d "$dir/classes" "$root/scripts/bench/BareGet.java" 2>/dev/null
cp=$root/target/ddbr.jar:$dir/classes
table=bench-load
echo "seeding 1000 items ..." >&2
java -cp "$cp" BareGet "$DDBR_LOCAL_DYNAMODB" seed "$table" 1000
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

printf '%-10s %-10s %-10s %-9s %-18s %s\n' OFFERED ACHIEVED RATIO CPU% VERDICT P50_MS
for rate in 1000 5000; do
  HOME=$dir/home java -jar "$root/target/ddbr.jar" load run "$table" --rate "$rate" --duration "${secs}s" \
      --key-count 1000 -o json 2>/dev/null > "$dir/run-$rate.json" || true
  python3 - "$dir/run-$rate.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c = r["client"]
print(f'{r["offeredRate"]:<10.0f} {r["achievedRate"]:<10.1f} {r["achievedRate"] / r["offeredRate"]:<10.3f} '
      f'{c["cpuPercent"]:<9.0f} {c["verdict"]:<18} {r["total"]["latencyMs"]["p50"]}')
PY
done

read -r bare bsvc ddbr dsvc < <(HOME=$dir/home java -cp "$cp" BareGet "$DDBR_LOCAL_DYNAMODB" compare "$table" "$low" 10 "$rounds" "$dir/home")
python3 - "$bare" "$bsvc" "$ddbr" "$dsvc" "$low" <<'PY'
import sys
b, bs, d, ds = map(float, sys.argv[1:5])
print(f"p50 at {sys.argv[5]} ops/s, from the intended start: bare SDK loop {b:.3f} ms, ddbr load run {d:.3f} ms, ratio {d / b:.2f} (target <= 1.10)")
print(f"p50 at {sys.argv[5]} ops/s, service time:            bare SDK loop {bs:.3f} ms, ddbr load run {ds:.3f} ms, ratio {ds / bs:.2f}")
PY
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
