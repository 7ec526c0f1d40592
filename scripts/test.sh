#!/usr/bin/env bash
# Sets up a fresh machine (scripts/setup.sh --for-tests) and runs the whole test suite against the embedded
# infrastructure: each test collection starts its own mock Kafka cluster and redis-server on free ports.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --for-tests

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

status=0
# Test assemblies run one after another: on two cores, parallel consumer-group tests mostly measure contention.
dotnet test signal-streams.sln -c Release --no-build -nologo -m:1 \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 8m "$@" || status=$?

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
