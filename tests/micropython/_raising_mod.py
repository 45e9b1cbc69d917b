# Imported by import_body_raises.py: its body raises.
X = 1
raise ValueError("bad module")
