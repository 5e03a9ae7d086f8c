"""CUDA sources: what the judge compiles ahead of the run (inline CuPy sources, templates made real by
`.replace`/`.format`/f-strings), and the C++ text rules, read as the compiler's lexer reads the text (comments
and string literals are not code), for load_inline and CuPy sources alike."""

from __future__ import annotations

import pytest

from kernelpilot.sandbox.checks import cpp_code, cpp_text_finding, cuda_sources, detect_backend, parse, run_static_checks


def checked(src: str):
    bad = run_static_checks(src)
    return None if bad is None else bad.check


CUPY = "import cupy as cp\nimport torch\nimport torch.nn as nn\n"
TAIL = "\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n"
SRC = 'extern "C" __global__ void f(float* y) { y[0] = BLOCK; }'


@pytest.mark.parametrize("body,sources", [
    (f"K = cp.RawKernel(r'''{SRC}''', 'f')", {"inline_line4": SRC}),
    (f"M = cp.RawModule(code='''{SRC}''')", {"inline_line4": SRC}),
    (f"S: str = '''{SRC}'''", {"S": SRC}),
    (f"T = '''{SRC}'''\nB = 256\nK = cp.RawKernel(T.replace('BLOCK', str(B)), 'f')",
     {"inline_line6": SRC.replace("BLOCK", "256")}),
    (f"T = '''{SRC}'''\nS = T.replace('BLOCK', '128')\nK = cp.RawKernel(S, 'f')", {"S": SRC.replace("BLOCK", "128")}),
    # .format on a literal (the one receiver the contract allows it on) and an f-string, braces doubled
    ('S = """extern "C" __global__ void f(float* y) {{ y[0] = {block}; }}""".format(block=64)',
     {"S": SRC.replace("BLOCK", "64")}),
    ('B = 32\nS = f"""extern "C" __global__ void f(float* y) {{ y[0] = {B}; }}"""', {"S": SRC.replace("BLOCK", "32")}),
    (f"H = '#define X 1\\n'\nT = '''{SRC}'''\nS = H + T", {"S": "#define X 1\n" + SRC}),
    # the template's value is made at run time: nothing to compile ahead (CuPy compiles it on the GPU)
    (f"T = '''{SRC}'''\nclass G:\n    def k(self, b):\n        return cp.RawKernel(T.replace('BLOCK', str(b)), 'f')", {}),
    (f"T = '''{SRC}'''\nK = cp.RawKernel(T, 'f')", {"T": SRC}),  # used as it is: compiled as it is
])
def test_cuda_sources_are_what_is_compiled(body, sources):
    tree = parse(CUPY + body + TAIL)
    assert cuda_sources(tree) == sources
    assert detect_backend(tree) == "cuda"


def test_a_replace_that_would_blow_up_is_not_folded():
    big = CUPY + f"S = '''{SRC}''' + ''\nS2 = S.replace('', '{'y' * 30000}')" + TAIL
    assert cuda_sources(parse(big)) == {}  # S is a template; S2 would be 1.6 MB, past the limit: not folded


@pytest.mark.parametrize("text,found", [
    ("// ######## banner\n__global__ void k(){}\n/* ## */", None),
    ('TORCH_CHECK(x, "## not pasting ##");', None),
    ("#define CAT(a, b) a##b\n", "token pasting"),
    ("#define CAT(a, b) a%:%:b\n", "token pasting"),
    ('// system("x")\nint a;', None),
    ('int a; system("ls");', "system"),
    ('const char* s = R"(")"; system("ls");', "system"),
    ('int xR = 0; auto s = xR"(" ; system("ls"); //)";', "system"),
    ('auto s = "a\\\n"; system("ls");', "system"),
    ("int a = 1'000'000; system(\"x\");", "system"),
    ("char c = '\"'; system(\"x\"); char d = '\"';", "system"),
    ('// trigraph ??/\nsystem("x");', "system"),
    ("#include <cublas_v2.h>", "cublas"),
    ('#include "cublas_v2.h"', "cublas"),
    ("%:include <cublas_v2.h>", "cublas"),
    ("// #include <cublas_v2.h>\n", None),
    ("#include <curand_kernel.h>\ncurand_init(1, 2, 3, &s); float r = curand_uniform(&s);", None),
    ("#include <curand.h>", "curand"),
    ("#include <curand_kernel.h>\ncurandCreateGenerator(&g, X);", "curandCreateGenerator"),
    ("#define H <cublas_v2.h>\n#include H\n", "macro"),
])
def test_cpp_text_rules_read_code_not_comments(text, found):
    why = cpp_text_finding(text)
    assert (why is None) if found is None else (why is not None and found in why), why


