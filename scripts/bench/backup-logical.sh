#!/usr/bin/env bash
# Benchmark: `ddbr backup export` against a bare parallel Scan loop and `ddbr backup import` against a bare
# parallel BatchWriteItem loop (scripts/bench/BareBackup.java: the same SDK, the same URLConnection HTTP
# client, the same segments / parallelism, retries of unprocessed items, nothing else) on the same local
# dynalite, in the same run; the AWS CLI (v1: `aws dynamodb scan` per segment in parallel, paginated to a
# file; `aws dynamodb batch-write-item` per 25 items, same parallelism) as a third column.
#
# ddbr and the bare loops run in one JVM with the launcher's flags (C1 only, serial GC), interleaved, best
# of ROUNDS; ddbr runs in-process through dev.ddbr.Main.run (its whole command), so neither side pays for
# JVM start-up. Import targets are created before the clock starts (no --create), for both.
#
# usage: scripts/bench/backup-logical.sh [ITEMS] [SEGMENTS] [PARALLELISM]   (default 50000 4 8: ddbr's defaults)
# env:   BENCH_DIR (default /tmp/ddbr-bench-backup), ROUNDS (default 3),
#        CLI_ITEMS (default 5000: the AWS CLI import writes this many; one process per batch is slow)
# Starts its own emulators (scripts/local-aws, state in BENCH_DIR/aws) and stops them at the end.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
items=${1:-50000}; segments=${2:-4}; par=${3:-8}
dir=${BENCH_DIR:-/tmp/ddbr-bench-backup}
rounds=${ROUNDS:-3}
cli_items=${CLI_ITEMS:-5000}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
rm -rf "$dir"; mkdir -p "$dir/classes" "$dir/home" "$dir/work" "$dir/cli"
"$root/scripts/local-aws" start --state-dir "$dir/aws" --owner-pid $$ >&2
trap '"$root/scripts/local-aws" stop --state-dir "$dir/aws" >&2 || true' EXIT
# shellcheck disable=SC1091
. "$dir/aws/env"
javac -nowarn -cp "$root/target/ddbr.jar" -d "$dir/classes" "$root/scripts/bench/BareScan.java" "$root/scripts/bench/BareBackup.java" 2>/dev/null
cp=$root/target/ddbr.jar:$dir/classes
table=bench-backup
echo "seeding $items items into dynalite ..." >&2
java -cp "$cp" BareScan "$DDBR_LOCAL_DYNAMODB" seed "$table" "$items" $((items / 10))
echo "cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg); $segments segments, parallelism $par, best of $rounds" >&2
read -r n bscan dexp bwrite dimp < <(HOME=$dir/home java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" \
  BareBackup "$DDBR_LOCAL_DYNAMODB" compare "$table" "$segments" "$par" "$rounds" "$dir/work")

# AWS CLI: a parallel segmented scan (the CLI paginates) to files, then batch-write-item per 25 items
aws_() { aws --region us-east-1 --endpoint-url "$DDBR_LOCAL_DYNAMODB" "$@"; }
now() { date +%s.%N; }
t0=$(now)
for s in $(seq 0 $((segments - 1))); do
  aws_ dynamodb scan --table-name "$table" --segment "$s" --total-segments "$segments" --output json > "$dir/cli/scan-$s.json" &
done
wait
t1=$(now)
cli_scanned=$(python3 -c 'import json,sys; print(sum(json.load(open(f))["Count"] for f in sys.argv[1:]))' "$dir"/cli/scan-*.json)
[ "$cli_scanned" = "$n" ] || { echo "aws cli scanned $cli_scanned items, expected $n" >&2; exit 1; }
python3 - "$dir/cli" "$table-cli" "$cli_items" "$dir"/cli/scan-*.json <<'PY'
import json, sys
out, t, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
items = [i for f in sys.argv[4:] for i in json.load(open(f))["Items"]][:n]
for b in range(0, len(items), 25):
    with open(f"{out}/batch-{b // 25:06d}.json", "w") as fh:
        json.dump({t: [{"PutRequest": {"Item": i}} for i in items[b:b + 25]]}, fh)
PY
aws_ dynamodb create-table --table-name "$table-cli" --billing-mode PAY_PER_REQUEST \
  --key-schema AttributeName=tenant,KeyType=HASH AttributeName=order_id,KeyType=RANGE \
  --attribute-definitions AttributeName=tenant,AttributeType=S AttributeName=order_id,AttributeType=N >/dev/null
aws_ dynamodb wait table-exists --table-name "$table-cli"
t2=$(now)
# shellcheck disable=SC2016
find "$dir/cli" -name 'batch-*.json' | sort | xargs -P "$par" -I{} sh -c \
  'aws --region us-east-1 --endpoint-url "$0" dynamodb batch-write-item --request-items file://{} --output json > {}.out' "$DDBR_LOCAL_DYNAMODB"
t3=$(now)
if grep -L '"UnprocessedItems": {}' "$dir"/cli/batch-*.json.out | grep -q .; then echo "aws cli left unprocessed items" >&2; exit 1; fi
cli_written=$(python3 -c 'import json,glob,sys; print(sum(len(v) for f in glob.glob(sys.argv[1] + "/batch-*.json") for v in json.load(open(f)).values()))' "$dir/cli")

awk -v n="$n" -v bs="$bscan" -v de="$dexp" -v bw="$bwrite" -v di="$dimp" -v cs="$(echo "$t1 - $t0" | bc)" \
    -v cw="$(echo "$t3 - $t2" | bc)" -v cn="$cli_written" 'BEGIN {
  printf "%-26s %9s %8s %10s %8s\n", "export (" n " items)", "items", "wall_s", "items/s", "vs_bare";
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "bare parallel Scan loop", n, bs, n / bs, 1;
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "ddbr backup export", n, de, n / de, bs / de;
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "aws cli scan", n, cs, n / cs, (n / cs) / (n / bs);
  printf "%-26s %9s %8s %10s %8s\n", "import", "items", "wall_s", "items/s", "vs_bare";
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "bare BatchWriteItem loop", n, bw, n / bw, 1;
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "ddbr backup import", n, di, n / di, bw / di;
  printf "%-26s %9d %8.3f %10.0f %8.2f\n", "aws cli batch-write-item", cn, cw, cn / cw, (cn / cw) / (n / bw);
}'
