#!/usr/bin/env bash
# Measures the KV service (GET, PUT, CAS and read-then-CAS through the coordinator, 1/8/32
# closed-loop clients; batches of 1/16/128 operations; the HTTP API without the Java client, with
# wrk, against the KV run as separate processes) and runs the same CAS workloads against etcd
# (Debian's etcd-server and wrk, installed here if missing) on this machine in the same run. Every
# server listens on 127.0.0.1 only; every cell is bounded in time. Prints Markdown tables; appends
# them to kv-service/BENCHMARKS.md when --record is given.
#
#   kv-service/bench/run-bench.sh [--seconds=N] [--repeat=N] [--parts=kv,two,hot,nosync,wal,http,batch,plain,etcd] [--skip-build] [--record]
#
# --repeat: runs per cell; the run of median ok ops/s is printed, with every run's figure.
# --skip-build: use the kv-service modules as built and installed already (offline).
set -euo pipefail

SECONDS_PER_CELL=10
REPEAT=1
PARTS=kv,two,hot,nosync,wal,http,batch,plain,etcd
RECORD=0
BUILD=1
for a in "$@"; do
  case "$a" in
    --seconds=*) SECONDS_PER_CELL="${a#--seconds=}" ;;
    --repeat=*) REPEAT="${a#--repeat=}" ;;
    --parts=*) PARTS="${a#--parts=}" ;;
    --record) RECORD=1 ;;
    --skip-build) BUILD=0 ;;
    *) echo "unknown argument $a" >&2; exit 2 ;;
  esac
done
part() { [[ ",$PARTS," == *",$1,"* ]]; }

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
MVN=(mvn -B -q)
if [ "$BUILD" = "1" ]; then
  "${MVN[@]}" install -DskipTests -pl kv-service/kv-bench -am
else
  MVN+=(-o)
  "${MVN[@]}" compile -pl kv-service/kv-bench
fi
CP_FILE="$(mktemp)"
"${MVN[@]}" -pl kv-service/kv-bench dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null
CP="kv-service/kv-bench/target/classes:$(cat "$CP_FILE")"
rm -f "$CP_FILE"
JAVA_OPTS=(-Xmx1g -Dlogback.configurationFile=kv-logback.xml)
LOAD=dev.dronedispatch.kv.bench.KvLoadTool
OUT="$(mktemp)"
SCRIPTS="$ROOT/kv-service/bench"
TMP_DIRS=()
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "${TMP_DIRS[@]}"
}
trap cleanup EXIT

install_if_missing() { # command, Debian package
  if ! command -v "$1" >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$2" >/dev/null
  fi
}

# wrk_cells LABEL SCRIPT URL TAG CLIENTS...: one table row per client count, the run of median
# ok/s of $REPEAT runs; a run's keys are <TAG><clients>-<run> (a GET cell reads the keys the CAS
# cell with the same TAG created)
wrk_cells() {
  local label=$1 script=$2 url=$3 tag=$4
  shift 4
  for clients in "$@"; do
    local runs=()
    for r in $(seq 1 "$REPEAT"); do
      local auth=()
      if [ "$tag" = kv ]; then auth=(-H "Authorization: Bearer $KV_AUTH_TOKEN"); fi
      runs+=("$(wrk -t"$clients" -c"$clients" -d"${SECONDS_PER_CELL}s" "${auth[@]}" -s "$script" "$url" \
        -- 100 "$tag$clients-$r" | grep '^RESULT')")
    done
    local median each
    median="$(printf '%s\n' "${runs[@]}" | sort -t= -k2 -n | sed -n "$(( (REPEAT + 1) / 2 ))p")"
    each="$(printf '%s\n' "${runs[@]}" | sed -E 's/.*ok\/s=([0-9]+).*/\1/' | paste -sd/ - | sed 's#/# / #g')"
    # RESULT ok/s=N p50_ms=N p99_ms=N refused=N errors=N
    echo "$median" | sed -E "s#RESULT ok/s=([0-9]+) p50_ms=([0-9.]+) p99_ms=([0-9.]+) refused=([0-9]+) errors=([0-9]+)#| $label | $clients | \1 | \2 | \3 | \4 | \5 | $each |#"
  done
}
WRK_HEADER="| op | clients | ok ops/s | p50 ms | p99 ms | refused | errors | ok ops/s of each run |
|---|---|---|---|---|---|---|---|"

