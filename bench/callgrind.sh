#!/usr/bin/env bash
# Instructions per handshake for nxs and OpenSSL, under callgrind (stable on a noisy machine).
#
#   bench/callgrind.sh BUILD_DIR [HANDSHAKES] [SCENARIO]      e.g. bench/callgrind.sh build-bench 20
#
# nxs-bench --callgrind runs HANDSHAKES handshakes per library between two CALLGRIND_TOGGLE_COLLECTs and dumps each
# batch under its own name (nxs-N, openssl-N); collection is off everywhere else (--collect-atstart=no), so warm-up,
# certificate loading and process start are not counted. The dumps stay in $OUT (default
# BUILD_DIR/callgrind) for callgrind_annotate.
set -euo pipefail
build=${1:?usage: callgrind.sh BUILD_DIR [HANDSHAKES] [SCENARIO]}
handshakes=${2:-20}
scenario=${3:-tls13_full_ecdsa_hs}
out=${OUT:-$build/callgrind}
unit=instr/hs count=$handshakes
case $scenario in
  *_bulk) unit=instr/record count=64 ;;  # the bulk mode sends 64 records of 16 KiB per library
esac
mkdir -p "$out"
rm -f "$out"/callgrind.out*
valgrind --tool=callgrind --collect-atstart=no --callgrind-out-file="$out/callgrind.out" \
  "$build/bench/nxs-bench" --callgrind --handshakes "$handshakes" --scenario "$scenario" >"$out/run.log" 2>&1
cat "$out/run.log" | grep -v '^==' || true

# The dump whose trigger names the library; its "summary:" line is the total instruction count (Ir).
instructions() {
  local file
  file=$(grep -l "^desc: Trigger: Client Request: $1-$count\$" "$out"/callgrind.out.* | head -1)
  awk '/^summary:/ {print $2}' "$file"
}
nxs=$(instructions nxs)
ossl=$(instructions openssl)
awk -v n="$nxs" -v o="$ossl" -v h="$count" -v s="$scenario" -v u="$unit" 'BEGIN {
  printf "RESULT name=%s_instructions nxs=%.0f openssl=%.0f ratio=%.3f unit=%s\n", s, n / h, o / h, n / o, u }'
echo "dumps: $(ls "$out"/callgrind.out.*)"
