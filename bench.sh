#!/usr/bin/env bash
# Whole-system benchmarks, not part of the test suite. Each starts the local system it needs on
# free loopback ports, runs bounded, stops it, and ends with one summary line.
#   ./bench.sh dispatch --rate 250 --seconds 60 --drones 2000 [--instances 2] [--jfr]
#   ./bench.sh ingest --rate 5000 --seconds 30 [--gateways 1|3] [--jfr]
#   (dispatch and ingest take --runs 3: three runs on fresh systems, then the median line)
#   ./bench.sh demo [--minutes 15] [--order-load 1]
#   ./bench.sh chaos --minutes 10 [--min-faults 3] [--rate 10] [--drones 300] [--settle-minutes 5]
#   ./bench.sh --help
# Builds the project first unless BENCH_NO_BUILD=1 (the jars must then be built already).
set -euo pipefail
cd "$(dirname "$0")"
if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  echo "[bench.sh] building"
  mvn -B -q install -DskipTests -Dspotless.check.skip=true
fi
exec java -jar infra/bench/target/dronedispatch-bench-exec.jar "$@"
