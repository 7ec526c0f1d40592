#!/usr/bin/env bash
# Installs what signal-streams needs on a fresh Debian 12 machine with the .NET SDK, then builds the solution.
#   scripts/setup.sh             redis-server, kcat (an independent Kafka client for checks), curl
#   scripts/setup.sh --for-tests also docker-compose, yamllint, PyYAML and prometheus (promtool), which the deployment
#                                checks use; chromium (the reference pages' browser check); and, with npm, two
#                                project-local installs pinned by their package-lock.json: the OpenAPI validator in
#                                tests/tools/openapi-validator and ccxt in tests/SignalStreams.Exchange.Tests/Ccxt (the
#                                independent-client exercise of the paper exchange)
# Nothing Kafka-related of the project comes from apt: the Kafka client and the dev cluster (librdkafka's mock) run
# on librdkafka from the librdkafka.redist NuGet package, loaded by libs/SignalStreams.Kafka's KafkaNativeLibrary.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(redis-server kcat curl)
if [[ "${1:-}" == "--for-tests" ]]; then
  packages+=(docker-compose yamllint python3-yaml prometheus chromium)
  # Node.js usually comes with npm (NodeSource); Debian's own packages only where there is none.
  command -v npm >/dev/null || packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET SDK (dotnet) is not on PATH; install .NET SDK 10 first." >&2
  exit 1
fi

if [[ "${1:-}" == "--for-tests" ]]; then
  if ! command -v npm >/dev/null; then
    echo "setup: Node.js and npm are needed for the OpenAPI validator and the ccxt exercise of the paper exchange." >&2
    exit 1
  fi
  validator="tests/tools/openapi-validator"
  if [[ ! -d "$validator/node_modules/@apidevtools/swagger-parser" ]]; then
    echo "setup: installing the OpenAPI validator (npm ci in $validator)" >&2
    npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >/dev/null
  fi
  ccxt_dir="tests/SignalStreams.Exchange.Tests/Ccxt"
  wanted=$(node -p "require('./$ccxt_dir/package.json').dependencies.ccxt")
  installed=$(node -p "require('./$ccxt_dir/node_modules/ccxt/package.json').version" 2>/dev/null || true)
  if [[ "$installed" != "$wanted" ]]; then
    echo "setup: installing ccxt into $ccxt_dir" >&2
    # Install scripts only build optional native WebSocket accelerators, which ccxt does without.
    npm ci --prefix "$ccxt_dir" --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null
  fi
fi

echo "setup: building signal-streams.sln (Release)" >&2
dotnet build signal-streams.sln -c Release -nologo -clp:"ErrorsOnly;NoSummary" -v:quiet
