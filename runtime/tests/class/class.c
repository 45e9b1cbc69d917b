/* Host test of user-defined classes (runtime/src/class.rs, instance.rs, descr.rs)
 * without the compiler: methods are C `code` entries, class bodies are dicts built in
 * C, passed to upy_build_class. class.py is the same program in Python; run.sh compares
 * this program's output with class.expected (CPython's output of class.py, with
 * MicroPython's error wording). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef uintptr_t obj;
typedef obj (*code_fn)(obj, const obj *);
#define SMALL(v) ((obj)(((intptr_t)(v) << 1) | 1))
#define SVAL(o) ((intptr_t)(o) >> 1)
#define QSTR(q) ((obj)(((uintptr_t)(q) << 3) | 2))
#define NONE ((obj)6)
#define FALSE_ ((obj)14)
#define TRUE_ ((obj)22)
#define STOP ((obj)30)
enum { ADD = 0, SUB = 1, MUL = 2, LT = 12, EQ = 16, IN = 18, INPLACE = 32 };
enum { NEG = 0 };

obj upy_print(const obj *args, uintptr_t n, obj sep, obj end);
obj upy_call(obj callee, const obj *args, uintptr_t n_pos, uintptr_t n_kw);
obj upy_call_method(obj name, const obj *args, uintptr_t n_pos, uintptr_t n_kw);
obj upy_make_function(const uintptr_t *desc, obj defaults, obj kwdefaults, obj closure);
obj upy_build_tuple(const obj *items, uintptr_t n);
obj upy_build_list(const obj *items, uintptr_t n);
obj upy_build_dict(const obj *kv, uintptr_t npairs);
obj upy_dict_store(obj d, obj k, obj v);
obj upy_subscr(obj o, obj index);
obj upy_store_subscr(obj o, obj index, obj v);
obj upy_delete_subscr(obj o, obj index);
obj upy_load_attr(obj o, obj name);
obj upy_store_attr(obj o, obj name, obj v);
obj upy_delete_attr(obj o, obj name);
obj upy_load_builtin(obj name);
obj upy_binop(uintptr_t op, obj a, obj b);
obj upy_unop(uintptr_t op, obj a);
uintptr_t upy_is_true(obj a);
obj upy_get_iter(obj o);
obj upy_iter_next(obj it);
obj upy_exc_take(void);
obj upy_exc_match(obj e, obj kind);
obj upy_raise(obj e, obj cause);
void upy_tb_add(obj file, uintptr_t line, obj func);
obj upy_build_class(obj name, obj bases, obj ns);
obj upy_super(obj cls, obj inst);

#define QSTRS(X) X(EMPTY, "") X(MODULE, "<module>") X(MAIN, "__main__") X(NAME, "__name__") \
    X(PRINT, "print") X(RANGE, "range") X(APP, "app.py") X(COLON, ": ") \
    X(INIT, "__init__") X(ADD_, "__add__") X(RADD, "__radd__") X(EQ_, "__eq__") X(REPR, "__repr__") \
    X(STR_, "__str__") X(LEN, "__len__") X(BOOL, "__bool__") X(GETITEM, "__getitem__") \
    X(SETITEM, "__setitem__") X(DELITEM, "__delitem__") X(CONTAINS, "__contains__") \
    X(ITER, "__iter__") X(NEXT, "__next__") X(CALL, "__call__") X(NEG_, "__neg__") \
    X(IADD, "__iadd__") X(LT_, "__lt__") X(HASH, "__hash__") X(GETATTR, "__getattr__") \
    X(CLASS, "__class__") X(MRO, "__mro__") X(SUB_, "__sub__") \
    X(POINT, "Point") X(X_, "x") X(Y_, "y") X(NORM, "norm") X(PREPR, "P(...)") \
    X(A, "A") X(B, "B") X(C, "C") X(D, "D") X(F, "f") X(G, "g") X(AG, "A.g") \
    X(W, "W") X(XX, "X") X(YY, "Y") X(ZZ, "Z") X(BAD, "Bad") \
    X(MYERR, "MyError") X(CODE, "code") X(BOOM, "boom") X(ARGS, "args") X(VALERR, "ValueError") \
    X(TEMP, "Temp") X(V, "v") X(_V, "_v") X(PROPERTY, "property") X(SETTER, "setter") \
    X(STATICM, "staticmethod") X(CLASSM, "classmethod") X(S, "s") X(MAKE, "make") \
    X(BAG, "Bag") X(ITEMS, "items") X(I_, "i") X(COUNTER, "Counter") X(N, "n") \
    X(ISINSTANCE, "isinstance") X(ISSUBCLASS, "issubclass") X(TYPE, "type") X(LEN_B, "len") \
    X(HASH_B, "hash") X(LIST, "list") X(SORTED, "sorted") X(NOTIMPL, "NotImplemented") \
    X(OBJECT, "object") X(STR_B, "str") X(REPR_B, "repr") X(K, "K") X(STRV, "str-of-K") \
    X(REPRV, "repr-of-K") X(MISSING, "missing") X(DYN, "dyn:") X(BADINIT, "BadInit") \
    X(NUM, "Num") X(CALLABLE, "callable") X(EXC, "Exception") X(CTX, "Ctx") X(ENTER, "__enter__") \
    X(EXIT, "__exit__") X(COUNT, "count") X(RO, "RO") X(GETATTR_B, "getattr") X(BASE, "Base") \
    X(TYPEERR, "TypeError") X(HELLO, "hello") X(STOPITER, "StopIteration")
#define ENUM(id, s) Q_##id,
enum { QSTRS(ENUM) Q_COUNT_ };
#define CAT(id, s) s
const char upy_qstr_data[] = QSTRS(CAT);
#define LEN(id, s) sizeof(s) - 1,
static const uint32_t lens[] = { QSTRS(LEN) };
const uint32_t upy_qstr_count = Q_COUNT_;
uint32_t upy_qstr_offsets[Q_COUNT_ + 1];

__attribute__((constructor)) static void fill_offsets(void) {
    uint32_t o = 0;
    for (int i = 0; i < Q_COUNT_; i++) { upy_qstr_offsets[i] = o; o += lens[i]; }
    upy_qstr_offsets[Q_COUNT_] = o;
}

#define Q(id) QSTR(Q_##id)
#define CHECK(e) do { if ((e) == 0) return 0; } while (0)
static obj pr(obj a) { return upy_print(&a, 1, 0, 0); }
static obj pr2(obj a, obj b) { obj v[2] = {a, b}; return upy_print(v, 2, 0, 0); }
static obj pr3(obj a, obj b, obj c) { obj v[3] = {a, b, c}; return upy_print(v, 3, 0, 0); }
static obj bi(int q) { return upy_load_builtin(QSTR(q)); }
static obj call1(obj f, obj a) { return upy_call(f, &a, 1, 0); }
static obj call2(obj f, obj a, obj b) { obj v[2] = {a, b}; return upy_call(f, v, 2, 0); }
static obj meth0(int name, obj self) { return upy_call_method(QSTR(name), &self, 0, 0); }
static obj meth1(int name, obj self, obj a) { obj v[2] = {self, a}; return upy_call_method(QSTR(name), v, 1, 0); }
static obj attr(obj o, int name) { return upy_load_attr(o, QSTR(name)); }
static obj tname(obj o) { return attr(call1(bi(Q_TYPE), o), Q_NAME); }

static obj mkfun(code_fn code, int name, int npos) {
    uintptr_t *d = calloc(6, sizeof(uintptr_t));
    d[0] = (uintptr_t)code; d[1] = QSTR(name); d[2] = npos;
    return upy_make_function(d, 0, 0, 0);
}
static obj mkclass(int name, const obj *bases, int nb, const obj *kv, int npairs) {
    obj ns = upy_build_dict(kv, npairs);
    CHECK(ns);
    return upy_build_class(QSTR(name), upy_build_tuple(bases, nb), ns);
}
/* Prints "ExcName: message" for the pending exception and clears it. */
static obj show_exc(void) {
    obj e = upy_exc_take();
    obj v[2] = {tname(e), e};
    CHECK(v[0]);
    return upy_print(v, 2, Q(COLON), 0) ? NONE : 0;
}
#define EXPECT_ERR(e) do { if ((e) != 0) { pr(Q(MISSING)); return 0; } CHECK(show_exc()); } while (0)