{
  echo "## Run of $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "Command: \`kv-service/bench/run-bench.sh --seconds=$SECONDS_PER_CELL --repeat=$REPEAT --parts=$PARTS\`"
} | tee -a "$OUT"
if part kv; then
{
  echo
  echo "### KV service (3 nodes + coordinator in one JVM with the load tool, WAL fsync on)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=get,put,cas,read-cas --clients=1,8,32 \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep -v '^20' | tee -a "$OUT"
{
  echo
  echo "### The same cluster through a plain HTTP client instead of the Java client (PlainJsonHttp)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --target=kv-http --ops=get,cas --clients=1,32 \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep '^|' | tee -a "$OUT"
fi
if part two; then
{
  echo
  echo "### KV service with two coordinators (3 nodes + 2 coordinators in one JVM with the load tool; keys spread over one client per coordinator)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --coordinators=2 --ops=get,put,cas,read-cas --clients=1,8,32 \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep -v '^20' | grep '^|' | tee -a "$OUT"
fi
if part hot; then
{
  echo
  echo "### KV service, one hot key (all clients CAS the same key)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=cas --clients=8,32 --hot=true \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep -v '^20' | grep '^|' | tee -a "$OUT"
fi
if part nosync; then
{
  echo
  echo "### Cost of the WAL fsync: the same PUT and CAS with SYNC_WRITES=false"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --ops=put,cas --clients=1,32 --sync=false \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep -v '^20' | grep '^|' | tee -a "$OUT"
fi
if part wal; then
{
  echo
  echo "### Cost of the WAL fsync on one node's store alone (no HTTP): WalSyncCost"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.dronedispatch.kv.bench.WalSyncCost \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^|' | tee -a "$OUT"
fi
if part http; then
{
  echo
  echo "### What one HTTP exchange costs the client: HttpClientCost (trivial GET, minimal server)"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" dev.dronedispatch.kv.bench.HttpClientCost \
  --seconds="$SECONDS_PER_CELL" 2>/dev/null | grep '^|' | tee -a "$OUT"
fi

if part batch; then
{
  echo
  echo "### Batches (KvClient.batch, one POST /kv/batch per call): CAS by version and GET on distinct keys"
  echo
} | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --batch=1,16,128 --ops=cas,get --clients=1,8 \
  --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep '^|' | tee -a "$OUT"
fi

# ---- the HTTP API without the Java client, as a user of another language sees it: wrk (HTTP/1.1
# keep-alive, one connection per client) against 3 node processes and a coordinator process, as
# the launcher runs them
if part plain; then
install_if_missing wrk wrk
KV_DIR="$(mktemp -d)"
TMP_DIRS+=("$KV_DIR")
# the servers refuse to start without their credentials: fresh ones for this run
KV_AUTH_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
KV_NODE_TOKEN="$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
export KV_AUTH_TOKEN KV_NODE_TOKEN
BACKENDS=""
for i in 1 2 3; do
  java -Xmx256m -Dlogback.configurationFile=kv-logback.xml -cp "$CP" dev.dronedispatch.kv.node.NodeMain \
    --NODE_ID="n$i" --HOST=127.0.0.1 --PORT="2390$i" --DATA_DIR="$KV_DIR/n$i" >"$KV_DIR/n$i.log" 2>&1 &
  PIDS+=($!)
  BACKENDS="$BACKENDS${BACKENDS:+,}n$i=http://127.0.0.1:2390$i"
done
for i in 1 2 3; do
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:2390$i/health" >/dev/null && break; sleep 0.1; done
done
BACKENDS="$BACKENDS" java -Xmx256m -Dlogback.configurationFile=kv-logback.xml -cp "$CP" \
  dev.dronedispatch.kv.coordinator.CoordinatorMain --HOST=127.0.0.1 --PORT=23900 \
  --DATA_DIR="$KV_DIR/coordinator" >"$KV_DIR/coordinator.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do
  curl -sf http://127.0.0.1:23900/health | grep -q '"healthy":3' && break
  sleep 0.1
done
{
  echo
  echo "### The HTTP API without the Java client: wrk, HTTP/1.1 keep-alive, against 3 node processes and a coordinator process"
  echo
  echo "$WRK_HEADER"
} | tee -a "$OUT"
for c in 1 32; do
  wrk_cells "wrk CAS" "$SCRIPTS/wrk-kv-cas.lua" http://127.0.0.1:23900 kv "$c" | tee -a "$OUT"
  wrk_cells "wrk GET" "$SCRIPTS/wrk-kv-get.lua" http://127.0.0.1:23900 kv "$c" | tee -a "$OUT"
done
fi

# ---- etcd, same machine, same run
if part etcd; then
install_if_missing etcd etcd-server
install_if_missing wrk wrk
ETCD_DIR="$(mktemp -d)"
TMP_DIRS+=("$ETCD_DIR")
ETCD_PORT=23790
etcd --data-dir "$ETCD_DIR/data" --name bench \
  --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:23800" --initial-advertise-peer-urls "http://127.0.0.1:23800" \
  --initial-cluster "bench=http://127.0.0.1:23800" >"$ETCD_DIR/etcd.log" 2>&1 &
PIDS+=($!)
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
  --clients=1,8,32 --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep '^|' | tee -a "$OUT"
java "${JAVA_OPTS[@]}" -cp "$CP" "$LOAD" --target=etcd --url="http://127.0.0.1:$ETCD_PORT" \
  --ops=cas --clients=8,32 --hot=true --seconds="$SECONDS_PER_CELL" --repeat="$REPEAT" 2>/dev/null | grep '^| etcd' | tee -a "$OUT"
{
  echo
  echo "### etcd through wrk: the CAS of the plain-HTTP table above (txn on mod_revision)"
  echo
  echo "$WRK_HEADER"
} | tee -a "$OUT"
wrk_cells "wrk etcd CAS" "$SCRIPTS/wrk-etcd-cas.lua" "http://127.0.0.1:$ETCD_PORT" etcd 1 32 | tee -a "$OUT"
fi

if [ "$RECORD" = "1" ]; then
  { echo; cat "$OUT"; } >>kv-service/BENCHMARKS.md
fi
rm -f "$OUT"
