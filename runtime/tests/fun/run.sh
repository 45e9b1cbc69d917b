#!/usr/bin/env bash
# Host test of compiled-function objects (runtime/src/fun.rs): fun.c plays the compiled
# code's role (descriptors, C `code` entries) and calls them through upy_call/upy_call_ex.
# Usage: runtime/tests/fun/run.sh
set -u
cd "$(dirname "$0")/../../.."
DIR=runtime/tests/fun
TARGET_DIR=${TARGET_DIR:-/work/target-fun}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
CARGO_ENCODED_RUSTFLAGS=-Cpanic=abort cargo rustc -q --manifest-path runtime/Cargo.toml --release \
    --target x86_64-unknown-linux-gnu --crate-type staticlib --target-dir "$TARGET_DIR" || exit 1
cc -O1 -Wall -c "$DIR/fun.c" -o "$OUT/fun.o" &&
    cc -no-pie -Wl,--defsym=__upy_gc_stress=0 -o "$OUT/fun" "$OUT/fun.o" "$TARGET_DIR/x86_64-unknown-linux-gnu/release/libupyc_runtime.a" || exit 1
fail=0
text=$("$OUT/fun" 2>&1); status=$?
if [ $status -ne 0 ] || [ "$text" != "$(cat "$DIR/fun.expected")" ]; then
    echo "FAIL host: function objects (status $status)"; diff <(cat "$DIR/fun.expected") <(echo "$text"); fail=1
else
    echo "ok   host: function objects"
fi
text=$(UPY_CASE=print "$OUT/fun" 2>&1); status=$?
if [ $status -eq 0 ] && [[ "$text" =~ ^\<function\ h\ at\ 0x[0-9a-f]+\>$ ]]; then
    echo "ok   host: function repr"
else
    echo "FAIL host: function repr: status $status: $text"; fail=1
fi
exit $fail