static obj Point, A, B, MyError, Bag, Counter, Num;

/* ---- Point ---- */
static obj point_init(obj f, const obj *s) {
    (void)f;
    CHECK(upy_store_attr(s[0], Q(X_), s[1]));
    CHECK(upy_store_attr(s[0], Q(Y_), s[2]));
    return NONE;
}
static obj point_norm(obj f, const obj *s) {
    (void)f;
    obj x = attr(s[0], Q_X_), y = attr(s[0], Q_Y_);
    CHECK(x && y);
    return upy_binop(ADD, upy_binop(MUL, x, x), upy_binop(MUL, y, y));
}
static obj point_add(obj f, const obj *s) {
    (void)f;
    obj a = upy_binop(ADD, attr(s[0], Q_X_), attr(s[1], Q_X_));
    obj b = upy_binop(ADD, attr(s[0], Q_Y_), attr(s[1], Q_Y_));
    CHECK(a && b);
    return call2(Point, a, b);
}
static obj point_radd(obj f, const obj *s) {   /* n + p: adds n to x */
    (void)f;
    obj a = upy_binop(ADD, attr(s[0], Q_X_), s[1]);
    CHECK(a);
    return call2(Point, a, attr(s[0], Q_Y_));
}
static obj point_eq(obj f, const obj *s) {
    (void)f;
    /* not a Point: NotImplemented */
    obj r = upy_call(bi(Q_ISINSTANCE), (obj[]){s[1], Point}, 2, 0);
    if (r != TRUE_) return bi(Q_NOTIMPL);
    obj ex = upy_binop(EQ, attr(s[0], Q_X_), attr(s[1], Q_X_));
    if (ex != TRUE_) return ex;
    return upy_binop(EQ, attr(s[0], Q_Y_), attr(s[1], Q_Y_));
}

