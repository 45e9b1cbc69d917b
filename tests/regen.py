#!/usr/bin/env python3
"""Regenerate the expected output of the conformance programs in tests/basics/.

For every program tests/basics/NAME.py this writes tests/basics/NAME.py.exp,
which is the byte-exact stdout of running the program under CPython
(`python3 NAME.py`). The programs in tests/basics/ stay inside the language
subset upyc supports, where CPython and MicroPython agree, so CPython is the
reference implementation for them.

tests/micropython/ is NOT handled here and must never be regenerated: those
programs end with an uncaught exception and their .exp files hold MicroPython's
messages and traceback format (which differ from CPython's). They are written
and checked by hand.

Usage:
    python3 tests/regen.py                 # regenerate every tests/basics/*.py.exp
    python3 tests/regen.py NAME ...        # only these (NAME, NAME.py or a path)
    python3 tests/regen.py --check [NAME ...]
                                           # write nothing; exit 1 if any .exp is
                                           # missing or out of date

Files whose names start with `_` (and the packages in sub-folders) are modules
the programs import, not programs.

A program that exits with a non-zero status, writes to stderr or runs longer
than the timeout is reported as an error (exit status 2): basics programs must
finish normally.
"""

import os
import subprocess
import sys

TESTS_DIR = os.path.dirname(os.path.abspath(__file__))
BASICS_DIR = os.path.join(TESTS_DIR, "basics")
TIMEOUT_SECONDS = 120


def usage_error(msg):
    sys.stderr.write("regen.py: " + msg + "\n")
    sys.exit(2)


def resolve(name):
    """Map NAME, NAME.py or a path to tests/basics/NAME.py."""
    base = os.path.basename(name)
    if base.endswith(".exp"):
        base = base[: -len(".exp")]
    if not base.endswith(".py"):
        base += ".py"
    parent = os.path.dirname(os.path.abspath(name)) if os.path.dirname(name) else BASICS_DIR
    if os.path.basename(parent) == "micropython":
        usage_error(name + ": tests/micropython/ is hand-checked and never regenerated")
    path = os.path.join(BASICS_DIR, base)
    if not os.path.isfile(path):
        usage_error(name + ": no such program in tests/basics/")
    return path


def all_programs():
    return sorted(
        os.path.join(BASICS_DIR, f)
        for f in os.listdir(BASICS_DIR)
        if f.endswith(".py")
        and not f.startswith("_")
        and os.path.isfile(os.path.join(BASICS_DIR, f))
    )


def run(path):
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("PYTHONSTARTUP", None)
    proc = subprocess.run(
        [sys.executable, os.path.basename(path)],
        cwd=os.path.dirname(path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=TIMEOUT_SECONDS,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


def main(argv):
    check = False
    names = []
    for arg in argv:
        if arg == "--check":
            check = True
        elif arg in ("-h", "--help"):
            print(__doc__.strip())
            return 0
        elif arg.startswith("-"):
            usage_error("unknown option " + arg)
        else:
            names.append(arg)

    programs = [resolve(n) for n in names] if names else all_programs()
    if not programs:
        usage_error("no programs found in " + BASICS_DIR)

    errors = 0
    stale = 0
    written = 0
    for path in programs:
        rel = os.path.relpath(path, os.path.dirname(TESTS_DIR))
        try:
            rc, out, err = run(path)
        except subprocess.TimeoutExpired:
            print("ERROR   %s: timed out after %d s" % (rel, TIMEOUT_SECONDS))
            errors += 1
            continue
        if rc != 0 or err:
            print("ERROR   %s: exit status %d" % (rel, rc))
            if err:
                sys.stdout.write(err.decode("utf-8", "replace"))
            errors += 1
            continue
        exp_path = path + ".exp"
        old = None
        if os.path.isfile(exp_path):
            with open(exp_path, "rb") as f:
                old = f.read()
        if old == out:
            continue
        if check:
            print("%s %s.exp" % ("MISSING" if old is None else "STALE  ", rel))
            stale += 1
        else:
            with open(exp_path, "wb") as f:
                f.write(out)
            print("wrote   %s.exp" % rel)
            written += 1

    # .exp files whose program is gone (only reported when checking everything).
    if not names:
        for f in sorted(os.listdir(BASICS_DIR)):
            if f.endswith(".py.exp") and not os.path.isfile(os.path.join(BASICS_DIR, f[: -len(".exp")])):
                print("ORPHAN  tests/basics/%s (no matching program)" % f)
                if check:
                    stale += 1

    if errors:
        print("%d program(s) failed" % errors)
        return 2
    if check:
        if stale:
            print("%d expected-output file(s) out of date; run python3 tests/regen.py" % stale)
            return 1
        print("all %d expected-output file(s) up to date" % len(programs))
        return 0
    print("%d file(s) written, %d already up to date" % (written, len(programs) - written))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
