#!/usr/bin/env bash
# Runs the whole DroneDispatch system locally on the embedded default: builds what is needed,
# then starts a real Kafka broker (KRaft, from the Maven artifacts), the topics and every service.
# Options go to the launcher: ./run.sh --help
set -euo pipefail
cd "$(dirname "$0")"
launcher=infra/launcher/target/dronedispatch-launcher-exec.jar

# help and version only need the launcher: answer at once, building it only when missing or stale
wants_help_only() {
  for arg in "$@"; do
    case "$arg" in -h | --help | -V | --version) return 0 ;; esac
  done
  return 1
}

if wants_help_only "$@"; then
  if [ ! -f "$launcher" ] \
    || [ -n "$(find infra/launcher/pom.xml infra/launcher/src/main -newer "$launcher" -print -quit)" ]; then
    echo "[run.sh] building the launcher" >&2
    mvn -B -q install -DskipTests -Dspotless.check.skip=true -pl infra/launcher -am >&2
  fi
else
  echo "[run.sh] building (the first run downloads dependencies from Maven Central)"
  mvn -B -q install -DskipTests -Dspotless.check.skip=true
fi

# colour only for a person at a terminal who did not set NO_COLOR
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then tty=true; else tty=false; fi
exec java -Ddronedispatch.stdout.tty="$tty" -jar "$launcher" --home "$PWD" "$@"
