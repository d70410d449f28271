#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds nxs and its tests (release preset) and runs the whole ctest suite.
# Then prints the WYCHEPROOF / LIMBO summary lines the test programs wrote, so they show in CI output.
# Exits non-zero if the build or any test fails. Extra arguments go to ctest (e.g. -L cli).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs="${NXS_JOBS:-$(nproc)}"
build=build/release
./scripts/setup.sh
if [[ ! -d ../shared/spec ]]; then
    echo "test: ../shared (spec/, vectors/) is not beside this checkout; the table and vector tests will fail" >&2
fi
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"

status=0
ctest --preset release -j "$jobs" "$@" || status=$?

log="$build/Testing/Temporary/LastTest.log"
if [[ -f "$log" ]]; then
    # Not anchored: a test's stderr line can land in the middle of its stdout in the log.
    summary="$(grep -ohE '(WYCHEPROOF [^ ]+|LIMBO)( [a-z]+=[0-9]+)+' "$log" | sort -u || true)"
    if [[ -n "$summary" ]]; then
        echo
        echo "== vector summaries (from $log) =="
        echo "$summary"
    fi
fi
exit "$status"
