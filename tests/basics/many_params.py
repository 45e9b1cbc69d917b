# The largest parameter lists a function may have (63 positional, 63 keyword-only; the
# descriptor's shape holds six bits of each), called every way.
exec_args = list(range(63))


def f(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18,
      a19, a20, a21, a22, a23, a24, a25, a26, a27, a28, a29, a30, a31, a32, a33, a34, a35,
      a36, a37, a38, a39, a40, a41, a42, a43, a44, a45, a46, a47, a48, a49, a50, a51, a52,
      a53, a54, a55, a56, a57, a58, a59, a60, a61, a62=-1, *, k0=0, k1=1, k2=2, k3=3, k4=4,
      k5=5, k6=6, k7=7, k8=8, k9=9, k10=10, k11=11, k12=12, k13=13, k14=14, k15=15, k16=16,
      k17=17, k18=18, k19=19, k20=20, k21=21, k22=22, k23=23, k24=24, k25=25, k26=26,
      k27=27, k28=28, k29=29, k30=30, k31=31, k32=32, k33=33, k34=34, k35=35, k36=36,
      k37=37, k38=38, k39=39, k40=40, k41=41, k42=42, k43=43, k44=44, k45=45, k46=46,
      k47=47, k48=48, k49=49, k50=50, k51=51, k52=52, k53=53, k54=54, k55=55, k56=56,
      k57=57, k58=58, k59=59, k60=60, k61=61, k62=62):
    return a0 + a61 + a62, k0 + k62


print(f(*exec_args))
print(f(*exec_args[:62]))
print(f(*exec_args, k62=100, k0=-5))
print(f.__name__)
try:
    f(*range(64))
except TypeError:
    print("TypeError")
try:
    f(*exec_args, k63=1)
except TypeError:
    print("TypeError")
