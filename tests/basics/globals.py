# globals mutated from functions with the global statement
counter = 0
total = 0
name = "start"

def bump():
    global counter
    counter += 1

def add(n):
    global total, counter
    total = total + n
    counter = counter + 1
    return total

def read_only():
    return counter * 100 + total

def rename(s):
    global name
    name = name + "-" + s

def set_new():
    global created
    created = 42

for i in range(5):
    bump()
print(counter)
print(add(10), add(20), add(2 ** 70))
print(counter, total)
print(read_only())
rename("a")
rename("b")
print(name)
set_new()
print(created)
created += 1
print(created)

def big_global():
    global total
    total = total - 2 ** 70
    total *= 3

big_global()
print(total)

def nested_calls(n):
    global counter
    if n > 0:
        counter += n
        nested_calls(n - 1)

counter = 0
nested_calls(10)
print(counter)

def conditional_global(flag):
    global counter
    if flag:
        counter = -1
    return counter

print(conditional_global(False), conditional_global(True), counter)
