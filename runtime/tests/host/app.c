/* Plays the compiled program's role for the host smoke test: defines upy_main and the
 * qstr table, calls the runtime's entry points. The case to run is chosen by the
 * environment variable UPY_CASE (default "main"). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uintptr_t obj;
#define SMALL(v) ((obj)(((intptr_t)(v) << 1) | 1))
#define QSTR(q) ((obj)(((uintptr_t)(q) << 3) | 2))
#define NONE ((obj)6)
#define FALSE ((obj)14)
#define TRUE ((obj)22)

enum { ADD, SUB, MUL, FLOORDIV, TRUEDIV, MOD, POW, LSHIFT, RSHIFT, AND, OR, XOR,
       LT, LE, GT, GE, EQ, NE, IN, NOTIN };
enum { NEG, POS, INVERT, NOT };

obj upy_binop(uintptr_t op, obj a, obj b);
obj upy_unop(uintptr_t op, obj a);
uintptr_t upy_is_true(obj a);
obj upy_print(const obj *args, uintptr_t n, obj sep, obj end);
obj upy_int_from_qstr(obj text);
obj upy_raise_name_error(obj name);
obj upy_raise_unbound_local(obj name);
obj upy_raise_arg_count(obj func, uintptr_t expected, uintptr_t given);
obj upy_raise_recursion(void);
obj upy_range_check(obj start, obj stop, obj step);
void upy_tb_add(obj file, uintptr_t line, obj func);
extern uintptr_t upy_stack_limit;

/* The qstr table: the predefined names first, in the abi's order. */
#define QSTRS(X) X("") X("<module>") X("__main__") X("__name__") X("print") X("range") \
    X("app.py") X("f") X("hello") X("world") X("x") X("123456789012345678901234567890") \
    X("-98765432109876543210") X("ab") X("-") X("!\n") X("ell") X("12x") X("g")
enum { Q_EMPTY, Q_MODULE, Q_MAIN, Q_NAME, Q_PRINT, Q_RANGE, Q_APP, Q_F, Q_HELLO, Q_WORLD,
       Q_X, Q_BIG, Q_NEGBIG, Q_AB, Q_DASH, Q_BANG, Q_ELL, Q_BAD, Q_G, Q_COUNT };
#define CAT(s) s
const char upy_qstr_data[] = QSTRS(CAT);
#define LEN(s) sizeof(s) - 1,
static const uint32_t lens[] = { QSTRS(LEN) };
const uint32_t upy_qstr_count = Q_COUNT;
uint32_t upy_qstr_offsets[Q_COUNT + 1];

__attribute__((constructor)) static void fill_offsets(void) {
    uint32_t o = 0;
    for (int i = 0; i < Q_COUNT; i++) { upy_qstr_offsets[i] = o; o += lens[i]; }
    upy_qstr_offsets[Q_COUNT] = o;
}

static obj p1(obj a) { return upy_print(&a, 1, 0, 0); }
static obj p2(obj a, obj b) { obj v[2] = {a, b}; return upy_print(v, 2, 0, 0); }
#define CHECK(e) do { if ((e) == 0) return 0; } while (0)
#define FRAME(line, fn) upy_tb_add(QSTR(Q_APP), line, QSTR(fn))

static obj bin(int op, obj a, obj b) { return upy_binop(op, a, b); }

/* f(n) = n // 0 two frames deep: an uncaught exception with a traceback. */
static obj f(obj n) {
    obj r = bin(FLOORDIV, n, SMALL(0));
    if (!r) { FRAME(3, Q_F); return 0; }
    return r;
}

