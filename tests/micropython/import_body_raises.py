# An exception in a module's body propagates to the import; the traceback shows both files.
print("before")
try:
    import _raising_mod
except ValueError as e:
    print("caught", e)
import _raising_mod
print("not reached")
