#!/usr/bin/env bash
# Smoke tests of the runtime without the compiler: a C program (host) and an assembly
# program (pyboard, under QEMU) play the compiled code's role and call the entry points.
# Usage: runtime/tests/run.sh [host|pyboard]   (both by default)
set -u
cd "$(dirname "$0")/../.."
ROOT=$PWD
TESTS=$ROOT/runtime/tests
TARGET_DIR=${TARGET_DIR:-/work/target-runtime}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ $# -gt 1 ] && echo "$2" | head -20; }

# expect NAME STATUS EXPECTED-TEXT ACTUAL-STATUS ACTUAL-TEXT
expect() {
    if [ "$4" != "$2" ]; then bad "$1" "exit status $4, expected $2"$'\n'"$5"
    elif [ "$5" != "$3" ]; then bad "$1" "$(diff <(echo "$3") <(echo "$5"))"
    else ok "$1"; fi
}

host() {
    CARGO_ENCODED_RUSTFLAGS=-Cpanic=abort cargo rustc -q --manifest-path runtime/Cargo.toml --release \
        --target x86_64-unknown-linux-gnu --crate-type staticlib --target-dir "$TARGET_DIR" || { bad "host build"; return; }
    cc -O1 -c "$TESTS/host/app.c" -o "$OUT/app.o" &&
        cc -no-pie -Wl,--defsym=__upy_gc_stress=0 -o "$OUT/app" "$OUT/app.o" "$TARGET_DIR/x86_64-unknown-linux-gnu/release/libupyc_runtime.a" ||
        { bad "host link"; return; }
    local text status
    text=$(UPY_CASE=main "$OUT/app" 2>&1); status=$?
    expect "host: ints, bools, strings, print" 0 "$(cat "$TESTS/host/main.expected")" $status "$text"
    text=$(UPY_CASE=gc "$OUT/app" 2>&1); status=$?
    expect "host: 3M big-int iterations in a 64 MiB heap (GC)" 0 \
        "952667401048124797382209885535245602833070322427768145740174" $status "$text"
    UPY_CASE=huge "$OUT/app" > "$OUT/huge.txt" 2>&1; status=$?
    # 7**12000 has 10142 digits; its last ten are 5367200001 (checked with CPython).
    expect "host: print a 10142-digit int" 0 "10142 5367200001" $status \
        "$(tr -d '\n' < "$OUT/huge.txt" | wc -c) $(tr -d '\n' < "$OUT/huge.txt" | tail -c 10)"
    text=$(UPY_CASE=zerodiv "$OUT/app" 2>/dev/null); status=$?
    expect "host: program output goes to stdout" 1 "hello" $status "$text"
    # case|expected last line of stderr
    while IFS='|' read -r case want; do
        text=$(UPY_CASE=$case "$OUT/app" 2>&1 >/dev/null); status=$?
        expect "host: $case" 1 "$want" $status "$(echo "$text" | tail -1)"
    done <<'CASES'
zerodiv|ZeroDivisionError: divide by zero
modzero|ZeroDivisionError: divide by zero
negpow|ZeroDivisionError: divide by zero
negshift|ValueError: negative shift count
addtype|TypeError: unsupported types for __add__: 'str', 'int'
lttype|TypeError: unsupported types for __lt__: 'int', 'str'
negtype|TypeError: unsupported type for __neg__: 'str'
intab|TypeError: can't convert 'int' object to str implicitly
sep|TypeError: sep must be None or a string
name|NameError: name 'x' isn't defined
unbound|NameError: local variable referenced before assignment
argcount|TypeError: function takes 2 positional arguments but 3 were given
recursion|RuntimeError: maximum recursion depth exceeded
rangetype|TypeError: can't convert str to int
rangezero|ValueError: zero step
rangebig|TypeError: can't convert str to int
badint|ValueError: invalid syntax for integer with base 10
memerr|MemoryError: memory allocation failed
strmem|MemoryError: memory allocation failed
CASES
    text=$(UPY_CASE=zerodiv "$OUT/app" 2>&1 >/dev/null); status=$?
    expect "host: traceback" 1 'Traceback (most recent call last):
  File "app.py", line 7, in <module>
  File "app.py", line 3, in f
ZeroDivisionError: divide by zero' $status "$text"
    text=$(UPY_CASE=deep "$OUT/app" 2>&1 | grep -c 'File\|more frames not shown'); status=$?
    expect "host: long traceback is capped" 0 65 $status "$text"
}

