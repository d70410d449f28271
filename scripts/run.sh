#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds nxs (release preset) and runs the main job.
# Until the TLS 1.3 work delivers `nxs demo`, the main job is `nxs errors`: the NetX Secure code table.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jobs="${NXS_JOBS:-$(nproc)}"
./scripts/setup.sh
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs" --target nxs_tool
./build/release/nxs errors "$@"
