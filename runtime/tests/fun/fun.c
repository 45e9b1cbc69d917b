/* Host test of compiled-function objects (runtime/src/fun.rs) without the compiler:
 * descriptors and `code` entries written in C, called through upy_call / upy_call_ex
 * with every binding combination and every binding error. Run by runtime/tests/fun/run.sh. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uintptr_t obj;
#define SMALL(v) ((obj)(((intptr_t)(v) << 1) | 1))
#define QSTR(q) ((obj)(((uintptr_t)(q) << 3) | 2))
#define NONE ((obj)6)
#define FUN_VARARGS 1
#define FUN_VARKW 2

obj upy_print(const obj *args, uintptr_t n, obj sep, obj end);
obj upy_call(obj callee, const obj *args, uintptr_t n_pos, uintptr_t n_kw);
obj upy_call_ex(obj callee, obj pos, obj kw);
obj upy_call_method(obj name, const obj *args, uintptr_t n_pos, uintptr_t n_kw);
obj upy_make_function(const uintptr_t *desc, obj defaults, obj kwdefaults, obj closure);
obj upy_make_cell(obj value);
obj upy_build_tuple(const obj *items, uintptr_t n);
obj upy_build_list(const obj *items, uintptr_t n);
obj upy_build_dict(const obj *kv, uintptr_t npairs);
obj upy_build_slice(obj start, obj stop, obj step);
obj upy_subscr(obj o, obj index);
obj upy_load_attr(obj o, obj name);
obj upy_load_builtin(obj name);
obj upy_binop(uintptr_t op, obj a, obj b);
obj upy_exc_take(void);
void upy_tb_add(obj file, uintptr_t line, obj func);

#define QSTRS(X) X("") X("<module>") X("__main__") X("__name__") X("print") X("range") \
    X("f") X("g") X("h") X("a") X("b") X("c") X("d") X("k") X("zz") X("__class__") \
    X("type") X("callable") X("hash") X("map") X("list") X("big") X("clo") X("xb") \
    X("p0") X("p1") X("p2") X("p3") X("p4") X("p5") X("p6") X("p7") X("p8") X("p9") \
    X("app.py") X("id") X(": ")
enum { Q_EMPTY, Q_MODULE, Q_MAIN, Q_NAME, Q_PRINT, Q_RANGE, Q_F, Q_G, Q_H, Q_A, Q_B, Q_C,
       Q_D, Q_K, Q_ZZ, Q_CLASS, Q_TYPE, Q_CALLABLE, Q_HASH, Q_MAP, Q_LIST, Q_BIG, Q_CLO, Q_XB,
       Q_P0, Q_P1, Q_P2, Q_P3, Q_P4, Q_P5, Q_P6, Q_P7, Q_P8, Q_P9, Q_APP, Q_ID, Q_COLON, Q_COUNT };
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

#define CHECK(e) do { if ((e) == 0) return 0; } while (0)
static obj p1(obj a) { return upy_print(&a, 1, 0, 0); }
static obj p2(obj a, obj b) { obj v[2] = {a, b}; return upy_print(v, 2, 0, 0); }
static obj call(obj f, obj *args, uintptr_t n_pos, uintptr_t n_kw) { return upy_call(f, args, n_pos, n_kw); }
static obj builtin1(int q, obj a) { return upy_call(upy_load_builtin(QSTR(q)), &a, 1, 0); }

/* The generic entry of every test function: prints the name and every slot. */
static obj show(obj fun, const obj *slots) {
    const uintptr_t *d = ((const uintptr_t **)fun)[1];
    uintptr_t n = d[2] + d[3] + (d[4] & FUN_VARARGS ? 1 : 0) + (d[4] & FUN_VARKW ? 1 : 0);
    obj v[16];
    v[0] = upy_load_attr(fun, QSTR(Q_NAME));
    if (!v[0]) return 0;
    for (uintptr_t i = 0; i < n; i++) v[i + 1] = slots[i];
    return upy_print(v, n + 1, 0, 0) ? SMALL(n) : 0;
}

/* A closure: returns the value of its first cell plus its argument. */
static obj clo_code(obj fun, const obj *slots) {
    obj closure = ((obj *)fun)[4];
    obj cell = ((obj *)closure)[2];
    return upy_binop(0, ((obj *)cell)[1], slots[0]);
}