def test_cpp_code_blanks_comments_and_strings():
    assert cpp_code('a /* x */ b // y\n"s" \'c\'', keep_strings=False) == 'a   b  \n"" 0'
    assert cpp_code('#include "x.h" // y', keep_strings=True) == '#include "x.h"  '


@pytest.mark.parametrize("source,check", [
    ('S = r"""\n#include <cublas_v2.h>\nextern "C" __global__ void f(float* y) {}\n"""', "static.cuda_source"),
    ('S = r"""\nextern "C" __global__ void f(float* y) { system("x"); }\n"""', "static.cuda_source"),
    ('K = cp.RawKernel(r"""\n#define P(a, b) a##b\nextern "C" __global__ void f(float* y) {}\n""", "f")',
     "static.cuda_source"),
    ('T = r"""\nextern "C" __global__ void f(float* y) { SYS("x"); }\n"""\nS = T.replace("SYS", "sys" + "tem")',
     "static.cuda_source"),
    ('S = r"""\n// ### banner ###\n#include <curand_kernel.h>\nextern "C" __global__ void f(float* y) {}\n"""', None),
])
def test_cupy_sources_get_the_cpp_text_rules(source, check):
    src = CUPY + source + "\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n"
    assert checked(src) == check


# -- the stream, synchronisation and allocation forms a CuPy candidate may use ---------------------------------

KSRC = 'K = cp.RawKernel(r"""extern "C" __global__ void f(float* y) { y[0] = 1.f; }""", "f")\n'


def cupy_forward(body: str, head: str = "") -> str:
    return (CUPY + head + KSRC + "class ModelNew(nn.Module):\n    def forward(self, x):\n        "
            + body.replace("\n", "\n        ") + "\n")


LAUNCH = "K((1,), (1,), (cp.asarray(x),))"


@pytest.mark.parametrize("body,check", [
    # CuPy's PyTorch interop: the launch on torch's current stream, entered directly or through a name
    (f"with cp.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream):\n    {LAUNCH}\nreturn x", None),
    (f"s = cp.cuda.ExternalStream(torch.cuda.current_stream(x.device).cuda_stream, x.device.index)\nwith s:\n"
     f"    {LAUNCH}\nreturn x", None),
    # any other handle, or the interop stream used any other way, is a side stream
    (f"with cp.cuda.ExternalStream(12345):\n    {LAUNCH}\nreturn x", "static.streams"),
    (f"with cp.cuda.ExternalStream(torch.cuda.Stream().cuda_stream):\n    {LAUNCH}\nreturn x", "static.streams"),
    (f"s = cp.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream)\ns.use()\n{LAUNCH}\nreturn x",
     "static.streams"),
    (f"s = cp.cuda.ExternalStream(torch.cuda.current_stream().cuda_stream)\nwith s:\n    {LAUNCH}\n"
     "s = cp.cuda.ExternalStream(7)\nreturn x", "static.streams"),
    ("h = torch.cuda.current_stream().cuda_stream\nreturn x", "static.forbidden_api"),
    # a synchronize waits for work: a statement in a CUDA candidate
    (f"{LAUNCH}\ntorch.cuda.synchronize()\nreturn x", None),
    (f"{LAUNCH}\nsync = torch.cuda.synchronize\nsync()\nreturn x", "static.streams"),
    (f"{LAUNCH}\ntorch.cuda.current_stream().synchronize()\nreturn x", "static.streams"),
    # CuPy's allocators compute nothing; what is done with their arrays is judged as for any CuPy array
    ("y = cp.empty_like(cp.asarray(x))\nK((1,), (1,), (y,))\nreturn torch.as_tensor(y, device=x.device)", None),
    ("y = cp.zeros((4, 4), dtype=cp.float32)\nK((1,), (1,), (y,))\nreturn torch.as_tensor(y)", None),
    ("y = cp.empty((4,), dtype=cp.float32)\nreturn torch.as_tensor(y.sum())", "static.cupy_library"),
    ("y = cp.zeros_like(cp.asarray(x))\nreturn torch.as_tensor(y + 1)", "static.cupy_library"),
    ("return torch.as_tensor(cp.ones((4,)))", "static.cupy_library"),
])
def test_cupy_streams_synchronize_and_allocation(body, check):
    assert checked(cupy_forward(body)) == check


