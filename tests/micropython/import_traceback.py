# A traceback through a function of an imported module names that module's file.
import _tb_mod

print(_tb_mod.outer(2))
_tb_mod.outer(0)