static obj case_main(void) {
    /* small and big int arithmetic */
    CHECK(p1(bin(ADD, SMALL(40), SMALL(2))));
    obj fact = SMALL(1);
    for (int i = 1; i <= 30; i++) CHECK(fact = bin(MUL, fact, SMALL(i)));
    CHECK(p1(fact));                                              /* 30! */
    CHECK(p1(bin(FLOORDIV, fact, bin(POW, SMALL(10), SMALL(20))))); /* 30! // 10**20 */
    CHECK(p1(bin(POW, SMALL(2), SMALL(100))));
    CHECK(p1(bin(POW, SMALL(-3), SMALL(41))));
    CHECK(p2(bin(FLOORDIV, SMALL(-7), SMALL(2)), bin(MOD, SMALL(-7), SMALL(2))));
    CHECK(p2(bin(FLOORDIV, SMALL(7), SMALL(-2)), bin(MOD, SMALL(7), SMALL(-2))));
    obj big = bin(LSHIFT, SMALL(1), SMALL(70));
    CHECK(p1(big));
    CHECK(p1(bin(RSHIFT, big, SMALL(68))));                        /* 4, normalised */
    CHECK(p1(bin(SUB, big, big)));                                 /* 0 */
    CHECK(p1(bin(AND, upy_unop(NEG, big), SMALL(0xff))));          /* 0 */
    CHECK(p1(bin(OR, upy_unop(NEG, big), SMALL(5))));
    CHECK(p1(bin(XOR, SMALL(-1), big)));
    CHECK(p1(bin(RSHIFT, SMALL(-5), SMALL(1))));                   /* -3 */
    CHECK(p1(bin(RSHIFT, upy_unop(NEG, big), SMALL(200))));        /* -1 */
    CHECK(p1(upy_unop(INVERT, SMALL(5))));                          /* -6 */
    CHECK(p1(upy_unop(INVERT, big)));
    CHECK(p1(bin(MOD, upy_unop(NEG, big), SMALL(7))));              /* 5 */
    CHECK(p1(bin(FLOORDIV, upy_unop(NEG, big), bin(POW, SMALL(2), SMALL(69))))); /* -2 */
    CHECK(p1(upy_int_from_qstr(QSTR(Q_BIG))));
    CHECK(p1(bin(ADD, upy_int_from_qstr(QSTR(Q_NEGBIG)), upy_int_from_qstr(QSTR(Q_BIG)))));
    /* overflow of the small range on the fast path */
    obj m = SMALL((intptr_t)(((uintptr_t)-1) >> 2));                  /* SMALL_INT_MAX */
    CHECK(p1(bin(ADD, m, SMALL(1))));
    CHECK(p1(bin(SUB, bin(ADD, m, SMALL(1)), SMALL(1))));           /* back to small */
    CHECK(p1(upy_unop(NEG, upy_unop(NEG, bin(SUB, upy_unop(NEG, m), SMALL(1))))));
    /* bools */
    CHECK(p2(bin(ADD, TRUE, SMALL(1)), upy_unop(NEG, TRUE)));        /* 2 -1 */
    CHECK(p2(bin(EQ, TRUE, SMALL(1)), bin(AND, TRUE, TRUE)));        /* True True */
    CHECK(p2(bin(XOR, TRUE, TRUE), bin(AND, TRUE, SMALL(3))));       /* False 1 */
    CHECK(p2(upy_unop(NOT, NONE), upy_unop(NOT, QSTR(Q_EMPTY))));    /* True True */
    CHECK(p2(bin(LT, big, SMALL(3)), bin(GE, big, big)));            /* False True */
    CHECK(p2(bin(EQ, SMALL(1), QSTR(Q_AB)), bin(NE, NONE, SMALL(0)))); /* False True */
    CHECK(p1(NONE));
    /* strings */
    obj hw = bin(ADD, QSTR(Q_HELLO), QSTR(Q_WORLD));
    CHECK(p2(hw, bin(MUL, QSTR(Q_AB), SMALL(3))));
    CHECK(p2(bin(MUL, SMALL(2), QSTR(Q_AB)), bin(MUL, QSTR(Q_AB), SMALL(-1))));
    CHECK(p2(bin(IN, QSTR(Q_ELL), hw), bin(NOTIN, QSTR(Q_ELL), QSTR(Q_AB))));
    CHECK(p2(bin(LT, QSTR(Q_AB), QSTR(Q_HELLO)), bin(EQ, hw, bin(ADD, QSTR(Q_HELLO), QSTR(Q_WORLD)))));
    obj v[3] = {SMALL(1), QSTR(Q_X), big};
    CHECK(upy_print(v, 3, QSTR(Q_DASH), QSTR(Q_BANG)));
    CHECK(upy_print(v, 0, 0, 0));
    CHECK(upy_print(v, 2, NONE, NONE));
    /* truth */
    obj t[5] = {SMALL(0), big, QSTR(Q_EMPTY), hw, NONE};
    for (int i = 0; i < 5; i++) CHECK(p1(upy_is_true(t[i]) ? TRUE : FALSE));
    /* range checks */
    CHECK(p1(upy_range_check(SMALL(0), SMALL(10), SMALL(-1))));
    /* a 9543-digit number */
    obj huge = bin(POW, SMALL(3), SMALL(20000));
    CHECK(huge);
    CHECK(p1(bin(MOD, huge, bin(POW, SMALL(10), SMALL(30)))));
    return NONE;
}