def test_synchronize_as_a_statement_is_allowed_in_a_triton_candidate_too():
    """A common habit after a launch: it waits for work, which lets none escape the timer (a no-op on a CPU)."""
    head = "import torch\nimport torch.nn as nn\nimport triton\n\n@triton.jit\ndef k(x):\n    pass\n\n"
    src = head + "class ModelNew(nn.Module):\n    def forward(self, x):\n        torch.cuda.synchronize()\n        return x\n"
    assert checked(src) is None
    aliased = head + ("class ModelNew(nn.Module):\n    def forward(self, x):\n        s = torch.cuda.synchronize\n"
                      "        s()\n        return x\n")
    assert checked(aliased) == "static.streams"


@pytest.mark.parametrize("body", [
    "self.inner = nn.Linear(4, 4)\n        self.inner.compile(backend='eager')",
    "nn.Module.compile(self, backend='eager')",
    "self.compile()",
    "self.f = torch._dynamo.optimize('eager')(self.forward)",
    "self.f = torch.compiler.compile(self.forward)",
])
def test_torch_compile_under_another_name_is_refused(body):
    src = (CUPY + KSRC + "class ModelNew(nn.Module):\n    def __init__(self):\n        super().__init__()\n        "
           + body + "\n\n    def forward(self, x):\n        return x\n")
    assert checked(src) in ("static.forbidden_api", "static.private_access")


# -- sources the file's own literals decide: locals, str.join, tables; NVRTC options, name_expressions, jitify ---

G = 'extern "C" __global__ void f(float* y) { y[0] = B; }'
H = "__device__ float two() { return 2.f; }\n"


def in_init(body: str) -> str:
    return (CUPY + "class ModelNew(nn.Module):\n    def __init__(self):\n        super().__init__()\n        "
            + body.replace("\n", "\n        ") + "\n\n    def forward(self, x):\n        return x\n")


def built(src: str) -> dict:
    return {k: (str(v), getattr(v, "options", ()), getattr(v, "name_expressions", ()))
            for k, v in cuda_sources(parse(src)).items()}


def test_sources_the_file_decides_are_compiled_with_their_options():
    # a local string of __init__, as LLM outputs keep everything in the class
    assert built(in_init(f"src = r'''{G}'''\nself.m = cp.RawModule(code=src)")) == {"inline_line8": (G, (), ())}
    # a header and a kernel joined with str.join: the joined text is compiled, the kernel part is an ingredient
    src = CUPY + f"HDR = '''{H}'''\nKER = r'''{G}'''\nM = cp.RawModule(code='\\n'.join([HDR, KER]))" + TAIL
    assert built(src) == {"inline_line7": (H + "\n" + G, (), ())}
    # a literal key of a module-level dict of sources
    src = CUPY + f"KERNELS = {{'f': r'''{G}''', 'g': 'x'}}\nK = cp.RawKernel(KERNELS['f'], 'f')" + TAIL
    assert built(src) == {"inline_line5": (G, (), ())}
    # NVRTC options and name_expressions go with the source; an architecture is the judge's
    src = CUPY + (f"S = r'''{G}'''\nB = 64\nK = cp.RawKernel(S, 'f', options=(f'-DB={{B}}', '--use_fast_math', "
                  "'-arch=sm_80'))\nM = cp.RawModule(code=S + '', options=('-std=c++14',), name_expressions=('f',))")
    assert built(src + TAIL) == {"S": (G, ("-DB=64", "--use_fast_math"), ()),
                                 "inline_line7": (G, ("-std=c++14",), ("f",))}


