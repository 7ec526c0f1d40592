#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh --for-tests) and runs the whole test suite against the embedded
# infrastructure: each test collection starts its own mock Kafka cluster and redis-server on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --for-tests

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# Two lanes of test assemblies run side by side, each assembly after the other within its lane. Nearly all the
# suite's time is waiting (group joins, session timeouts, edit intervals, exchanges that hang on purpose), not CPU:
# measured on 2 cores, one lane took 19 min, two take about half. The broker-heavy fault tests and the executor's
# behaviour tests share a lane, so at most one fan-out of thousands of users runs at a time. Each lane's console
# output goes to its own log (printed when the lane ends) so the two do not interleave.
# Balanced by measured time (fresh clone, 2 cores): the heavy lane's two assemblies took 8.6 min, the rest 10.7; the
# short infrastructure suites follow them in the heavy lane, so both lanes end near 9.7 min.
heavy=(tests/SignalStreams.Execution.FaultTests/SignalStreams.Execution.FaultTests.csproj
       tests/SignalStreams.Execution.Tests/SignalStreams.Execution.Tests.csproj
       tests/SignalStreams.Deployment.Tests/SignalStreams.Deployment.Tests.csproj
       tests/SignalStreams.Kafka.Tests/SignalStreams.Kafka.Tests.csproj
       tests/SignalStreams.Hosting.Tests/SignalStreams.Hosting.Tests.csproj
       tests/SignalStreams.Executor.UnitTests/SignalStreams.Executor.UnitTests.csproj)
light=()
for project in tests/*/*Tests.csproj; do
  [[ " ${heavy[*]} " == *" $project "* ]] || light+=("$project")
done

lane() {
  local log="$1"; shift
  local rc=0 project
  for project in "${projects[@]}"; do
    dotnet test "$project" -c Release --no-build -nologo \
      --logger "trx;LogFileName=$(basename "$project" .csproj).trx" --logger "console;verbosity=normal" \
      --results-directory "$results" --blame-hang-timeout 8m "$@" >>"$log" 2>&1 || rc=1
  done
  return "$rc"
}

status=0
projects=("${heavy[@]}"); lane "$results/lane-heavy.log" "$@" & heavy_pid=$!
projects=("${light[@]}"); lane "$results/lane-light.log" "$@" & light_pid=$!
wait "$light_pid" || status=1
cat "$results/lane-light.log"
wait "$heavy_pid" || status=1
cat "$results/lane-heavy.log"

# One plain closing line over every assembly's results.
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures = []
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
    # The failed tests' names and first message lines come last, where a truncated CI log still shows them.
    for result in ET.parse(path).getroot().iterfind(".//t:UnitTestResult", ns):
        if result.get("outcome") not in ("Passed", "NotExecuted"):
            message = result.find("t:Output/t:ErrorInfo/t:Message", ns)
            first = (message.text or "").strip().splitlines()[0][:300] if message is not None and message.text else ""
            failures.append(f"FAILED {result.get('testName')} ({result.get('duration')}): {first}")
for line in failures:
    print(line)
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY

if [[ "$status" -eq 0 ]]; then
  echo "scripts/test.sh: all tests passed" >&2
fi
exit "$status"
