#!/usr/bin/env bash
# Runs every test of CustomerStream. On a fresh Debian machine, as root, it first installs what the tests
# need (PostgreSQL via scripts/ensure-postgres.sh; RabbitMQ via scripts/ensure-rabbitmq.sh; python3-avro and
# python3-requests for the cross-language contract test; kcat for manual checks; stress-ng to load the cores in fault
# tests; kubectl, from kubernetes-client, for the deployment tests; chromium, the headless browser the console's page
# tests drive), then builds in Release and runs every test project of the solution.
# Fails when a test fails, and also when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (https://dot.net)" >&2; exit 2; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

install_missing_packages() {
  local wanted=(python3-avro python3-requests kcat stress-ng) missing=() package
  # The deployment tests render deploy/kubernetes with `kubectl kustomize`; Debian's kubernetes-client has it.
  command -v kubectl >/dev/null || wanted+=(kubernetes-client)
  # The console's browser tests drive Debian's Chromium through Playwright (Playwright's own browser download
  # does not work everywhere; a system Chromium does).
  command -v chromium >/dev/null || wanted+=(chromium)
  command -v dpkg-query >/dev/null || { echo "test.sh: not Debian; make sure ${wanted[*]} are installed" >&2; return; }
  for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
  (( ${#missing[@]} )) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    echo "test.sh: missing ${missing[*]}; tests that use them will fail. Install: sudo apt-get install -y ${missing[*]}" >&2
    return
  fi
  echo "test.sh: installing ${missing[*]} (first run only)"
  local log
  log=$(mktemp)
  if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "test.sh: apt-get could not install ${missing[*]}" >&2
    exit 2
  fi
  rm -f "$log"
}

install_missing_packages
CS_POSTGRES="$(./scripts/ensure-postgres.sh | tail -n1)"
export CS_POSTGRES
# CS_TEST_RABBITMQ, not CS_RABBITMQ: the latter would make every `up` a test starts run the bridge too.
CS_TEST_RABBITMQ="$(./scripts/ensure-rabbitmq.sh | tail -n1)"
export CS_TEST_RABBITMQ

dotnet build CustomerStream.sln -c Release -nologo -clp:ErrorsOnly

output=$(mktemp)
trap 'rm -f "$output"' EXIT
set +e
dotnet test CustomerStream.sln -c Release --no-build -nologo --blame-hang-timeout 5m \
  --logger "console;verbosity=normal" 2>&1 | tee "$output"
result=${PIPESTATUS[0]}
set -e

# One "Total tests: N" block per test project.
ran=$(grep -oE 'Total tests: [0-9]+' "$output" | awk '{n += $3} END {print n + 0}')
projects=$(grep -cE 'Total tests: [0-9]+' "$output" || true)
if (( ran == 0 )); then
  echo "test.sh: FAILED: no test ran" >&2
  exit 1
fi
if (( result != 0 )); then
  echo "test.sh: FAILED ($ran tests ran in $projects projects; see the failures above)" >&2
  exit "$result"
fi
echo "test.sh: all $ran tests passed in $projects test projects"
