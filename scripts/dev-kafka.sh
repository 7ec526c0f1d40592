#!/usr/bin/env bash
# Runs the dev Kafka cluster (librdkafka's mock cluster) with every contract topic created.
#   scripts/dev-kafka.sh [--brokers N] [--bootstrap-file PATH] [--topic-prefix P]
# Prints the bootstrap servers as its first line, writes them to PATH when given, serves until killed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
configuration="${SIGNAL_STREAMS_CONFIGURATION:-Release}"
dll="$root/tools/SignalStreams.DevKafka/bin/$configuration/net10.0/SignalStreams.DevKafka.dll"
if [[ ! -f "$dll" ]]; then
  dotnet build "$root/tools/SignalStreams.DevKafka" -c "$configuration" -nologo -clp:"ErrorsOnly;NoSummary" -v:quiet >&2
fi
exec dotnet "$dll" "$@"
