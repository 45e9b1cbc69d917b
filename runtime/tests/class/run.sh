#!/usr/bin/env bash
# Host test of user-defined classes (runtime/src/class.rs, instance.rs, descr.rs):
# class.c plays the compiled code's role. Usage: runtime/tests/class/run.sh
set -u
cd "$(dirname "$0")/../../.."
DIR=runtime/tests/class
TARGET_DIR=${TARGET_DIR:-/work/target-cls}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
CARGO_ENCODED_RUSTFLAGS=-Cpanic=abort cargo rustc -q --manifest-path runtime/Cargo.toml --release \
    --target x86_64-unknown-linux-gnu --crate-type staticlib --target-dir "$TARGET_DIR" || exit 1
cc -O1 -Wall -c "$DIR/class.c" -o "$OUT/class.o" &&
    cc -no-pie -Wl,--defsym=__upy_gc_stress=0 -o "$OUT/class" "$OUT/class.o" "$TARGET_DIR/x86_64-unknown-linux-gnu/release/libupyc_runtime.a" || exit 1
text=$("$OUT/class" 2>&1); status=$?
if [ $status -ne 1 ] || [ "$text" != "$(cat "$DIR/class.expected")" ]; then
    echo "FAIL host: classes (status $status)"; diff <(cat "$DIR/class.expected") <(echo "$text"); exit 1
fi
echo "ok   host: classes"