/* Big-int and string garbage for many iterations: runs only if the GC collects. */
static obj case_gc(void) {
    obj x = SMALL(1), modulus = bin(ADD, bin(POW, SMALL(10), SMALL(60)), SMALL(7));
    CHECK(modulus);
    obj s = QSTR(Q_EMPTY);
    long n = getenv("UPY_N") ? atol(getenv("UPY_N")) : 3000000;
    for (long i = 0; i < n; i++) {
        CHECK(x = bin(MOD, bin(ADD, bin(MUL, x, SMALL(3)), SMALL(i)), modulus));
        if (i % 1000 == 0) CHECK(s = bin(MUL, QSTR(Q_AB), SMALL(i % 5000)));
    }
    CHECK(p1(x));
    return NONE;
}

static obj case_print_huge(void) {
    obj huge = bin(POW, SMALL(7), SMALL(12000));
    CHECK(huge);
    CHECK(p1(huge));
    return NONE;
}

obj upy_main(void) {
    const char *c = getenv("UPY_CASE");
    if (!c) c = "main";
    obj r = 0;
    if (!strcmp(c, "main")) r = case_main();
    else if (!strcmp(c, "gc")) r = case_gc();
    else if (!strcmp(c, "huge")) r = case_print_huge();
    else if (!strcmp(c, "zerodiv")) { CHECK(p1(QSTR(Q_HELLO))); r = f(SMALL(5)); if (!r) FRAME(7, Q_MODULE); return r; }
    else if (!strcmp(c, "modzero")) r = bin(MOD, bin(POW, SMALL(2), SMALL(80)), SMALL(0));
    else if (!strcmp(c, "negpow")) r = bin(POW, SMALL(0), SMALL(-1));
    else if (!strcmp(c, "negshift")) r = bin(LSHIFT, SMALL(2), SMALL(-1));
    else if (!strcmp(c, "addtype")) r = bin(ADD, QSTR(Q_AB), SMALL(1));
    else if (!strcmp(c, "lttype")) r = bin(LT, SMALL(1), QSTR(Q_AB));
    else if (!strcmp(c, "negtype")) r = upy_unop(NEG, QSTR(Q_AB));
    else if (!strcmp(c, "intab")) r = bin(IN, SMALL(1), QSTR(Q_AB));
    else if (!strcmp(c, "sep")) { obj a = SMALL(1); r = upy_print(&a, 1, SMALL(2), 0); }
    else if (!strcmp(c, "name")) r = upy_raise_name_error(QSTR(Q_X));
    else if (!strcmp(c, "unbound")) r = upy_raise_unbound_local(QSTR(Q_X));
    else if (!strcmp(c, "argcount")) r = upy_raise_arg_count(QSTR(Q_F), 2, 3);
    else if (!strcmp(c, "recursion")) r = upy_raise_recursion();
    else if (!strcmp(c, "rangetype")) r = upy_range_check(SMALL(0), QSTR(Q_AB), SMALL(1));
    else if (!strcmp(c, "rangezero")) r = upy_range_check(SMALL(0), SMALL(3), SMALL(0));
    else if (!strcmp(c, "rangebig")) r = upy_range_check(SMALL(0), QSTR(Q_APP), SMALL(1));
    else if (!strcmp(c, "badint")) r = upy_int_from_qstr(QSTR(Q_BAD));
    else if (!strcmp(c, "deep")) {
        r = bin(FLOORDIV, SMALL(1), SMALL(0));
        for (int i = 0; i < 100; i++) FRAME(100 - i, Q_G);
        FRAME(1, Q_MODULE);
    } else if (!strcmp(c, "memerr")) {
        /* 1 MiB ints kept live on the stack until the heap is full: MemoryError */
        volatile obj keep[128];
        for (int i = 0; i < 128; i++) { keep[i] = bin(LSHIFT, SMALL(i + 1), SMALL(1 << 23)); if (!keep[i]) break; }
        r = 0;
    } else if (!strcmp(c, "strmem")) r = bin(MUL, QSTR(Q_AB), bin(LSHIFT, SMALL(1), SMALL(40)));
    else if (!strcmp(c, "stack")) { CHECK(p1(upy_stack_limit ? TRUE : FALSE)); r = NONE; }
    if (!r) FRAME(1, Q_MODULE);
    return r;
}
