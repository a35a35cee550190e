#!/usr/bin/env bash
# Runs every test of CustomerStream. On a fresh Debian machine it first makes sure PostgreSQL is
# installed and running (as root), then builds in Release and runs all test projects.
set -euo pipefail
cd "$(dirname "$0")"

command -v dotnet >/dev/null || { echo "test.sh: the .NET 10 SDK is required (https://dot.net)"; exit 2; }

CS_POSTGRES="$(./scripts/ensure-postgres.sh | tail -n1)"
export CS_POSTGRES
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build CustomerStream.sln -c Release -nologo -clp:ErrorsOnly
dotnet test CustomerStream.sln -c Release --no-build -nologo --logger "console;verbosity=normal"
