#!/usr/bin/env bash
# Runs the operator commands (infra/ops-cli): ./ops.sh explain <delivery-id>, ./ops.sh rerun --since
# 10m, ./ops.sh slo, replay, audit; ./ops.sh --help lists them. Builds the tool first when its jar is
# missing or older than its sources or those of the modules it runs (the dispatch topology, the
# model, the checking kit). Build progress goes to stderr, so stdout is the command's alone.
set -euo pipefail
cd "$(dirname "$0")"
jar=infra/ops-cli/target/dronedispatch-ops-exec.jar
sources=(pom.xml infra/ops-cli infra/checking dispatch-streams kv-service/kv-client kv-service/kv-testkit)

if [ ! -f "$jar" ] || [ -n "$(find "${sources[@]}" -path '*/target' -prune -o -newer "$jar" \
  \( -name '*.java' -o -name 'pom.xml' -o -name '*.properties' -o -name '*.xml' \) -print -quit)" ]; then
  echo "[ops.sh] building the ops tool" >&2
  mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl infra/ops-cli -am >&2
fi
exec java -jar "$jar" "$@"