/* ---- A, B(A) with super ---- */
static obj a_f(obj f, const obj *s) { (void)f; (void)s; return SMALL(1); }
static obj a_g(obj f, const obj *s) { (void)f; (void)s; return Q(AG); }
static obj b_f(obj f, const obj *s) {   /* return super().f() + 10 */
    (void)f;
    obj sup = upy_super(B, s[0]);
    CHECK(sup);
    return upy_binop(ADD, meth0(Q_F, sup), SMALL(10));
}

/* ---- MyError(ValueError) ---- */
static obj myerr_init(obj f, const obj *s) {   /* super().__init__("boom"); self.code = code */
    (void)f;
    obj sup = upy_super(MyError, s[0]);
    CHECK(sup);
    CHECK(meth1(Q_INIT, sup, Q(BOOM)));
    CHECK(upy_store_attr(s[0], Q(CODE), s[1]));
    return NONE;
}

/* ---- Temp: property ---- */
static obj temp_get(obj f, const obj *s) { (void)f; return attr(s[0], Q__V); }
static obj temp_set(obj f, const obj *s) {
    (void)f;
    return upy_store_attr(s[0], Q(_V), upy_binop(MUL, s[1], SMALL(2)));
}

/* ---- C: staticmethod, classmethod ---- */
static obj c_s(obj f, const obj *s) { (void)f; return upy_binop(ADD, s[0], SMALL(1)); }
static obj c_make(obj f, const obj *s) { (void)f; return upy_call(s[0], 0, 0, 0); }

