#!/usr/bin/env bash
# Benchmark: ddbr skew export against the decompression floor (zcat) and a shell pipeline
# (zcat | jq | sort | uniq -c) on the same generated export, in the same run. Prints ratios.
#
# ddbr runs through scripts/ddbr, the launcher users run, with its JVM flags (for `skew export`: the
# tiered JIT, the serial GC, the CDS archive; no -Xmx). Extra flags: DDBR_JAVA_OPTS.
#
# usage: scripts/bench/skew-export.sh [ITEMS] [FILES] [DISTINCT_KEYS]     (default 2000000 4 200000)
# env:   BENCH_DIR (default /tmp/ddbr-bench-export), RUNS (default 5, best of), SKIP_JQ=1, KEEP=1 (reuse the export)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
items=${1:-2000000}; files=${2:-4}; distinct=${3:-200000}
dir=${BENCH_DIR:-/tmp/ddbr-bench-export}
runs=${RUNS:-5}
[ -f "$root/target/ddbr.jar" ] || (cd "$root" && mvn -B -q -o -DskipTests package)
if [ "${KEEP:-0}" = 1 ] && [ -f "$dir/export.path" ]; then
  export_dir=$(cat "$dir/export.path")
else
  rm -rf "$dir"
  echo "generating $items items in $files files, up to $distinct distinct keys ..." >&2
  export_dir=$(python3 "$root/scripts/bench/gen-export.py" "$dir" "$items" "$files" "$distinct")
  printf '%s\n' "$export_dir" > "$dir/export.path"
fi
echo "export: $export_dir ($(du -sh "$export_dir" | cut -f1) compressed), cores: $(nproc), load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

t() { # t LABEL CMD...: wall seconds, peak RSS (KB), user+sys CPU seconds of CMD
  local label=$1; shift
  /usr/bin/time -f "$label %e %M %U %S" "$@" 2>>"$dir/times" >/dev/null
}
: > "$dir/times"
cat "$export_dir"/data/*.json.gz > /dev/null   # warm the page cache
"$root/scripts/ddbr" --version >/dev/null       # the launcher's CDS archive, recorded once per build
for run in $(seq "$runs"); do
  # interleaved, so that both see the same machine
  t zcat sh -c "zcat '$export_dir'/data/*.json.gz > /dev/null"
  t ddbr "$root/scripts/ddbr" skew export "$export_dir" --key tenant --index by-status=status --max-key-share 1 -o json
done
if [ "${SKIP_JQ:-0}" != 1 ]; then
  t pipeline sh -c "zcat '$export_dir'/data/*.json.gz | jq -r '.Item.tenant.S' | sort | uniq -c | sort -rn | head -10"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# best of the runs for each; CPU is user+sys of that run
awk '{ if (!($1 in best) || $2 < best[$1]) { best[$1] = $2; rss[$1] = $3; cpu[$1] = $4 + $5 } }
     END {
       printf "%-10s %8s %8s %10s %8s\n", "tool", "wall_s", "cpu_s", "rss_MB", "vs_zcat";
       for (k in best) printf "%-10s %8.2f %8.2f %10.0f %8.2f\n", k, best[k], cpu[k], rss[k] / 1024, best[k] / best["zcat"];
     }' "$dir/times"