/* Raises from inside the code: the NULL must propagate. */
static obj raise_code(obj fun, const obj *slots) {
    (void)fun;
    return upy_binop(3 /* // */, slots[0], SMALL(0));
}

/* def stress(a, *args, k, d=4, **kw): a + sum(args) + k + d + kw['zz'] */
static obj stress_code(obj fun, const obj *slots) {
    (void)fun;
    obj args = slots[3], kw = slots[4];
    obj t = upy_binop(0, slots[0], upy_binop(0, slots[1], slots[2]));
    const obj *items = (const obj *)args + 2;
    for (uintptr_t i = 0; i < ((const obj *)args)[1]; i++) t = upy_binop(0, t, items[i]);
    return upy_binop(0, t, upy_subscr(kw, QSTR(Q_ZZ)));
}

static const obj f_names[] = { QSTR(Q_A), QSTR(Q_B), QSTR(Q_C) };
/* def f(a, b, c=...) */
static uintptr_t f_desc[6] = { 0, QSTR(Q_F), 3, 0, 0, (uintptr_t)f_names };
static const obj g_names[] = { QSTR(Q_A), QSTR(Q_K), QSTR(Q_D) };
/* def g(a, *args, k, d=4, **kw) */
static uintptr_t g_desc[6] = { 0, QSTR(Q_G), 1, 2, FUN_VARARGS | FUN_VARKW, (uintptr_t)g_names };
/* def h() */
static uintptr_t h_desc[6] = { 0, QSTR(Q_H), 0, 0, 0, 0 };
/* def id(*args) */
static uintptr_t id_desc[6] = { 0, QSTR(Q_ID), 0, 0, FUN_VARARGS, 0 };
static const obj big_names[] = { QSTR(Q_P0), QSTR(Q_P1), QSTR(Q_P2), QSTR(Q_P3), QSTR(Q_P4),
                                 QSTR(Q_P5), QSTR(Q_P6), QSTR(Q_P7), QSTR(Q_P8), QSTR(Q_P9) };
/* def big(p0, ..., p7, *args, p8, p9=9, **kw): 12 slots, on the heap */
static uintptr_t big_desc[6] = { 0, QSTR(Q_BIG), 8, 2, FUN_VARARGS | FUN_VARKW, (uintptr_t)big_names };
/* def clo(a): return x + a */
static uintptr_t clo_desc[6] = { 0, QSTR(Q_CLO), 1, 0, 0, (uintptr_t)f_names };
static uintptr_t stress_desc[6] = { 0, QSTR(Q_G), 1, 2, FUN_VARARGS | FUN_VARKW, (uintptr_t)g_names };
static uintptr_t raise_desc[6] = { 0, QSTR(Q_F), 1, 0, 0, (uintptr_t)f_names };

/* Prints "ExcName: message" for the pending exception and clears it. */
static obj show_exc(void) {
    obj e = upy_exc_take();
    obj name = upy_load_attr(upy_load_attr(e, QSTR(Q_CLASS)), QSTR(Q_NAME));
    CHECK(name);
    obj v[2] = {name, e};
    return upy_print(v, 2, QSTR(Q_COLON), 0) ? NONE : 0;
}
#define EXPECT_ERR(e) do { if ((e) != 0) { p1(QSTR(Q_ZZ)); return 0; } CHECK(show_exc()); } while (0)

