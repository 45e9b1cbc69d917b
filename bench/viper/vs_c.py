#!/usr/bin/env python3
"""Viper vs C instruction counts under QEMU (see bench/README.md).

For each kernel, builds bench/viper/NAME.py with upyc for the pyboard and bench/c/NAME.c with
arm-none-eabi-gcc, runs both under `qemu-system-arm -M netduinoplus2 -icount shift=0
-singlestep -d nochain,exec`, and counts the executed instructions whose address lies inside
the kernel function (from `arm-none-eabi-nm -S`; start-up, printing and the object-entry
wrapper are outside). Prints a table and the viper->viper call overhead.
"""
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
UPYC = os.environ.get("UPYC", os.path.join(ROOT, "target", "release", "upyc"))
CFLAGS = ["-O2", "-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16",
          "-fno-builtin", "-ffreestanding", "-nostdlib", "-nostartfiles"]
# name -> kernel functions counted (viper names; C names are the same, `inline` is `inline_`)
KERNELS = {
    "fannkuch": ["fannkuch"],
    "nqueens": ["nqueens"],
    "checksum8": ["checksum8"],
    "copy32": ["copy32"],
}
TRACE = re.compile(rb"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")


def symbols(elf):
    """name -> (start, end) of every function symbol (Thumb bit cleared)."""
    out = subprocess.run(["arm-none-eabi-nm", "-S", "-n", elf], capture_output=True,
                         text=True, check=True).stdout
    rows = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] in "tT":
            rows.append((int(parts[0], 16) & ~1, int(parts[1], 16), parts[3]))
        elif len(parts) == 3 and parts[1] in "tT":
            rows.append((int(parts[0], 16) & ~1, 0, parts[2]))
    res = {}
    for k, (addr, size, name) in enumerate(rows):
        if size == 0:  # no size recorded: up to the next symbol
            nxt = [a for a, _, _ in rows[k + 1:] if a > addr]
            size = (nxt[0] - addr) if nxt else 4
        res[name] = (addr, addr + size)
    return res


def count(elf, ranges):
    """Runs `elf` under QEMU; returns (console output, instructions inside each range)."""
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "trace")
        os.mkfifo(fifo)
        p = subprocess.Popen(
            ["qemu-system-arm", "-M", "netduinoplus2", "-display", "none", "-monitor", "none",
             "-serial", "stdio", "-semihosting-config", "enable=on,target=native",
             "-icount", "shift=0", "-singlestep", "-d", "nochain,exec", "-D", fifo,
             "-kernel", elf], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        counts = [0] * len(ranges)
        with open(fifo, "rb") as f:
            for line in f:
                m = TRACE.match(line)
                if not m:
                    continue
                pc = int(m.group(1), 16)
                for i, (lo, hi) in enumerate(ranges):
                    if lo <= pc < hi:
                        counts[i] += 1
        out = p.communicate(timeout=600)[0].decode(errors="replace").replace("\r", "")
    return out.strip(), counts


def build_viper(name, d):
    elf = os.path.join(d, name + ".elf")
    subprocess.run([UPYC, "build", "--board", "pyboard", "--qemu-exit", "-o", elf,
                    os.path.join(ROOT, "bench", "viper", name + ".py")], check=True)
    return elf


def build_c(name, d):
    elf = os.path.join(d, name + "_c.elf")
    c = os.path.join(ROOT, "bench", "c")
    subprocess.run(["arm-none-eabi-gcc", *CFLAGS, "-T", os.path.join(c, "link.ld"), "-o", elf,
                    os.path.join(c, "startup.c"), os.path.join(c, name + ".c"), "-lgcc"],
                   check=True)
    return elf


def viper_range(syms, fn):
    for name, r in syms.items():
        if name.startswith("upy_vfn_main_" + fn + "_L"):
            return r
    sys.exit(f"no native entry for {fn}")


def main():
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for name, fns in KERNELS.items():
            ve, ce = build_viper(name, d), build_c(name, d)
            vs, cs = symbols(ve), symbols(ce)
            vout, vc = count(ve, [viper_range(vs, f) for f in fns])
            cout, cc = count(ce, [cs[f] for f in fns])
            ok = "ok" if vout.splitlines()[-1:] == cout.splitlines()[-1:] else f"MISMATCH {vout!r} {cout!r}"
            rows.append((name, sum(vc), sum(cc), ok))
        # Call overhead: (loop calling inc + inc) - (same loop inline), per call.
        ve, ce = build_viper("calls", d), build_c("calls", d)
        vs, cs = symbols(ve), symbols(ce)
        _, (vcall, vinc, vinl) = count(ve, [viper_range(vs, f) for f in ("calls", "inc", "inline")])
        _, (ccall, cinc) = count(ce, [cs["calls"], cs["inc"]])
    print(f"{'kernel':<12}{'viper':>12}{'C (gcc -O2)':>14}{'ratio':>8}  check")
    for name, v, c, ok in rows:
        print(f"{name:<12}{v:>12}{c:>14}{v / max(c, 1):>8.2f}  {ok}")
    n = 1000
    print(f"\nviper->viper call: {(vcall + vinc - vinl) / n:.1f} instructions of overhead per call "
          f"(loop with call {vcall + vinc}, inline loop {vinl}, n={n}); "
          f"C call+loop: {(ccall + cinc) / n:.1f} instructions per iteration")


if __name__ == "__main__":
    main()
