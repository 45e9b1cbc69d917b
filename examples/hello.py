# The smallest upyc program.
print("Hello from upyc!")
print("MicroPython, compiled ahead of time to native firmware.")
