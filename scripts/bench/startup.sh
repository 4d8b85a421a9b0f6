#!/usr/bin/env bash
# scripts/bench/startup.sh [RUNS]: start-up cost, ddbr against the AWS CLI in the same run.
#
# Runs against a private local-aws instance (dynalite), RUNS times each (default 15), interleaved:
#   version         scripts/ddbr --version                  peer: aws --version
#   help            scripts/ddbr --help                     peer: aws --version
#   describe        scripts/ddbr table describe bench       peer: aws dynamodb describe-table
#   list            scripts/ddbr table list --names-only    peer: aws dynamodb list-tables
#   list-no-cds     the same with DDBR_CDS=0                peer: aws dynamodb list-tables
#   list-java-jar   plain java -jar target/ddbr.jar ...     peer: aws dynamodb list-tables
# (the launcher: CDS archive, C1 JIT, serial GC). Without the AWS CLI, only the ddbr rows are printed.
# Prints the median wall time and CPU time (user+sys) of each, and its ratios to its peer.
# BASE_ROOT=/other/checkout (with target/ddbr.jar built) adds base-version, base-help and base-describe:
# the same through that checkout's scripts/ddbr, to compare two launchers or jars in the same run.
# Wall time is noisy on a loaded 2-core machine; CPU time is the steadier figure. The load average is
# printed before and after.
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

if command -v aws >/dev/null 2>&1; then
  aws dynamodb create-table --endpoint-url "$AWS_ENDPOINT_URL_DYNAMODB" --region "$AWS_REGION" --table-name bench \
    --attribute-definitions AttributeName=pk,AttributeType=S --key-schema AttributeName=pk,KeyType=HASH \
    --billing-mode PAY_PER_REQUEST >/dev/null
fi
aws_ddb="aws dynamodb --endpoint-url $AWS_ENDPOINT_URL_DYNAMODB --region $AWS_REGION --output text"
declare -A cmd=(
  [version]="scripts/ddbr --version"
  [help]="scripts/ddbr --help"
  [describe]="scripts/ddbr table describe bench"
  [list]="scripts/ddbr table list --names-only"
  [list-no-cds]="env DDBR_CDS=0 scripts/ddbr table list --names-only"
  [list-java-jar]="java -jar target/ddbr.jar table list --names-only"
  [aws-version]="aws --version"
  [aws-describe]="$aws_ddb describe-table --table-name bench"
  [aws-list]="$aws_ddb list-tables"
)
declare -A peer=([version]=aws-version [help]=aws-version [describe]=aws-describe [list]=aws-list
  [list-no-cds]=aws-list [list-java-jar]=aws-list)
order=(version help describe list list-no-cds list-java-jar)
if [ -n "${BASE_ROOT:-}" ]; then
  "$BASE_ROOT/scripts/ddbr" --version >/dev/null   # its archive too
  cmd[base-version]="$BASE_ROOT/scripts/ddbr --version"
  cmd[base-help]="$BASE_ROOT/scripts/ddbr --help"
  cmd[base-describe]="$BASE_ROOT/scripts/ddbr table describe bench"
  peer+=([base-version]=aws-version [base-help]=aws-version [base-describe]=aws-describe)
  order=(version base-version help base-help describe base-describe "${order[@]:3}")
fi
have_aws=0
if command -v aws >/dev/null 2>&1; then
  have_aws=1
  order+=(aws-version aws-describe aws-list)
fi

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
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
printf '%-14s %8s %8s %-13s %10s %10s\n' command wall_s cpu_s peer wall/peer cpu/peer
for k in "${order[@]}"; do
  w=$(echo "${wall[$k]}" | median); c=$(echo "${cpu[$k]}" | median)
  p=${peer[$k]:-}
  if [ "$have_aws" = 1 ] && [ -n "$p" ]; then
    pw=$(echo "${wall[$p]}" | median); pc=$(echo "${cpu[$p]}" | median)
    printf '%-14s %8.3f %8.3f %-13s %10.2f %10.2f\n' "$k" "$w" "$c" "$p" "$(echo "$w / $pw" | bc -l)" "$(echo "$c / $pc" | bc -l)"
  else
    printf '%-14s %8.3f %8.3f\n' "$k" "$w" "$c"
  fi
done
echo "($runs runs each, interleaved; load average before: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg))"
