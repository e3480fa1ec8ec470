#!/bin/bash
# Runs the test suite of $BUILD (default build/) with meson test, then
# prints one closing line "N passed, N failed[, N skipped]" counted from
# meson's testlog.json, and exits with meson test's status.
#   tools/run-tests.sh [MESON TEST ARGS...]     e.g. --suite tools
set -uo pipefail
source "$(dirname "$0")/lib.sh"

log=$BUILD/meson-logs/testlog.json
rm -f "$log"
meson test -C "$BUILD" --print-errorlogs "$@"
status=$?

# Expected failures count as passed, unexpected passes as failed.
python3 - "$log" "$status" <<'PY'
import json, os, sys
log, status = sys.argv[1], int(sys.argv[2])
counts = {}
if os.path.exists(log):
    with open(log) as f:
        for line in f:
            if line.strip():
                result = json.loads(line)["result"]
                counts[result] = counts.get(result, 0) + 1
passed = counts.get("OK", 0) + counts.get("EXPECTEDFAIL", 0)
failed = sum(counts.get(r, 0) for r in ("FAIL", "UNEXPECTEDPASS", "TIMEOUT", "ERROR"))
skipped = counts.get("SKIP", 0)
if status != 0 and failed == 0:
    print(f"meson test exited with status {status} before any test failed (see above)")
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
PY
exit "$status"