static obj run(void) {
    f_desc[0] = g_desc[0] = h_desc[0] = id_desc[0] = big_desc[0] = (uintptr_t)show;
    clo_desc[0] = (uintptr_t)clo_code;
    raise_desc[0] = (uintptr_t)raise_code;
    stress_desc[0] = (uintptr_t)stress_code;

    obj three = SMALL(3);
    obj f = upy_make_function(f_desc, upy_build_tuple(&three, 1), 0, 0);
    CHECK(f);
    obj f2 = upy_make_function(f_desc, 0, 0, 0);          /* no defaults */
    obj kwd[2] = { QSTR(Q_D), SMALL(4) };
    obj g = upy_make_function(g_desc, 0, upy_build_dict(kwd, 1), 0);
    obj h = upy_make_function(h_desc, 0, 0, 0);
    obj idf = upy_make_function(id_desc, 0, 0, 0);
    obj kwd9[2] = { QSTR(Q_P9), SMALL(9) };
    obj big = upy_make_function(big_desc, 0, upy_build_dict(kwd9, 1), 0);
    CHECK(f2 && g && h && idf && big);

    /* positional, defaults, keywords */
    { obj a[] = { SMALL(1), SMALL(2), SMALL(9) }; CHECK(call(f, a, 3, 0)); }            /* fast path */
    { obj a[] = { SMALL(1), SMALL(2) }; CHECK(call(f, a, 2, 0)); }                      /* default c */
    { obj a[] = { SMALL(1), QSTR(Q_C), SMALL(7), QSTR(Q_B), SMALL(8) }; CHECK(call(f, a, 1, 2)); }
    { obj a[] = { QSTR(Q_B), SMALL(2), QSTR(Q_A), SMALL(1) }; CHECK(call(f, a, 0, 2)); }
    CHECK(call(h, 0, 0, 0));
    CHECK(call(idf, 0, 0, 0));
    { obj a[] = { SMALL(1), SMALL(2) }; CHECK(call(idf, a, 2, 0)); }
    /* *args, keyword-only, **kwargs */
    { obj a[] = { SMALL(1), QSTR(Q_K), SMALL(5) }; CHECK(call(g, a, 1, 1)); }
    { obj a[] = { SMALL(1), SMALL(2), SMALL(3), QSTR(Q_K), SMALL(5) }; CHECK(call(g, a, 3, 1)); }
    { obj a[] = { SMALL(1), QSTR(Q_K), SMALL(5), QSTR(Q_D), SMALL(6), QSTR(Q_ZZ), SMALL(7) }; CHECK(call(g, a, 1, 3)); }
    { obj a[] = { QSTR(Q_K), SMALL(5), QSTR(Q_A), SMALL(0), QSTR(Q_B), SMALL(1) }; CHECK(call(g, a, 0, 3)); }
    /* keyword names as heap str objects (f(**{'b': 2, 'c': 3}) with computed keys) */
    obj b_str = upy_subscr(QSTR(Q_XB), upy_build_slice(SMALL(1), NONE, NONE));  /* 'b' */
    obj zz_str = upy_binop(0, QSTR(Q_ZZ), QSTR(Q_EMPTY));                        /* 'zz' */
    CHECK(b_str && zz_str);
    { obj kv[] = { b_str, SMALL(2), QSTR(Q_C), SMALL(3) };
      obj one = SMALL(1);
      CHECK(upy_call_ex(f, upy_build_tuple(&one, 1), upy_build_dict(kv, 2))); }
    { obj kv[] = { QSTR(Q_K), SMALL(5), zz_str, SMALL(6) };
      obj pos[] = { SMALL(1), SMALL(2) };
      CHECK(upy_call_ex(g, upy_build_list(pos, 2), upy_build_dict(kv, 2))); }
    /* 12 slots: the heap array */
    { obj a[] = { SMALL(0), SMALL(1), SMALL(2), SMALL(3), SMALL(4), SMALL(5), SMALL(6), SMALL(7), SMALL(70),
                  QSTR(Q_P8), SMALL(8), QSTR(Q_ZZ), SMALL(99) };
      CHECK(call(big, a, 9, 2)); }
    /* closure and cell */
    obj cell = upy_make_cell(SMALL(40));
    obj clo = upy_make_function(clo_desc, 0, 0, upy_build_tuple(&cell, 1));
    CHECK(clo);
    { obj a = SMALL(2); CHECK(p1(call(clo, &a, 1, 0))); }
    { obj a[] = { QSTR(Q_A), SMALL(3) }; CHECK(p1(call(clo, a, 0, 1))); }
    CHECK(p1(cell));
    CHECK(p1(builtin1(Q_TYPE, cell)));
    /* printing, attributes, callable, hash, type */
    CHECK(p1(upy_load_attr(f, QSTR(Q_NAME))));
    CHECK(p1(upy_load_attr(builtin1(Q_TYPE, f), QSTR(Q_NAME))));
    CHECK(p1(builtin1(Q_CALLABLE, f)));
    CHECK(p2(upy_binop(16, builtin1(Q_HASH, f), builtin1(Q_HASH, f)), upy_binop(16, f, f2)));
    { obj kv[] = { f, SMALL(1), g, SMALL(2) }; obj d = upy_build_dict(kv, 2); CHECK(d);
      CHECK(p2(upy_subscr(d, g), upy_subscr(d, f))); }
    /* called by a builtin: list(map(clo, [1, 2])) */
    { obj items[] = { SMALL(1), SMALL(2) }; obj m[] = { clo, upy_build_list(items, 2) };
      CHECK(p1(builtin1(Q_LIST, upy_call(upy_load_builtin(QSTR(Q_MAP)), m, 2, 0)))); }
    /* errors */
    { obj a[] = { SMALL(1), SMALL(2), SMALL(3), SMALL(4) }; EXPECT_ERR(call(f, a, 4, 0)); }
    { obj a[] = { SMALL(1) }; EXPECT_ERR(call(h, a, 1, 0)); }
    { obj a[] = { SMALL(1), QSTR(Q_A), SMALL(2) }; EXPECT_ERR(call(f, a, 1, 1)); }
    { obj a[] = { SMALL(1), SMALL(2), QSTR(Q_ZZ), SMALL(3) }; EXPECT_ERR(call(f, a, 2, 1)); }
    { obj a[] = { QSTR(Q_ZZ), SMALL(3) }; EXPECT_ERR(call(h, a, 0, 1)); }
    EXPECT_ERR(call(f, 0, 0, 0));
    EXPECT_ERR(call(f2, 0, 0, 0));
    { obj a[] = { QSTR(Q_C), SMALL(3) }; EXPECT_ERR(call(f, a, 0, 1)); }
    { obj a[] = { SMALL(1) }; EXPECT_ERR(call(g, a, 1, 0)); }
    { obj a[] = { QSTR(Q_K), SMALL(1) }; EXPECT_ERR(call(g, a, 0, 1)); }
    { obj a[] = { SMALL(0), SMALL(1), SMALL(2), SMALL(3), SMALL(4), SMALL(5), SMALL(6), SMALL(7) };
      EXPECT_ERR(call(big, a, 8, 0)); }
    { obj kv[] = { QSTR(Q_A), SMALL(5) }; obj one = SMALL(1);
      EXPECT_ERR(upy_call_ex(f, upy_build_tuple(&one, 1), upy_build_dict(kv, 1))); }
    { obj a[] = { SMALL(1), b_str, SMALL(2), QSTR(Q_B), SMALL(3) }; EXPECT_ERR(call(f, a, 1, 2)); }
    /* an exception raised by the code propagates */
    obj r = upy_make_function(raise_desc, 0, 0, 0);
    { obj a = SMALL(1); EXPECT_ERR(call(r, &a, 1, 0)); }
    { obj a[] = { QSTR(Q_A), SMALL(1) }; EXPECT_ERR(call(r, a, 0, 1)); }
    /* many calls that allocate *args tuples and **kwargs dicts: the GC must keep
     * the bound values alive */
    long n = getenv("UPY_N") ? atol(getenv("UPY_N")) : 1000000;
    obj kwd2[2] = { QSTR(Q_D), SMALL(4) };
    obj quiet = upy_make_function(stress_desc, 0, upy_build_dict(kwd2, 1), 0);
    CHECK(quiet);
    obj total = SMALL(0);
    for (long i = 0; i < n; i++) {
        obj a[] = { SMALL(i), SMALL(1), SMALL(2), QSTR(Q_K), SMALL(3), QSTR(Q_ZZ), SMALL(i & 7) };
        obj v = call(quiet, a, 3, 2);
        CHECK(v);
        CHECK(total = upy_binop(0, total, v));
    }
    CHECK(p1(total));
    return NONE;
}

static obj print_fun(void) {
    obj f = upy_make_function(h_desc, 0, 0, 0);
    CHECK(f);
    return p1(f);
}

obj upy_main(void) {
    const char *c = getenv("UPY_CASE");
    obj r;
    if (c && !strcmp(c, "print")) r = print_fun();
    else r = run();
    if (!r) upy_tb_add(QSTR(Q_APP), 1, QSTR(Q_MODULE));
    return r;
}
