# string concatenation, repetition, comparison and `in`
a = "hello"
b = "world"
print(a + " " + b)
print(a + b, b + a, "" + a + "")
print("ab" * 3, "x" * 0, "x" * -2, "-" * 20, "" * 5)
print(("ab" + "c") * 2 + "!")
print("ab" * 1, "[" + "ab" * 0 + "]")
print(a == "hello", a != "hello", a == b, a < b, a > b, a <= a, a >= b)
print("abc" < "abd", "abc" < "ab", "ab" < "abc", "" < "a", "B" < "a", "Z" < "a")
print("apple" < "banana" < "cherry", "b" > "a" > "")
print("ell" in a, "xyz" in a, "" in a, "" in "", "hello" in a, "helloo" in a)
print("h" in a, "o" in a, "lo" in a, "oh" in a, "w" not in a, "l" not in a)
s = ""
for i in range(5):
    s = s + "*"
    print(s)
s = "x"
for i in range(10):
    s = s + s
print(s == "x" * 1024, "xx" in s, "y" in s)
t = "ab"
t += "cd"
t *= 2
print(t)
def greet(name):
    return "Hi, " + name + "!"
print(greet("upyc"), greet(""))
line = "=" * 10 + " " + "title" + " " + "=" * 10
print(line)