@pytest.mark.parametrize("body", [
    # Jitify supplies standard headers NVRTC lacks here; another backend; options known only at run time
    f"S = r'''{G}'''\nM = cp.RawModule(code=S, jitify=True)",
    f"S = r'''{G}'''\nK = cp.RawKernel(S, 'f', backend='nvcc')",
    f"S = r'''{G}'''\nclass W:\n    def k(self, b):\n        return cp.RawKernel(S, 'f', options=(f'-DB={{b}}',))",
    # one source compiled with different options at two calls
    f"S = r'''{G}'''\nK = cp.RawKernel(S, 'f', options=('-DB=1',))\nL = cp.RawKernel(S, 'f', options=('-DB=2',))",
    # a table that is changed after it is written, a local bound twice: not what the file's literals decide
    f"T = {{'f': r'''{G}'''}}\nT['f'] = T['f'].upper()\nK = cp.RawKernel(T['f'], 'f')",
    f"def make(flag):\n    s = r'''{G}'''\n    if flag:\n        s = 'x'\n    return cp.RawKernel(s, 'f')",
])
def test_sources_not_compiled_ahead(body):
    assert built(CUPY + body + TAIL) == {}


@pytest.mark.parametrize("body,check", [
    ("E = cp.ElementwiseKernel('T x', 'T y', 'y = x / (T(1) + exp(-x))', 'swish')", None),
    ("R = cp.ReductionKernel('T x', 'T y', 'x', 'a + b', 'y = a', '0', 'total')", None),
    ("OP = 'y = x * 2'\nE = cp.ElementwiseKernel('T x', 'T y', OP, 'dbl', options=('-DK=2',))", None),
    # the code strings get the C++ text rules, the preamble and the macros of the options included
    ("E = cp.ElementwiseKernel('T x', 'T y', 'y = x', 'k', preamble='#include <cublas_v2.h>')", "static.cuda_source"),
    ("E = cp.ElementwiseKernel('T x', 'T y', 'y = x', 'k', options=('-DRUN=system(0)',))", "static.cuda_source"),
    ("R = cp.ReductionKernel('T x', 'T y', 'x', 'a ## b', 'y = a', '0', 'r')", "static.cuda_source"),
    # code the judge cannot read
    ("class W:\n    def k(self, op):\n        return cp.ElementwiseKernel('T x', 'T y', op, 'k')", "static.cuda_source"),
    # options: allowed ones, or refused with the reason
    (f"K = cp.RawKernel(r'''{G}''', 'f', options=('-DB=1', '-std=c++17', '--fmad=false', '-lineinfo'))", None),
    (f"K = cp.RawKernel(r'''{G}''', 'f', options=('-I/usr/include',))", "static.cuda_source"),
    (f"K = cp.RawKernel(r'''{G}''', 'f', options=('--pre-include=cublas_v2.h',))", "static.cuda_source"),
    (f"K = cp.RawKernel(r'''{G}''', 'f', options=('--time=t.csv',))", "static.cuda_source"),
    (f"class W:\n    def k(self, o):\n        return cp.RawKernel(r'''{G}''', 'f', options=(o,))", "static.cuda_source"),
    (f"K = cp.RawKernel(r'''{G}''', 'f', options=('-DB=1', '-DRUN=system(0)'))", "static.cuda_source"),
    # the source-taking calls are called directly, and never load code from a file
    ("make = [cp.RawKernel][0]", "static.cuda_source"),
    ("M = cp.RawModule(path='/tmp/k.cubin')", "static.cuda_source"),
    (f"K = cp.cuda.compile_with_cache(r'''#include <cublas_v2.h>\n{G}''')", "static.cuda_source"),
])
def test_cupy_snippets_and_options(body, check):
    src = CUPY + KSRC + body + TAIL
    assert checked(src) == check


@pytest.mark.parametrize("body", [
    "E = cp.ElementwiseKernel('T x', 'T y', 'y = x', 'k')",
    f"KS = {{'f': r'''{G}'''}}\nK = cp.RawKernel(KS['f'], 'f')",
])
def test_a_cupy_snippet_or_table_is_a_kernel(body):
    assert detect_backend(parse(CUPY + body + TAIL)) == "cuda"


def test_an_unreadable_cupy_source_is_named():
    src = CUPY + "class W:\n    def k(self, s):\n        return cp.RawKernel(s, 'f')" + TAIL
    bad = run_static_checks(src)
    assert bad is not None and bad.check == "static.no_kernel" and "not text the judge can read" in bad.reason


LI = "import torch\nimport torch.nn as nn\nfrom torch.utils.cpp_extension import load_inline\n"
CU = "__global__ void k(float* y) { y[0] = B; }"


