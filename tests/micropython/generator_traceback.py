def numbers():
    yield 1
    yield 2 // 0


def consume():
    total = 0
    for n in numbers():
        total += n
    return total


print("start")
consume()
