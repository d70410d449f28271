#!/usr/bin/env bash
# Installs the Debian 12 packages nxs needs to build, test and interoperate. Quiet when nothing is missing.
# As root: apt-get update, then installs only the missing packages. Otherwise: prints what is missing and the command
# to install it, and exits 1.
set -euo pipefail

packages=(
    build-essential cmake ninja-build g++ pkg-config          # build
    clang clang-format clang-tidy libclang-rt-14-dev          # clang -Werror build, style tools, libFuzzer
    libssl-dev openssl                                        # OpenSSL 3: crypto provider, test certificates
    libgtest-dev libgmock-dev googletest libbenchmark-dev     # tests, benchmarks
    nlohmann-json3-dev                                        # Wycheproof vectors
    gnutls-bin curl                                           # interop peers
    tshark                                                    # interop: dumpcap + tshark decrypt a key-logged capture
    chromium libnss3-tools                                    # headless-browser interop: Chromium, certutil (NSS db)
    publicsuffix                                              # Public Suffix List for wildcard host names (nxs x509)
    python3                                                   # scripts
)

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup: this is not a Debian system (no dpkg-query); install the equivalents of: ${packages[*]}" >&2
    exit 1
fi

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
    exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: install them with:" >&2
    echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
fi

echo "setup: installing ${missing[*]}"
# Non-interactive: wireshark-common (pulled in by tshark) asks whether non-root users may capture; this takes the
# default, no (CI runs the capture tests as root; other users see them skip).
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