/* ---- Bag: container protocol ---- */
static obj bag_init(obj f, const obj *s) {
    (void)f;
    return upy_store_attr(s[0], Q(ITEMS), upy_build_list(0, 0));
}
static obj bag_items(obj self) { return attr(self, Q_ITEMS); }
static obj bag_len(obj f, const obj *s) { (void)f; return call1(bi(Q_LEN_B), bag_items(s[0])); }
static obj bag_getitem(obj f, const obj *s) { (void)f; return upy_subscr(bag_items(s[0]), s[1]); }
static obj bag_setitem(obj f, const obj *s) {
    (void)f;
    return upy_store_subscr(bag_items(s[0]), s[1], s[2]);
}
static obj bag_delitem(obj f, const obj *s) { (void)f; return upy_delete_subscr(bag_items(s[0]), s[1]); }
static obj bag_contains(obj f, const obj *s) { (void)f; return upy_binop(IN, s[1], bag_items(s[0])); }
static obj bag_iter(obj f, const obj *s) {   /* a Counter over the items */
    (void)f;
    return call1(Counter, s[0]);
}
static obj bag_iadd(obj f, const obj *s) {
    (void)f;
    CHECK(upy_binop(ADD | INPLACE, bag_items(s[0]), upy_build_list(&s[1], 1)));
    return s[0];
}

/* ---- Counter: iterator ---- */
static obj counter_init(obj f, const obj *s) {
    (void)f;
    CHECK(upy_store_attr(s[0], Q(S), s[1]));
    return upy_store_attr(s[0], Q(I_), SMALL(0));
}
static obj counter_iter(obj f, const obj *s) { (void)f; return s[0]; }
static obj counter_next(obj f, const obj *s) {
    (void)f;
    obj i = attr(s[0], Q_I_), bag = attr(s[0], Q_S);
    CHECK(i && bag);
    if (SVAL(i) >= SVAL(call1(bi(Q_LEN_B), bag)))
        return upy_raise(bi(Q_STOPITER), 0);
    CHECK(upy_store_attr(s[0], Q(I_), SMALL(SVAL(i) + 1)));
    return upy_subscr(bag, i);
}

/* ---- Num: arithmetic, comparisons, hash, bool, call, neg ---- */
static obj num_init(obj f, const obj *s) { (void)f; return upy_store_attr(s[0], Q(N), s[1]); }
static obj num_n(obj o) { return attr(o, Q_N); }
static obj num_add(obj f, const obj *s) {
    (void)f;
    obj isnum = upy_call(bi(Q_ISINSTANCE), (obj[]){s[1], Num}, 2, 0);
    if (isnum != TRUE_) return bi(Q_NOTIMPL);
    return call1(Num, upy_binop(ADD, num_n(s[0]), num_n(s[1])));
}
static obj num_sub(obj f, const obj *s) { (void)f; return call1(Num, upy_binop(SUB, num_n(s[0]), s[1])); }
static obj num_lt(obj f, const obj *s) { (void)f; return upy_binop(LT, num_n(s[0]), num_n(s[1])); }
static obj num_bool(obj f, const obj *s) { (void)f; return upy_binop(EQ, num_n(s[0]), SMALL(0)) == TRUE_ ? FALSE_ : TRUE_; }
static obj num_call(obj f, const obj *s) { (void)f; return upy_binop(MUL, num_n(s[0]), s[1]); }
static obj num_neg(obj f, const obj *s) { (void)f; return call1(Num, upy_unop(NEG, num_n(s[0]))); }
static obj num_repr(obj f, const obj *s) { (void)f; return call1(bi(Q_STR_B), num_n(s[0])); }
static obj num_getattr(obj f, const obj *s) { (void)f; return s[1]; }

/* ---- K: __str__ vs __repr__ ---- */
static obj k_str(obj f, const obj *s) { (void)f; (void)s; return Q(STRV); }
static obj k_repr(obj f, const obj *s) { (void)f; (void)s; return Q(REPRV); }
static obj badinit(obj f, const obj *s) { (void)f; (void)s; return SMALL(3); }
static obj ctx_enter(obj f, const obj *s) { (void)f; return s[0]; }

#define FN(code, name, n) mkfun(code, Q_##name, n)

