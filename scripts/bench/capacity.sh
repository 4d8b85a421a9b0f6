#!/usr/bin/env bash
# scripts/bench/capacity.sh [TABLES] [GSIS] [DAYS] [ROUNDS]: CPU of `capacity advise`'s analysis.
#
# 100 tables with 2 GSIs, 14 days at 1-minute resolution (defaults): every table/GSI and dimension simulated
# (recommended and today's auto scaling) and priced, in one JVM, best of ROUNDS (default 5) after a warm-up
# round. Prints CPU per table-day (target: at most 1 ms) and the GetMetricData calls AWS needs for the same
# history (500 queries a call, 100,800 points a page). The CloudWatch fetch is not timed here: it dominates and
# depends on the network.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
cd "$root"
[ -f target/ddbr.jar ] || mvn -B -q -DskipTests package
read -r tables tableDays cpuMs perTableDay calls < <(java -Xmx2g -cp target/ddbr.jar scripts/bench/CapacityBench.java \
  "${1:-100}" "${2:-2}" "${3:-14}" "${4:-5}")
echo "tables=$tables table-days=$tableDays cpu=${cpuMs}ms cpu-per-table-day=${perTableDay}ms (target <= 1 ms) getmetricdata-calls=$calls"