pyboard() {
    local lld
    lld=$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld
    cargo rustc -q --manifest-path runtime/Cargo.toml --release --target thumbv7em-none-eabihf \
        --crate-type staticlib --target-dir "$TARGET_DIR" || { bad "pyboard build"; return; }
    local lib=$TARGET_DIR/thumbv7em-none-eabihf/release/libupyc_runtime.a
    for semi in 0 1; do
        sed "s/@SEMIHOST@/$semi/; s/@STACK@/RAM/" "$TESTS/pyboard/generated.ld.in" > "$OUT/generated$semi.ld"
    done
    for c in 1 2 3; do
        arm-none-eabi-as --defsym CASE=$c --defsym ITERATIONS=100000 -o "$OUT/app$c.o" "$TESTS/pyboard/app.S" &&
            "$lld" -flavor gnu -T "$OUT/generated1.ld" -L boards --gc-sections -o "$OUT/app$c.elf" "$OUT/app$c.o" "$lib" ||
            { bad "pyboard link case $c"; return; }
    done
    local qemu="qemu-system-arm -M netduinoplus2 -nographic -monitor none -semihosting-config enable=on,target=native"
    local text status
    text=$(timeout 120 $qemu -kernel "$OUT/app1.elf" < /dev/null | tr -d '\r'; exit "${PIPESTATUS[0]}"); status=$?
    expect "pyboard: ints, strings, 100k big-int iterations in 128K RAM" 0 "42
1267650600228229401496703205376
265252859812191058636308480000000
helloworld
517615705700463990249679897087044950109749943942947021621334" $status "$text"
    text=$(timeout 30 $qemu -kernel "$OUT/app2.elf" < /dev/null | tr -d '\r'; exit "${PIPESTATUS[0]}"); status=$?
    expect "pyboard: uncaught exception" 1 'hello
Traceback (most recent call last):
  File "app.py", line 7, in <module>
  File "app.py", line 3, in f
ZeroDivisionError: divide by zero' $status "$text"
    text=$(timeout 30 $qemu -kernel "$OUT/app3.elf" < /dev/null | tr -d '\r'; exit "${PIPESTATUS[0]}"); status=$?
    expect "pyboard: fault handler" 3 "FATAL: HardFault" $status "$text"
    # Without semihosting the image must idle (wfi), not fault: QEMU keeps running.
    "$lld" -flavor gnu -T "$OUT/generated0.ld" -L boards --gc-sections -o "$OUT/idle.elf" "$OUT/app2.o" "$lib"
    timeout 3 qemu-system-arm -M netduinoplus2 -nographic -monitor none -kernel "$OUT/idle.elf" \
        -d int -D "$OUT/idle.log" < /dev/null > "$OUT/idle.out" 2>/dev/null; status=$?
    if [ $status -eq 124 ] && ! grep -q "Taking exception" "$OUT/idle.log" && grep -q divide "$OUT/idle.out"; then
        ok "pyboard: flash image without semihosting idles"
    else
        bad "pyboard: flash image without semihosting idles" "status $status: $(head -5 "$OUT/idle.log")"
    fi
    arm-none-eabi-size "$OUT/app2.elf" | sed 's/^/    /'
}

case "${1:-all}" in
    host) host ;;
    pyboard) pyboard ;;
    *) host; pyboard ;;
esac
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
