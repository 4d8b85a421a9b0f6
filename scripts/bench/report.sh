#!/usr/bin/env bash
# scripts/bench/report.sh: the size of a skew --report listing 10,000 keys and the time headless Chromium takes to
# open it (navigation to the load event), measured, not asserted. Target: under 2 MB, under a second.
#
# Usage: scripts/bench/report.sh [KEYS] [ROUNDS]      (defaults 10000 and 3; needs target/ddbr.jar, node, chromium)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd -P)
cd "$root"
keys=${1:-10000}
rounds=${2:-3}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$chromium" ] || { echo "report.sh: chromium is needed: apt-get install -y chromium" >&2; exit 1; }
[ -f target/ddbr.jar ] || { echo "report.sh: build first: mvn -B -o -q -DskipTests package" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
read -r n bytes render_ms < <(java -cp target/ddbr.jar scripts/bench/ReportSize.java "$keys" "$dir/report.html")
best=
for _ in $(seq "$rounds"); do
  ms=$(node src/test/resources/report/check-page.js "$chromium" "$dir/report.html" "$dir/shot.png" \
        | python3 -c 'import json,sys; d=json.load(sys.stdin); assert not d["consoleErrors"] and not d["requests"], d; print(round(d["loadMs"]))')
  if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
done
printf 'keys=%s bytes=%s (%.2f MB) render_ms=%s chromium_load_ms(best of %s)=%s\n' \
  "$n" "$bytes" "$(echo "$bytes / 1000000" | bc -l)" "$render_ms" "$rounds" "$best"
