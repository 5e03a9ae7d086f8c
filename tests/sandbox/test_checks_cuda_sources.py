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


def test_synchronize_is_not_allowed_in_a_triton_candidate():
    src = ("import torch\nimport torch.nn as nn\nimport triton\n\n@triton.jit\ndef k(x):\n    pass\n\n"
           "class ModelNew(nn.Module):\n    def forward(self, x):\n        torch.cuda.synchronize()\n        return x\n")
    assert checked(src) == "static.streams"


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
