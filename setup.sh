#!/usr/bin/env bash
# Installs what upyc needs on a fresh Debian/Ubuntu machine, skipping what is there:
#   - QEMU for running pyboard images (qemu-system-arm)
#   - GNU binutils for ARM, the oracle the Thumb-2 encoder tests compare against
#   - the Rust toolchain and targets pinned by rust-toolchain.toml (via rustup)
set -euo pipefail
cd "$(dirname "$0")"

packages=(qemu-system-arm binutils-arm-none-eabi)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
else
    echo "setup: Debian packages already installed" >&2
fi

if ! command -v rustup >/dev/null 2>&1; then
    echo "setup: rustup is required (https://rustup.rs)" >&2
    exit 1
fi
# Installs the pinned toolchain with its components and targets if they are missing.
rustup show active-toolchain >/dev/null 2>&1 || rustup toolchain install
rustup show >/dev/null
echo "setup: done" >&2
