#!/usr/bin/env bash
# Benchmark: ddbr skew export against the decompression floor (zcat) and a shell pipeline
# (zcat | jq | sort | uniq -c) on the same generated export, in the same run. Prints ratios.
#
# usage: scripts/bench/skew-export.sh [ITEMS] [FILES] [DISTINCT_KEYS]     (default 2000000 4 200000)
# env:   BENCH_DIR (default /tmp/ddbr-bench-export), DDBR_JAVA_OPTS (default -Xmx400m), SKIP_JQ=1
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
items=${1:-2000000}; files=${2:-4}; distinct=${3:-200000}
dir=${BENCH_DIR:-/tmp/ddbr-bench-export}
opts=${DDBR_JAVA_OPTS:--Xmx400m}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
rm -rf "$dir"
echo "generating $items items in $files files, up to $distinct distinct keys ..." >&2
export_dir=$(python3 "$root/scripts/bench/gen-export.py" "$dir" "$items" "$files" "$distinct")
echo "export: $export_dir ($(du -sh "$export_dir" | cut -f1) compressed), cores: $(nproc)" >&2

t() { # t LABEL CMD...: wall seconds and peak RSS (KB) of CMD
  local label=$1; shift
  /usr/bin/time -f "$label %e %M" "$@" 2>>"$dir/times" >/dev/null
}
: > "$dir/times"
cat "$export_dir"/data/*.json.gz > /dev/null   # warm the page cache
for run in 1 2 3; do
  t zcat sh -c "zcat '$export_dir'/data/*.json.gz > /dev/null"
  # shellcheck disable=SC2086
  t ddbr java $opts -jar "$root/target/ddbr.jar" skew export "$export_dir" --key tenant --index by-status=status --max-key-share 1 -o json
done
if [ "${SKIP_JQ:-0}" != 1 ]; then
  t pipeline sh -c "zcat '$export_dir'/data/*.json.gz | jq -r '.Item.tenant.S' | sort | uniq -c | sort -rn | head -10"
fi
# best of the runs for each
awk '{ if (!($1 in best) || $2 < best[$1]) { best[$1] = $2; rss[$1] = $3 } }
     END {
       printf "%-10s %8s %10s %8s\n", "tool", "wall_s", "rss_MB", "vs_zcat";
       for (k in best) printf "%-10s %8.2f %10.0f %8.2f\n", k, best[k], rss[k] / 1024, best[k] / best["zcat"];
     }' "$dir/times"
