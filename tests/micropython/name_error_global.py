# reading a global that was never assigned
def show():
    print("value is")
    print(undefined_thing)

print("before")
show()
print("unreachable")
