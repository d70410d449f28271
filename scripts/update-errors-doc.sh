#!/usr/bin/env bash
# Rewrites the code table of docs/errors.md (between the BEGIN/END markers) from `nxs errors --markdown`.
# usage: scripts/update-errors-doc.sh [path/to/nxs]     (default: build/release/nxs)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nxs="${1:-$root/build/release/nxs}"
doc="$root/docs/errors.md"
begin='<!-- BEGIN nxs errors --markdown -->'
end='<!-- END nxs errors --markdown -->'

if [[ ! -x "$nxs" ]]; then
    echo "update-errors-doc: no nxs binary at $nxs (build it first, or pass its path)" >&2
    exit 1
fi
if ! grep -qxF -- "$begin" "$doc" || ! grep -qxF -- "$end" "$doc"; then
    echo "update-errors-doc: $doc lacks the BEGIN/END markers" >&2
    exit 1
fi

table="$(mktemp)"
trap 'rm -f "$table" "$table.doc"' EXIT
"$nxs" errors --markdown >"$table"
awk -v begin="$begin" -v end="$end" -v table="$table" '
    $0 == begin { print; while ((getline line < table) > 0) print line; skipping = 1; next }
    $0 == end   { skipping = 0 }
    !skipping   { print }
' "$doc" >"$table.doc"
mv "$table.doc" "$doc"
echo "update-errors-doc: wrote $(wc -l <"$table") table lines to docs/errors.md"
