#!/usr/bin/env bash
# Measures the KV service (GET, PUT, CAS and read-then-CAS through the coordinator, 1/8/32
# closed-loop clients) and runs the same CAS workloads against etcd (Debian's etcd-server,
# installed here if missing) on this machine in the same run. Prints Markdown tables; appends them to kv-service/BENCHMARKS.md
# when --record is given.
#
#   kv-service/bench/run-bench.sh [--seconds=N] [--record]
set -euo pipefail

SECONDS_PER_CELL=10
RECORD=0
for a in "$@"; do
  case "$a" in
    --seconds=*) SECONDS_PER_CELL="${a#--seconds=}" ;;
    --record) RECORD=1 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl kv-service/kv-bench -am
CP_FILE="$(mktemp)"
mvn -B -q -pl kv-service/kv-bench dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="kv-service/kv-bench/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
JAVA_OPTS=(-Xmx1g -Dlogback.configurationFile=kv-logback.xml)
LOAD=dev.dronedispatch.kv.bench.KvLoadTool
OUT="$(mktemp)"

{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Command: \`kv-service/bench/run-bench.sh --seconds=$SECONDS_PER_CELL\`"
  echo
  echo "### KV service (3 nodes + coordinator in one JVM with the load tool, WAL fsync on)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=get,put,cas,read-cas --clients=1,8,32 \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep -v '^20' | tee -a "$OUT"
{
  echo
  echo "### KV service, one hot key (all clients CAS the same key)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=cas --clients=8,32 --hot=true \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep -v '^20' | grep '^|' | tee -a "$OUT"
{
  echo
  echo "### Cost of the WAL fsync: the same PUT and CAS with SYNC_WRITES=false"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=put,cas --clients=1,32 --sync=false \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep -v '^20' | grep '^|' | tee -a "$OUT"

{
  echo
  echo "### Cost of the WAL fsync on one node's store alone (no HTTP): WalSyncCost"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.dronedispatch.kv.bench.WalSyncCost \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^|' | tee -a "$OUT"

{
  echo
  echo "### What one HTTP exchange costs the client: HttpClientCost (trivial GET, minimal server)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.dronedispatch.kv.bench.HttpClientCost \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^|' | tee -a "$OUT"

# ---- etcd, same machine, same run
if ! command -v etcd >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq etcd-server >/dev/null
fi
ETCD_DIR="$(mktemp -d)"
ETCD_PORT=23790
etcd --data-dir "$ETCD_DIR" --name bench \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:23800" --initial-advertise-peer-urls "http://127.0.0.1:23800" \
  --initial-cluster "bench=http://127.0.0.1:23800" >"$ETCD_DIR.log" 2>&1 &
ETCD_PID=$!
trap 'kill "$ETCD_PID" 2>/dev/null || true; wait "$ETCD_PID" 2>/dev/null || true; rm -rf "$ETCD_DIR" "$ETCD_DIR.log"' EXIT
for _ in $(seq 1 100); do
  if curl -sf "http://127.0.0.1:$ETCD_PORT/health" >/dev/null; then break; fi
  sleep 0.1
done
{
  echo
  echo "### etcd $(etcd --version | head -1 | awk '{print $3}') (single member, same machine): the same CAS workloads"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --target=etcd --url="http://127.0.0.1:$ETCD_PORT" \
  --clients=1,8,32 --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^|' | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --target=etcd --url="http://127.0.0.1:$ETCD_PORT" \
  --ops=cas --clients=8,32 --hot=true --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^| etcd' | tee -a "$OUT"

if [ "$RECORD" = "1" ]; then
  { echo; cat "$OUT"; } >>kv-service/BENCHMARKS.md
fi
rm -f "$OUT"
