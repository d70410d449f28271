#!/usr/bin/env bash
# Style gate: clang-format (dry run, any difference fails) and clang-tidy (.clang-tidy, warnings are errors).
# usage: scripts/lint.sh [PATH...]      default PATHs: src tools fuzz tests bench (clang-format also checks include)
# clang-tidy reads compile_commands.json of the clang preset (build/clang), configured here if it is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
root="$PWD"

jobs="${NXS_JOBS:-$(nproc)}"
if [[ $# -gt 0 ]]; then
    format_paths=("$@")
    tidy_paths=("$@")
else
    format_paths=(src include tools tests fuzz bench)
    tidy_paths=(src tools fuzz tests bench)
fi

echo "== clang-format --dry-run -Werror"
mapfile -t sources < <(git ls-files -co --exclude-standard -- "${format_paths[@]}" | grep -E '\.(cpp|h)$' || true)
status=0
if [[ ${#sources[@]} -gt 0 ]]; then
    clang-format --dry-run -Werror "${sources[@]}" || status=1
fi

echo "== clang-tidy"
if [[ ! -f build/clang/compile_commands.json ]]; then
    cmake --preset clang >/dev/null
fi
# Sources are only in the compile database once CMake has globbed them; reconfigure so new files are seen.
cmake build/clang >/dev/null
# A directory stands for the .cpp files under it, a file for itself (headers are checked through the sources that
# include them).
patterns=()
for path in "${tidy_paths[@]}"; do
    path="${path%/}"
    if [[ -d "$path" ]]; then
        patterns+=("$path/.*\\.cpp")
    elif [[ "$path" == *.cpp ]]; then
        patterns+=("${path//./\\.}")
    fi
done
if [[ ${#patterns[@]} -eq 0 ]]; then
    echo "(no .cpp files among the paths: clang-tidy has nothing to check)"
    patterns=("nothing-to-check^")
fi
regex="$root/($(IFS='|'; echo "${patterns[*]}"))\$"
run-clang-tidy-14 -p build/clang -j "$jobs" -quiet "$regex" >/tmp/nxs-lint.$$ 2>&1 || status=1
sed -e 's/\x1b\[[0-9;]*m//g' /tmp/nxs-lint.$$ | grep -E 'warning:|error:' -A3 || true
rm -f /tmp/nxs-lint.$$

if [[ $status -ne 0 ]]; then
    echo "lint: FAILED" >&2
else
    echo "lint: clean"
fi
exit "$status"
