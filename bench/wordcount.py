# Word count: generates a text from a small vocabulary with a linear congruential generator,
# splits it into lines and words, counts the words in a dict and prints the most common.

WORDS = ("the quick brown fox jumps over lazy dog and cat sat on a mat while some birds "
         "sing in tall green trees near river bank under bright blue sky").split()


def make_text(nlines, seed):
    lines = []
    x = seed
    for i in range(nlines):
        words = []
        for j in range(6 + i % 7):
            x = (x * 75 + 74) % 65537
            w = WORDS[x % len(WORDS)]
            if (x >> 4) & 7 == 0:
                w = w.upper()
            words.append(w)
        lines.append(" ".join(words) + ".")
    return "\n".join(lines)


def count_words(text):
    counts = {}
    for line in text.split("\n"):
        for word in line.split():
            word = word.strip(".,").lower()
            counts[word] = counts.get(word, 0) + 1
    return counts


text = make_text(150, 42)
counts = count_words(text)
top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
print("wordcount", len(text), len(counts), sum(counts.values()))
print(" ".join([w + "=" + str(n) for w, n in top]))
