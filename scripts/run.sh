#!/usr/bin/env bash
# The system's main job on the embedded defaults: sets up the machine, starts on free ports the dev Kafka cluster
# (librdkafka's mock cluster with every topic), redis-server, the paper exchange, the fake Telegram and every
# service as its own process, then runs the demo through the public HTTP endpoints and prints its summary.
#   scripts/run.sh          leave everything running afterwards (Ctrl+C stops it all)
#   scripts/run.sh --exit   stop everything and exit once the demo has printed its summary
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

exit_when_done=false
for argument in "$@"; do
  case "$argument" in
    --exit) exit_when_done=true ;;
    *) echo "usage: scripts/run.sh [--exit]" >&2; exit 2 ;;
  esac
done

scripts/setup.sh

state="$root/.run"
mkdir -p "$state"
pids=()
cleanup() {
  # Services first, so that they commit and close while Kafka and Redis are still there (pids 0 and 1 are the dev
  # cluster and redis-server, started first); then those two.
  local services=("${pids[@]:2}")
  if ((${#services[@]} > 0)); then
    kill "${services[@]}" 2>/dev/null || true
    wait "${services[@]}" 2>/dev/null || true
  fi
  if ((${#pids[@]} > 0)); then kill "${pids[@]:0:2}" 2>/dev/null || true; fi
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_for_file() {
  for _ in $(seq 1 600); do [[ -s "$1" ]] && return 0; sleep 0.1; done
  echo "run.sh: $2 did not start; see $3" >&2; exit 1
}

rm -f "$state/bootstrap.txt"
scripts/dev-kafka.sh --bootstrap-file "$state/bootstrap.txt" >"$state/dev-kafka.log" 2>&1 &
pids+=($!)
wait_for_file "$state/bootstrap.txt" "the dev Kafka cluster" "$state/dev-kafka.log"
bootstrap="$(cat "$state/bootstrap.txt")"

redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$state/redis.log" 2>&1 &
pids+=($!)

wait_for_http() {
  for _ in $(seq 1 600); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "run.sh: $2 did not become healthy; see $3" >&2; exit 1
}

# start_service NAME PROJECT-FOLDER PORT [KEY=VALUE ...]: runs a service's Release build on 127.0.0.1:PORT.
start_service() {
  local name="$1" project="$2" port="$3"; shift 3
  local dll="$root/$project/bin/Release/net10.0/$(basename "$project").dll"
  env ASPNETCORE_URLS="http://127.0.0.1:$port" "$@" dotnet "$dll" --urls "http://127.0.0.1:$port" >"$state/$name.log" 2>&1 &
  pids+=($!)
  wait_for_http "http://127.0.0.1:$port/health/live" "$name" "$state/$name.log"
}

users=50
binance_users=2
master_key="$(head -c 32 /dev/urandom | base64)"

# The paper exchange holds the executor's paper account and stands in for Binance for the demo's "real" users.
paper_port="$(free_port)"
paper_url="http://127.0.0.1:$paper_port"
paper_accounts=(PaperExchange__Accounts__0__ApiKey=paper-demo-key PaperExchange__Accounts__0__ApiSecret=paper-demo-secret
  PaperExchange__Accounts__0__Balances__USDT=100000000)
for ((i = 0; i < binance_users; i++)); do
  paper_accounts+=("PaperExchange__Accounts__$((i + 1))__ApiKey=demo-binance-key-$i" "PaperExchange__Accounts__$((i + 1))__ApiSecret=demo-binance-secret-$i"
    "PaperExchange__Accounts__$((i + 1))__Balances__USDT=100000")
done
start_service paper-exchange services/SignalStreams.PaperExchange "$paper_port" "${paper_accounts[@]}"

kafka_env=(Kafka__BootstrapServers="$bootstrap" Kafka__Provisioning=Verify Redis__Configuration="127.0.0.1:$redis_port")
# Every service runs on Streamiz. The dev cluster's profile (the same keys as the tests' TestStreams.DevClusterProfile;
# docs/configuration.md says why and what a real cluster keeps instead):
# - the mock frees a departed group member only after its session timeout: 6 s instead of 45 s makes a restarted
#   service get its partitions back in seconds (ENVIRONMENT.md);
# - the mock holds an empty fetch for the whole fetch.wait.max.ms (500 ms by default) even when records arrive
#   meanwhile, at every hop of the pipeline: 5 ms;
# - producers send after linger.ms 1 instead of 5, and a stream thread polls for 2 ms instead of 10 before it
#   processes and punctuates (the executor takes the exchange's answers in punctuations);
# - RocksDB state under .run/state/<service>.
streams_env() {
  echo "Streams__Consumer__session.timeout.ms=6000" "Streams__Consumer__heartbeat.interval.ms=1000" \
    "Streams__Consumer__fetch.wait.max.ms=5" "Streams__Producer__linger.ms=1" "Streams__PollMs=2" \
    "Streams__StateDir=$state/state/$1"
}
router_port="$(free_port)"
# shellcheck disable=SC2046 # streams_env's KEY=VALUE words are meant to split
start_service signal-router services/SignalStreams.SignalRouter "$router_port" "${kafka_env[@]}" $(streams_env signal-router)
executor_port="$(free_port)"
# shellcheck disable=SC2046
start_service signal-executor services/SignalStreams.SignalExecutor "$executor_port" "${kafka_env[@]}" $(streams_env signal-executor) \
  Secrets__MasterKey="$master_key" Exchange__Paper__BaseUrl="$paper_url" \
  Exchange__Paper__ApiKey=paper-demo-key Exchange__Paper__ApiSecret=paper-demo-secret \
  Exchange__Binance__SpotBaseUrl="$paper_url" Exchange__Binance__FuturesBaseUrl="$paper_url"

# The fake Telegram stands in for the Bot API; mt5-ingest turns MT5 position events into signals and messages.
telegram_port="$(free_port)"
telegram_token="123456789:DEMO-fake-telegram-token"
telegram_chat="-1001000000001"
start_service fake-telegram tools/SignalStreams.FakeTelegram "$telegram_port" \
  FakeTelegram__BotToken="$telegram_token" FakeTelegram__ChatIds__0="$telegram_chat"
mt5_port="$(free_port)"
mt5_secret="$(head -c 24 /dev/urandom | base64)"
# shellcheck disable=SC2046
start_service mt5-ingest services/SignalStreams.Mt5Ingest "$mt5_port" "${kafka_env[@]}" $(streams_env mt5-ingest) \
  Telegram__BaseUrl="http://127.0.0.1:$telegram_port" Telegram__BotToken="$telegram_token" Telegram__ChatId="$telegram_chat" \
  Mt5__WebhookSecret="$mt5_secret" Mt5__EditIntervalSeconds=1 \
  Mt5__SymbolMap__BTCUSDr=BTCUSDT Mt5__SymbolMap__ETHUSDr=ETHUSDT Mt5__SymbolMap__XAUUSDr=XAUUSDT

api_port="$(free_port)"
admin_token="demo-admin-$(head -c 12 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
# shellcheck disable=SC2046
start_service signal-api services/SignalStreams.SignalApi "$api_port" "${kafka_env[@]}" $(streams_env signal-api) \
  Secrets__MasterKey="$master_key" Auth__Tokens__0__Token="$admin_token" Auth__Tokens__0__Role=admin

for service in signal-router:$router_port signal-executor:$executor_port mt5-ingest:$mt5_port signal-api:$api_port; do
  wait_for_http "http://127.0.0.1:${service#*:}/health/ready" "${service%%:*} (ready)" "$state/${service%%:*}.log"
done

echo "Kafka (dev cluster): $bootstrap"
echo "Redis:               127.0.0.1:$redis_port"
echo "Paper exchange:      $paper_url   (orders: /admin/orders)"
echo "signal-api:          http://127.0.0.1:$api_port   (Authorization: Bearer $admin_token)"
echo "mt5-ingest:          http://127.0.0.1:$mt5_port/api/mt5/events"
echo "signal-router:       http://127.0.0.1:$router_port/metrics"
echo "signal-executor:     http://127.0.0.1:$executor_port/metrics"
echo "fake Telegram:       http://127.0.0.1:$telegram_port/admin/messages"
echo "logs:                $state/*.log"
echo

dotnet "$root/tools/SignalStreams.Demo/bin/Release/net10.0/SignalStreams.Demo.dll" \
  --api "http://127.0.0.1:$api_port/" --admin-token "$admin_token" \
  --mt5 "http://127.0.0.1:$mt5_port/" --mt5-secret "$mt5_secret" \
  --paper "$paper_url/" --telegram "http://127.0.0.1:$telegram_port/" \
  --users "$users" --binance-users "$binance_users"

if [[ "$exit_when_done" == true ]]; then
  exit 0
fi
echo
echo "The system keeps running. Inspect it with: kcat -b $bootstrap -L   (Ctrl+C stops everything)"
wait
