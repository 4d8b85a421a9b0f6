#!/usr/bin/env bash
# scripts/bench/startup.sh [RUNS]: start-up cost of one DynamoDB call, ddbr against a peer in the same run.
#
# Runs against a private local-aws instance (dynalite), RUNS times each (default 15), interleaved:
#   ddbr            scripts/ddbr table list --names-only   (the launcher: CDS archive, C1 JIT, serial GC)
#   ddbr, no CDS    the same with DDBR_CDS=0
#   java -jar       plain java -jar target/ddbr.jar table list --names-only
#   aws cli         aws dynamodb list-tables (the peer operators compare with), when installed
# Prints the median wall time and CPU time (user+sys) of each, and ratios to the AWS CLI (or to java -jar).
# Wall time is noisy on a loaded 2-core machine; CPU time is the steadier figure.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$root"
runs=${1:-15}
state=$(mktemp -d "${TMPDIR:-/tmp}/ddbr-bench-startup.XXXXXX")
trap 'scripts/local-aws stop --state-dir "$state" >/dev/null 2>&1 || true; rm -rf "$state"' EXIT

[ -f target/ddbr.jar ] || mvn -B -q -DskipTests package
scripts/local-aws start --state-dir "$state" >/dev/null
# shellcheck disable=SC1091
. "$state/env"
scripts/ddbr --version >/dev/null   # records the CDS archive once

declare -A cmd=(
  [ddbr]="scripts/ddbr table list --names-only"
  [ddbr-no-cds]="env DDBR_CDS=0 scripts/ddbr table list --names-only"
  [java-jar]="java -jar target/ddbr.jar table list --names-only"
)
order=(ddbr ddbr-no-cds java-jar)
if command -v aws >/dev/null 2>&1; then
  cmd[aws-cli]="aws dynamodb list-tables --endpoint-url $AWS_ENDPOINT_URL_DYNAMODB --region $AWS_REGION --output text"
  order+=(aws-cli)
fi

declare -A wall cpu
for ((i = 0; i < runs; i++)); do
  for k in "${order[@]}"; do
    /usr/bin/time -o "$state/t" -f '%e %U %S' ${cmd[$k]} >/dev/null 2>&1
    read -r w u s <"$state/t"
    wall[$k]+="$w "
    cpu[$k]+="$(echo "$u + $s" | bc) "
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
peer=${order[-1]}
pw=$(echo "${wall[$peer]}" | median); pc=$(echo "${cpu[$peer]}" | median)
printf '%-12s %10s %10s %12s %12s\n' command wall_s cpu_s wall/$peer cpu/$peer
for k in "${order[@]}"; do
  w=$(echo "${wall[$k]}" | median); c=$(echo "${cpu[$k]}" | median)
  printf '%-12s %10.3f %10.3f %12.2f %12.2f\n' "$k" "$w" "$c" "$(echo "$w / $pw" | bc -l)" "$(echo "$c / $pc" | bc -l)"
done
echo "($runs runs each, interleaved; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
