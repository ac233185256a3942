#!/usr/bin/env bash
# Runs every test of DroneDispatch: installs what the tests need when it is missing (Debian's
# nginx for the load-balancer test, chromium for the dashboard's browser test), then `mvn verify`
# (unit, property, TopologyTestDriver, real-Kafka, real-KV, nginx, browser and end-to-end tests,
# plus the style check). Extra arguments go to Maven, e.g. `./test.sh -pl kv-service -am`.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${missing[*]} from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "test.sh: ${missing[*]} missing and not root: the tests that need them will fail" >&2
  fi
fi

exec mvn -B verify "$@"
