# Classes: inheritance, super(), staticmethod/classmethod/property, special methods, exception subclasses, iterators, classes in functions.
class Animal:
    kind = "animal"
    count = 0
    def __init__(self, name):
        self.name = name
        Animal.count += 1
    def speak(self):
        return self.name + " makes a sound"
    def __repr__(self):
        return "Animal(" + repr(self.name) + ")"
class Dog(Animal):
    kind = "dog"
    def speak(self):
        return super().speak() + ": woof"
    @staticmethod
    def legs():
        return 4
    @classmethod
    def create(cls, name):
        return cls(name)
    @property
    def upper(self):
        return self.name.upper()
d = Dog.create("rex")
a = Animal("generic")
print(d.speak(), a.speak(), Dog.legs(), d.upper, d.kind, a.kind, Animal.count)
print(isinstance(d, Animal), type(d).__name__, [a], issubclass(Dog, Animal))
class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __eq__(self, o):
        return self.x == o.x and self.y == o.y
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __str__(self):
        return f"<{self.x}, {self.y}>"
v = Vec(1, 2) + Vec(3, 4)
print(v, len(v), v[0], v == Vec(4, 6), [v[0], v[1]])
class MyError(ValueError):
    def __init__(self, msg, code):
        super().__init__(msg)
        self.code = code
try:
    raise MyError("bad thing", 7)
except ValueError as e:
    print("caught", type(e).__name__, e, e.code)
class Counter:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        self.i = 0
        return self
    def __next__(self):
        if self.i >= self.n:
            raise StopIteration
        self.i += 1
        return self.i
print([x * 10 for x in Counter(3)])
def make():
    base = 100
    class Local:
        def get(self):
            return base + 1
    return Local().get()
print(make())