static obj run(void) {
    obj object = bi(Q_OBJECT);
    /* class Point */
    { obj kv[] = { Q(INIT), FN(point_init, INIT, 3), Q(NORM), FN(point_norm, NORM, 1),
                   Q(ADD_), FN(point_add, ADD_, 2), Q(RADD), FN(point_radd, RADD, 2),
                   Q(EQ_), FN(point_eq, EQ_, 2) };
      CHECK(Point = mkclass(Q_POINT, 0, 0, kv, 5)); }
    obj p = call2(Point, SMALL(1), SMALL(2));
    CHECK(p);
    CHECK(pr2(attr(p, Q_X_), attr(p, Q_Y_)));
    CHECK(pr(meth0(Q_NORM, p)));
    CHECK(pr(call1(attr(p, Q_NORM), NONE) ? NONE : (upy_exc_take(), Q(TYPEERR))));
    CHECK(pr(upy_call(attr(p, Q_NORM), 0, 0, 0)));
    obj q = upy_binop(ADD, p, p);
    CHECK(q);
    CHECK(pr2(attr(q, Q_X_), attr(q, Q_Y_)));
    obj r = upy_binop(ADD, SMALL(10), p);
    CHECK(r);
    CHECK(pr2(attr(r, Q_X_), attr(r, Q_Y_)));
    CHECK(pr3(upy_binop(EQ, p, call2(Point, SMALL(1), SMALL(2))), upy_binop(EQ, p, q),
              upy_binop(EQ + 1, p, q)));
    CHECK(pr2(upy_binop(EQ, p, SMALL(1)), upy_binop(EQ + 1, p, SMALL(1))));
    EXPECT_ERR(call1(bi(Q_HASH_B), p));            /* __eq__ without __hash__ */
    EXPECT_ERR(upy_binop(LT, p, q));
    EXPECT_ERR(attr(p, Q_ZZ));
    EXPECT_ERR(attr(Point, Q_ZZ));
    EXPECT_ERR(meth0(Q_ZZ, p));
    EXPECT_ERR(call1(Point, SMALL(1)));
    CHECK(pr3(tname(p), attr(Point, Q_NAME), attr(attr(p, Q_CLASS), Q_NAME)));
    CHECK(pr2(upy_binop(EQ, call1(bi(Q_TYPE), p), Point), upy_binop(EQ, attr(p, Q_CLASS), Point)));
    CHECK(pr(Point));
    CHECK(pr(call1(bi(Q_CALLABLE), p)));
    /* class attributes through the class, shadowed by the instance */
    CHECK(upy_store_attr(Point, Q(COUNT), SMALL(0)));
    CHECK(upy_store_attr(Point, Q(COUNT), upy_binop(ADD | INPLACE, attr(Point, Q_COUNT), SMALL(1))));
    CHECK(pr2(attr(Point, Q_COUNT), attr(p, Q_COUNT)));
    CHECK(upy_store_attr(p, Q(COUNT), SMALL(7)));
    CHECK(pr2(attr(Point, Q_COUNT), attr(p, Q_COUNT)));
    CHECK(upy_delete_attr(p, Q(COUNT)));
    CHECK(pr(attr(p, Q_COUNT)));
    EXPECT_ERR(upy_delete_attr(p, Q(COUNT)));
    /* unbound method through the class */
    CHECK(pr(call1(attr(Point, Q_NORM), q)));

    /* inheritance, super, isinstance */
    { obj kv[] = { Q(F), FN(a_f, F, 1), Q(G), FN(a_g, G, 1) }; CHECK(A = mkclass(Q_A, &object, 1, kv, 2)); }
    { obj kv[] = { Q(F), FN(b_f, F, 1) }; CHECK(B = mkclass(Q_B, &A, 1, kv, 1)); }
    obj b = upy_call(B, 0, 0, 0);
    CHECK(b);
    CHECK(pr3(meth0(Q_F, b), meth0(Q_G, b), upy_call(attr(b, Q_F), 0, 0, 0)));
    CHECK(pr3(upy_call(bi(Q_ISINSTANCE), (obj[]){b, A}, 2, 0), upy_call(bi(Q_ISINSTANCE), (obj[]){b, object}, 2, 0),
              upy_call(bi(Q_ISINSTANCE), (obj[]){p, A}, 2, 0)));
    CHECK(pr3(upy_call(bi(Q_ISSUBCLASS), (obj[]){B, A}, 2, 0), upy_call(bi(Q_ISSUBCLASS), (obj[]){A, B}, 2, 0),
              upy_call(bi(Q_ISSUBCLASS), (obj[]){B, object}, 2, 0)));
    /* C3 */
    obj X, Y, Z, Wc;
    CHECK(X = mkclass(Q_XX, 0, 0, 0, 0));
    CHECK(Y = mkclass(Q_YY, &X, 1, 0, 0));
    CHECK(Z = mkclass(Q_ZZ, &X, 1, 0, 0));
    { obj bs[] = { Y, Z }; CHECK(Wc = mkclass(Q_W, bs, 2, 0, 0)); }
    { obj mro = attr(Wc, Q_MRO); CHECK(mro);
      obj it = upy_get_iter(mro), c; CHECK(it);
      while ((c = upy_iter_next(it)) != STOP) { CHECK(c); CHECK(upy_print((obj[]){attr(c, Q_NAME)}, 1, 0, Q(COLON))); }
      CHECK(pr(Q(EMPTY))); }
    CHECK(pr(upy_call(bi(Q_ISINSTANCE), (obj[]){upy_call(Wc, 0, 0, 0), Z}, 2, 0)));
    { obj bs[] = { X, Y }; EXPECT_ERR(mkclass(Q_BAD, bs, 2, 0, 0)); }
    { obj bs[] = { X, X }; EXPECT_ERR(mkclass(Q_BAD, bs, 2, 0, 0)); }
    { obj bs[] = { bi(Q_LIST) }; EXPECT_ERR(mkclass(Q_BAD, bs, 1, 0, 0)); }

    /* exceptions */
    { obj ve = bi(Q_VALERR); obj kv[] = { Q(INIT), FN(myerr_init, INIT, 2) };
      CHECK(MyError = mkclass(Q_MYERR, &ve, 1, kv, 1)); }
    CHECK(upy_raise(call1(MyError, SMALL(42)), 0) == 0);
    obj e = upy_exc_take();
    CHECK(pr3(upy_exc_match(e, bi(Q_VALERR)), upy_exc_match(e, MyError), upy_exc_match(e, bi(Q_TYPEERR))));
    CHECK(pr3(e, attr(e, Q_CODE), attr(e, Q_ARGS)));
    CHECK(pr2(call1(bi(Q_REPR_B), e), tname(e)));
    CHECK(pr(upy_call(bi(Q_ISINSTANCE), (obj[]){e, bi(Q_EXC)}, 2, 0)));
    obj Plain;
    { obj ex = bi(Q_EXC); CHECK(Plain = mkclass(Q_BASE, &ex, 1, 0, 0)); }
    CHECK(upy_raise(Plain, 0) == 0);
    e = upy_exc_take();
    CHECK(pr3(call1(bi(Q_REPR_B), e), upy_exc_match(e, bi(Q_EXC)), upy_exc_match(e, Plain)));
    e = upy_call(Plain, (obj[]){Q(HELLO), SMALL(2)}, 2, 0);
    CHECK(pr2(e, attr(e, Q_ARGS)));
    EXPECT_ERR(upy_raise(p, 0));

    /* property */
    obj Temp;
    { obj prop = call1(bi(Q_PROPERTY), FN(temp_get, V, 1));
      CHECK(prop);
      obj prop2 = call1(attr(prop, Q_SETTER), FN(temp_set, V, 2));
      obj kv[] = { Q(V), prop2, Q(RO), prop };
      CHECK(Temp = mkclass(Q_TEMP, 0, 0, kv, 2)); }
    obj t = upy_call(Temp, 0, 0, 0);
    CHECK(t);
    CHECK(upy_store_attr(t, Q(V), SMALL(5)));
    CHECK(pr2(attr(t, Q_V), attr(t, Q__V)));
    CHECK(pr(attr(t, Q_RO)));
    EXPECT_ERR(upy_store_attr(t, Q(RO), SMALL(1)));
    CHECK(pr(tname(attr(Temp, Q_V))));

    /* staticmethod, classmethod */
    obj C, D;
    { obj kv[] = { Q(S), call1(bi(Q_STATICM), FN(c_s, S, 1)), Q(MAKE), call1(bi(Q_CLASSM), FN(c_make, MAKE, 1)) };
      CHECK(C = mkclass(Q_C, 0, 0, kv, 2)); }
    CHECK(D = mkclass(Q_D, &C, 1, 0, 0));
    obj c = upy_call(C, 0, 0, 0);
    CHECK(c);
    CHECK(pr2(call1(attr(C, Q_S), SMALL(1)), meth1(Q_S, c, SMALL(2))));
    CHECK(pr3(tname(meth0(Q_MAKE, C)), tname(meth0(Q_MAKE, D)), tname(upy_call(attr(upy_call(D, 0, 0, 0), Q_MAKE), 0, 0, 0))));

    /* container protocol, iteration */
    { obj kv[] = { Q(INIT), FN(counter_init, INIT, 2), Q(ITER), FN(counter_iter, ITER, 1),
                   Q(NEXT), FN(counter_next, NEXT, 1) };
      CHECK(Counter = mkclass(Q_COUNTER, 0, 0, kv, 3)); }
    { obj kv[] = { Q(INIT), FN(bag_init, INIT, 1), Q(LEN), FN(bag_len, LEN, 1),
                   Q(GETITEM), FN(bag_getitem, GETITEM, 2), Q(SETITEM), FN(bag_setitem, SETITEM, 3),
                   Q(DELITEM), FN(bag_delitem, DELITEM, 2), Q(CONTAINS), FN(bag_contains, CONTAINS, 2),
                   Q(ITER), FN(bag_iter, ITER, 1), Q(IADD), FN(bag_iadd, IADD, 2) };
      CHECK(Bag = mkclass(Q_BAG, 0, 0, kv, 8)); }
    obj bag = upy_call(Bag, 0, 0, 0);
    CHECK(bag);
    CHECK(pr2(call1(bi(Q_LEN_B), bag), upy_is_true(bag) == 1 ? TRUE_ : FALSE_));
    obj bag2 = upy_binop(ADD | INPLACE, bag, SMALL(5));
    CHECK(bag2);
    CHECK(upy_binop(ADD | INPLACE, bag, SMALL(6)));
    CHECK(upy_binop(ADD | INPLACE, bag, SMALL(7)));
    CHECK(pr3(upy_binop(EQ, bag2, bag), call1(bi(Q_LEN_B), bag), upy_is_true(bag) == 1 ? TRUE_ : FALSE_));
    CHECK(upy_store_subscr(bag, SMALL(0), SMALL(50)));
    CHECK(pr3(upy_subscr(bag, SMALL(0)), upy_subscr(bag, SMALL(-1)), attr(bag, Q_ITEMS)));
    CHECK(upy_delete_subscr(bag, SMALL(1)));
    CHECK(pr3(upy_binop(IN, SMALL(7), bag), upy_binop(IN, SMALL(6), bag), upy_binop(IN + 1, SMALL(6), bag)));
    CHECK(pr(call1(bi(Q_LIST), bag)));
    CHECK(pr(call1(bi(Q_SORTED), bag)));
    EXPECT_ERR(upy_subscr(bag, SMALL(9)));
    EXPECT_ERR(upy_subscr(p, SMALL(0)));
    EXPECT_ERR(upy_get_iter(p));
    EXPECT_ERR(call1(bi(Q_LEN_B), p));

    /* arithmetic, comparisons, hash, bool, call, neg, getattr */
    { obj kv[] = { Q(INIT), FN(num_init, INIT, 2), Q(ADD_), FN(num_add, ADD_, 2), Q(SUB_), FN(num_sub, SUB_, 2),
                   Q(LT_), FN(num_lt, LT_, 2), Q(BOOL), FN(num_bool, BOOL, 1), Q(CALL), FN(num_call, CALL, 2),
                   Q(NEG_), FN(num_neg, NEG_, 1), Q(REPR), FN(num_repr, REPR, 1), Q(GETATTR), FN(num_getattr, GETATTR, 2) };
      CHECK(Num = mkclass(Q_NUM, 0, 0, kv, 9)); }
    obj n1 = call1(Num, SMALL(1)), n5 = call1(Num, SMALL(5)), n0 = call1(Num, SMALL(0));
    CHECK(n1 && n5 && n0);
    CHECK(pr3(upy_binop(ADD, n1, n5), upy_binop(SUB, n5, SMALL(2)), upy_unop(NEG, n5)));
    CHECK(pr3(upy_binop(LT, n1, n5), upy_binop(LT + 2, n1, n5), upy_binop(EQ, n1, n1)));
    CHECK(pr3(upy_is_true(n0) == 1 ? TRUE_ : FALSE_, upy_is_true(n5) == 1 ? TRUE_ : FALSE_, call1(n5, SMALL(3))));
    CHECK(pr2(upy_binop(EQ, call1(bi(Q_HASH_B), n1), call1(bi(Q_HASH_B), n1)), attr(n1, Q_DYN)));
    CHECK(pr(call1(bi(Q_SORTED), upy_build_list((obj[]){n5, n1, n0}, 3))));
    EXPECT_ERR(upy_binop(ADD, n1, SMALL(1)));
    EXPECT_ERR(upy_binop(ADD, SMALL(1), n1));
    EXPECT_ERR(upy_binop(ADD, n1, p));
    EXPECT_ERR(upy_unop(NEG, p));
    EXPECT_ERR(upy_call(p, 0, 0, 0));
    CHECK(pr(call1(bi(Q_CALLABLE), n1)));
    { obj kv[] = { Q(D), SMALL(4) }; obj d = upy_build_dict(kv, 1); CHECK(d);
      CHECK(upy_dict_store(d, n1, SMALL(1)));
      CHECK(pr2(upy_subscr(d, n1), upy_binop(IN, n5, d))); }

    /* __str__ vs __repr__; __init__ returning a value; context manager by name */
    obj Kc;
    { obj kv[] = { Q(STR_), FN(k_str, STR_, 1), Q(REPR), FN(k_repr, REPR, 1), Q(ENTER), FN(ctx_enter, ENTER, 1) };
      CHECK(Kc = mkclass(Q_K, 0, 0, kv, 3)); }
    obj k = upy_call(Kc, 0, 0, 0);
    CHECK(k);
    CHECK(pr3(k, call1(bi(Q_REPR_B), k), upy_build_list(&k, 1)));
    CHECK(pr(upy_binop(EQ, meth0(Q_ENTER, k), k)));
    { obj kv[] = { Q(INIT), FN(badinit, INIT, 1) }; obj Bi = mkclass(Q_BADINIT, 0, 0, kv, 1); CHECK(Bi);
      EXPECT_ERR(upy_call(Bi, 0, 0, 0)); }

    /* many instances, dicts and bound methods: the GC must keep classes and
     * instance dicts alive */
    { obj total = SMALL(0);
      long n = getenv("UPY_N") ? atol(getenv("UPY_N")) : 200000;
      for (long i = 0; i < n; i++) {
          obj pt = call2(Point, SMALL(i & 15), SMALL(1));
          CHECK(pt);
          obj v = upy_call(attr(upy_binop(ADD, pt, pt), Q_NORM), 0, 0, 0);
          CHECK(v);
          CHECK(total = upy_binop(ADD, total, v));
      }
      CHECK(pr(total)); }

    /* uncaught: the traceback names the user class */
    CHECK(upy_raise(call1(MyError, SMALL(1)), 0));
    return NONE;
}

obj upy_main(void) {
    obj r = run();
    if (!r) upy_tb_add(Q(APP), 1, Q(MODULE));
    return r;
}
