#!/usr/bin/env bash
# Installs what signal-streams needs on a fresh Debian 12 machine with the .NET SDK, then builds the solution.
#   scripts/setup.sh             librdkafka (Kafka client + dev cluster), redis-server, kcat
#   scripts/setup.sh --for-tests also docker-compose, yamllint and PyYAML, which the deployment checks use, and ccxt
#                                (pinned by its package-lock.json) in tests/SignalStreams.Exchange.Tests/Ccxt for the
#                                independent-client exercise of the paper exchange
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(librdkafka-dev redis-server kcat curl)
if [[ "${1:-}" == "--for-tests" ]]; then
  packages+=(docker-compose yamllint python3-yaml)
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
  ccxt_dir="tests/SignalStreams.Exchange.Tests/Ccxt"
  if ! command -v npm >/dev/null; then
    echo "setup: Node.js and npm are needed for $ccxt_dir (the ccxt exercise of the paper exchange)." >&2
    exit 1
  fi
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
