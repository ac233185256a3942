#!/usr/bin/env bash
# Runs the whole DroneDispatch system locally on the embedded default: builds what is needed,
# then starts a real Kafka broker (KRaft, from the Maven artifacts), the topics and every service.
# Options go to the launcher: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
echo "[run.sh] building (the first run downloads dependencies from Maven Central)"
mvn -B -q install -DskipTests -Dspotless.check.skip=true
exec java -jar infra/launcher/target/dronedispatch-launcher-exec.jar --home "$PWD" "$@"
