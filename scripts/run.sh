#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds nxs (release preset) and runs the main job.
# The main job is `nxs demo`: a throwaway CA and server certificate, a TLS 1.3 server and client on loopback, a
# verified handshake and data both ways. Arguments are passed to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs="${NXS_JOBS:-$(nproc)}"
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target nxs_tool
./build/release/nxs demo "$@"
