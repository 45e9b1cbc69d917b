# string literal forms: both quote styles and the common escape sequences
print('single quoted', "double quoted")
print('it"s', "it's")
print("tab\there", "quote\"s", 'back\\slash', 'esc\'aped')
print("multi\nline")
print("a\\nb", "[\t]")
s = 'x' + "y" + '' + ""
print(s, s == "xy", 'xy' == "xy")
print("\\" in "a\\b", "\n" in "a\nb", "\t" in "a b")
print("line one\nline two\n", end="")
print("=" * 3 + '\n' + "-" * 3)