@pytest.mark.parametrize("body,check", [
    (f"CU: str = r'''{CU}'''\nCPP: str = 'void f();'\ne = load_inline('e', CPP, CU)", None),
    (f"B = 4\nCU = f'''{CU.replace('{', '{{').replace('}', '}}').replace('B;', '{B};')}'''\ne = load_inline('e', 'v', CU)",
     None),
    (f"class W:\n    def __init__(self):\n        cu = r'''{CU}'''\n        cpp = 'void f();'\n"
     "        self.e = load_inline('e', cpp_sources=cpp, cuda_sources=[cu])", None),
    (f"H = '#define B 1\\n'\nCU = r'''{CU}'''\ne = load_inline('e', 'v', '\\n'.join((H, CU)))", None),
    # what the judge reads must be what is compiled: a name bound twice, a parameter, a computed local
    (f"CU = r'''{CU}'''\ne = load_inline('e', 'v', CU)\nCU = 'x'", "static.cuda_extension"),
    ("class W:\n    def __init__(self, cu):\n        self.e = load_inline('e', 'v', cu)", "static.cuda_extension"),
    ("class W:\n    def __init__(self):\n        cu = ''.join(map(chr, [35]))\n        self.e = load_inline('e', 'v', cu)",
     "static.cuda_extension"),
    # and it gets the C++ text rules wherever it comes from
    ("class W:\n    def __init__(self):\n        cu = '#include <cublas_v2.h>'\n        self.e = load_inline('e', 'v', cu)",
     "static.cuda_extension"),
    ("S = ['#include <cudnn.h>']\ne = load_inline('e', 'v', S)", "static.cuda_extension"),
])
def test_load_inline_sources_the_file_decides(body, check):
    assert checked(LI + body + "\nclass ModelNew(nn.Module):\n    def forward(self, x):\n        return x\n") == check


@pytest.mark.parametrize("head,body,check", [
    # a CuPy array that comes back from a function of the file, an attribute, a container or a loop is one
    ("def wrap(t):\n    return cp.asarray(t)\n", "a = wrap(x)\nreturn torch.as_tensor(a.sum())", "static.cupy_library"),
    ("def wrap(t):\n    return (cp.asarray(t),)\n", "a, = wrap(x)\nreturn torch.as_tensor(a * 2)", "static.cupy_library"),
    ("def gen(ts):\n    for t in ts:\n        yield cp.asarray(t)\n", "for a in gen([x]):\n    a += 1\nreturn x",
     "static.cupy_library"),
    ("wrap = lambda t: cp.asarray(t)\n", "return torch.as_tensor(-wrap(x))", "static.cupy_library"),
    ("", "self.a = cp.asarray(x)\nreturn torch.as_tensor(self.a.max())", "static.cupy_library"),
    ("", "d = {}\nd['a'] = cp.asarray(x)\nreturn torch.as_tensor(d['a'])", "static.cupy_library"),
    ("", "arrs = [cp.asarray(x)]\nfor a in arrs:\n    a *= 2\nreturn x", "static.cupy_library"),
    ("", "return torch.as_tensor((cp.asarray(x) or cp.asarray(x)).sum())", "static.cupy_library"),
    # a CuPy array given to a library function, a computing builtin or a function of the file
    ("import operator\n", "return torch.as_tensor(operator.add(cp.asarray(x), cp.asarray(x)))", "static.cupy_library"),
    ("", "return torch.as_tensor(abs(cp.asarray(x)))", "static.cupy_library"),
    ("", "s = sum(cp.asarray(x))\nreturn x", "static.cupy_library"),
    ("def helper(a):\n    return a\n", "helper(cp.asarray(x))\nreturn x", "static.cupy_library"),
    # what launch glue does stays allowed
    ("", "args = (cp.asarray(x), cp.int32(x.numel()))\nK((1,), (1,), args)\nreturn x", None),
    ("", "a = cp.asarray(x)\nn = len(a)\nK((n,), (1,), (a,))\nreturn torch.as_tensor(a, device=x.device)", None),
    ("", "K((1,), (1,), (cp.asarray(x),), shared_mem=0)\nreturn x", None),
])
def test_cupy_arrays_are_followed_beyond_names(head, body, check):
    assert checked(cupy_forward(body, head)) == check
