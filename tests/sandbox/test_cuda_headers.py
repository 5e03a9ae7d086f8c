"""CUDA candidates that include the CUDA headers build with NVRTC as they do under CuPy on a GPU machine.

CuPy's RawModule gives NVRTC the CUDA include folder; the NVRTC build stage gave none, so a kernel using
`__half2` from cuda_fp16.h, cuda_bf16.h, cooperative_groups.h or math_constants.h was failed as a compile
error on every machine. These judge such candidates end to end: on this CPU they build and are reported
unverified (compiled, not run), with ptxas's figures; a header that exists nowhere is a readable build failure.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from kernelpilot.sandbox import build, checks
from kernelpilot.sandbox.config import EvalConfig
from kernelpilot.sandbox.evaluate import evaluate
from kernelpilot.sandbox.result import MAX_BUILD_LOG

try:
    build.load_nvrtc()
    HAVE_NVRTC = True
except build.NvrtcUnavailable:
    HAVE_NVRTC = False

needs_nvrtc = pytest.mark.skipif(not HAVE_NVRTC, reason="no NVRTC here")

TASK = '''
"""y = x + x * x in fp16."""
import torch
import torch.nn as nn

n = 4096
SHAPES = [dict(n=1000)]


class Model(nn.Module):
    def forward(self, x):
        return x + x * x


def get_inputs():
    return [torch.randn(n, dtype=torch.float16)]


def get_init_inputs():
    return []
'''

LAUNCHER = '''
import cupy
import torch
import torch.nn as nn


class ModelNew(nn.Module):
    def __init__(self):
        super().__init__()
        self._mod = None

    def forward(self, x):
        if self._mod is None:
            self._mod = cupy.RawModule(code=SRC)
        x = x.contiguous()
        y = torch.empty_like(x)
        pairs = x.numel() // 2
        self._mod.get_function("k")(((pairs + 255) // 256,), (256,), (cupy.asarray(x), cupy.asarray(y), cupy.int32(pairs)))
        return y
'''

HALF2 = r'''
#include <cuda_fp16.h>
extern "C" __global__ void k(const __half2* __restrict__ x, __half2* __restrict__ y, int pairs) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < pairs) {
        __half2 v = x[i];
        y[i] = __hadd2(v, __hmul2(v, v));
    }
}
'''

COOPERATIVE = r'''
#include <cooperative_groups.h>
#include <cuda_fp16.h>
namespace cg = cooperative_groups;
extern "C" __global__ void k(const __half2* __restrict__ x, __half2* __restrict__ y, int pairs) {
    cg::thread_block block = cg::this_thread_block();
    int i = block.group_index().x * block.size() + block.thread_rank();
    block.sync();
    if (i < pairs) y[i] = __hfma2(x[i], x[i], x[i]);
}
'''

BF16_MATH = r'''
#include <cuda_bf16.h>
#include <math_constants.h>
extern "C" __global__ void k(const __half2* __restrict__ x, __half2* __restrict__ y, int pairs) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    __nv_bfloat16 unused = __float2bfloat16(CUDART_PI_F);
    if (i < pairs && __bfloat162float(unused) > 0.0f) y[i] = x[i];
}
'''


def candidate(kernel: str) -> str:
    return f"SRC = r'''{kernel}'''\n" + LAUNCHER


@pytest.fixture
def task(tmp_path: Path) -> str:
    path = tmp_path / "half_poly.py"
    path.write_text(textwrap.dedent(TASK))
    return str(path)


CPU = EvalConfig(device="cpu", trials=1, timeout_s=60, timing=False)


@needs_nvrtc
@pytest.mark.parametrize("kernel", [HALF2, COOPERATIVE, BF16_MATH], ids=["half2", "cooperative_groups", "bf16_math_constants"])
def test_candidate_including_cuda_headers_builds(task, kernel):
    assert build.cuda_headers() is not None, "no CUDA headers installed: pip install -e . installs the wheels"
    r = evaluate(task, candidate(kernel), CPU)
    assert r.build is not None and r.build.ok, r.reason
    assert r.verdict == "unverified" and r.check == "unverified.no_gpu", (r.check, r.reason)
    assert r.exit_code == 3
    figures = r.build.kernels["k"]
    assert figures["registers"] > 0  # ptxas ran on what NVRTC made of it
    assert "headers" in r.build.compiler and r.build.include_dirs


@needs_nvrtc
def test_missing_header_is_a_readable_build_failure(task):
    r = evaluate(task, candidate('#include <no_such_header.h>\n' + HALF2), CPU)
    assert r.verdict == "fail" and r.stage == "build" and r.check == "build.compile_error"
    assert 'no_such_header.h' in r.reason and "a header was not found" in r.reason
    assert "CUDA" in r.reason and "headers searched were" in r.reason


@needs_nvrtc
def test_standard_library_header_is_explained():
    info = build.compile_cuda('#include <cmath>\nextern "C" __global__ void k(float* y) { y[0] = 1.0f; }')
    assert not info.ok and "<cmath>" in info.log and "standard library" in info.log


@needs_nvrtc
def test_a_flood_of_compiler_messages_is_trimmed_in_the_result():
    """A macro expanding into ten thousand `#pragma message` lines, each of which NVRTC answers by echoing the
    whole (long) source line, makes a log of hundreds of MB from a 45 KB file: the result keeps its head and
    tail, and the confined compile's answer is read only up to a bound."""
    pad = ", ".join(f"kp_pad{i} = {i}" for i in range(300))
    src = ('#define NOTE _Pragma("message(\\"note\\")")\n#define X10(a) a a a a a a a a a a\n'
           f"X10(X10(X10(NOTE))) static const int {pad};\n"
           'extern "C" __global__ void k(float* y) { y[0] = 1.0f; }\n')
    info = build.build_cuda_sources({"k.cu": src}, "sm_90")
    assert info.ok, info.log[:2000]
    assert "left out" in info.log and len(info.log) <= MAX_BUILD_LOG + 100, len(info.log)


def fake_toolkit(root: Path, version: int) -> Path:
    inc = root / "include"
    inc.mkdir(parents=True)
    (inc / "cuda_fp16.h").write_text("/* stand-in */\n")
    (inc / "cuda_runtime_api.h").write_text(f"#define CUDART_VERSION {version}\n")
    return root


def test_headers_of_nvrtcs_major_version_are_preferred(tmp_path, monkeypatch):
    """A toolkit of another CUDA major version comes first in the search (CUDA_HOME), yet the set that matches
    NVRTC's major version is taken: CUDA 13's cooperative_groups.h does not compile under NVRTC 12."""
    monkeypatch.setenv("CUDA_HOME", str(fake_toolkit(tmp_path / "old", 11080)))
    monkeypatch.setenv("CUDA_PATH", str(fake_toolkit(tmp_path / "new", 99010)))
    monkeypatch.setattr(build, "nvrtc_version", lambda: "99.1")
    build.cuda_headers.cache_clear()
    try:
        chosen = build.cuda_headers()
        assert chosen.version == "99.1" and chosen.dirs == [str(tmp_path / "new" / "include")]
        assert build._header_sets()[0].version == "11.8"  # CUDA_HOME is looked at first
        monkeypatch.setattr(build, "nvrtc_version", lambda: "77.0")  # no match: the first found
        build.cuda_headers.cache_clear()
        assert build.cuda_headers().version == "11.8"
    finally:
        build.cuda_headers.cache_clear()


def test_a_folder_without_cuda_headers_is_not_a_header_set(tmp_path, monkeypatch):
    empty = tmp_path / "cuda"
    (empty / "include").mkdir(parents=True)
    monkeypatch.setenv("CUDA_HOME", str(empty))
    assert all(not d.startswith(str(empty)) for s in build._header_sets() for d in s.dirs)


@pytest.mark.gpu
@pytest.mark.parametrize("kernel", [HALF2, COOPERATIVE, BF16_MATH], ids=["half2", "cooperative_groups", "bf16_math_constants"])
def test_nvrtc_build_and_cupy_agree_on_a_gpu(kernel):
    """On a GPU machine the kernel that the NVRTC build accepts is the one CuPy compiles and loads: both find
    the CUDA headers. (CuPy passes its own include folders; NVRTC here gets the set cuda_headers() chose.)"""
    cupy = pytest.importorskip("cupy")
    if not HAVE_NVRTC:
        pytest.skip("no NVRTC")
    info = build.compile_cuda(kernel, "sm_" + str(cupy.cuda.Device().compute_capability))
    assert info.ok, info.log
    cupy.RawModule(code=kernel).get_function("k")  # compiles and loads, or raises CompileException


@pytest.mark.gpu
@pytest.mark.parametrize("kernel", [HALF2, COOPERATIVE], ids=["half2", "cooperative_groups"])
def test_candidate_including_cuda_headers_passes_on_a_gpu(task, kernel):
    """End to end on a GPU: CuPy compiles the kernel inside the confined candidate process, where the CUDA
    headers must be visible too, and the result is checked against the reference."""
    pytest.importorskip("cupy")
    r = evaluate(task, candidate(kernel), EvalConfig(device="cuda", trials=2, timeout_s=300, timing=False))
    assert r.verdict == "pass", (r.check, r.reason)
    assert r.build is not None and r.build.ok and r.build.include_dirs


@needs_nvrtc
@pytest.mark.parametrize("include", ['"/etc/hostname"', "</etc/hostname>", '"../../../../../../etc/hostname"',
                                     '"local.h"'])
def test_the_judges_build_reads_no_file_outside_the_include_folders(include, tmp_path, monkeypatch):
    """NVRTC runs in the judge's process and quotes the lines it fails on: a header is found only below the
    CUDA include folders, never by an absolute path, by climbing out, or beside the source in the working
    folder (the user's), whatever the static contract (which may be off) said."""
    (tmp_path / "local.h").write_text("int SECRET_MARKER = private_value;\n")
    monkeypatch.chdir(tmp_path)
    src = f'#include {include}\nextern "C" __global__ void k(float* x) {{ x[0] = 1.0f; }}\n'
    info = build.compile_cuda(src, "sm_90")
    assert not info.ok
    assert "SECRET_MARKER" not in info.log and "private_value" not in info.log and "vm" != info.log.strip()
    assert "outside the CUDA include folders" in info.log or "cannot open source file" in info.log, info.log


@needs_nvrtc
def test_the_candidates_options_cannot_add_an_include_folder():
    info = build.compile_cuda('extern "C" __global__ void k(float* x) { x[0] = 1.0f; }', "sm_90", options=("-I/etc",))
    assert not info.ok and "not one the judge passes on" in info.log


@needs_nvrtc
@pytest.mark.parametrize("std", ["-std=c++14", "-std=c++11"])
def test_a_header_spelled_with_trigraphs_is_read_as_the_compiler_reads_it(std):
    """Under C++11/14 NVRTC replaces trigraphs: `??/` and a newline splice an #include's lines, `??=` is `#`."""
    for src in ('#include "??/\n/etc/hostname"\nextern "C" __global__ void k(float* x) { x[0] = 1.0f; }\n',
                '??=include "/etc/hostname"\nextern "C" __global__ void k(float* x) { x[0] = 1.0f; }\n'):
        info = build.compile_cuda(src, "sm_90", options=(std,))
        assert not info.ok and "outside the CUDA include folders" in info.log, info.log


@needs_nvrtc
@pytest.mark.parametrize("blank", ["\f", "\v", "\r"], ids=["form_feed", "vertical_tab", "carriage_return"])
def test_any_blank_the_compiler_takes_in_a_directive_is_read_as_one(blank):
    """NVRTC takes a form feed, a vertical tab or a carriage return where a directive has a space; the rules read
    them so too, and a carriage return also as the end of a line."""
    for src in (f'#include{blank}"/etc/hostname"\n', f'{blank}#include "/etc/hostname"\n',
                f'#{blank}include "/etc/hostname"\n', f'%:{blank}include "/etc/hostname"\n',
                'int a;\r#include "/etc/hostname"\n', f'#if __has_include{blank}("/etc/hostname")\n#endif\n'):
        src += 'extern "C" __global__ void k(float* x) { x[0] = 1.0f; }\n'
        info = build.compile_cuda(src, "sm_90")
        assert not info.ok and "outside the CUDA include folders" in info.log, (repr(src), info.log)
        assert checks.cpp_text_finding(src) is not None


@needs_nvrtc
def test_an_include_named_by_a_macro_is_refused_by_the_build_too():
    """`#include MACRO` with `-DMACRO="/etc/hostname"`: the option says which file; the build refuses it with
    the static contract off."""
    info = build.compile_cuda('#include\fMACRO\nextern "C" __global__ void k(float* x) { x[0] = 1.0f; }\n',
                              "sm_90", options=('-DMACRO="/etc/hostname"',))
    assert not info.ok and "by a macro" in info.log, info.log


@needs_nvrtc
@pytest.mark.skipif(os.geteuid() != 0, reason="the allow-list root filesystem needs root (mount namespaces)")
def test_the_build_runs_confined_and_reads_no_host_file_with_every_rule_off(tmp_path, monkeypatch):
    """The last defence: the judge's NVRTC compile runs in a child confined as a candidate's is, whose root
    filesystem holds the Python environment, NVRTC and the CUDA headers only, so a header path every rule
    missed still opens nothing of the host's. A kernel including CUDA headers still builds there."""
    secret = tmp_path / "secret.h"
    secret.write_text("int SECRET_MARKER_42 = 1;\n")
    monkeypatch.setattr(checks, "include_outside", lambda text: None)
    monkeypatch.setattr(checks, "include_by_macro", lambda text: None)
    for path in (str(secret), "/etc/hostname"):
        info = build.build_cuda_sources({"S": f'#include "{path}"\nextern "C" __global__ void k() {{}}\n'}, "sm_90")
        assert not info.ok and "cannot open source file" in info.log, info.log
        assert "SECRET_MARKER_42" not in info.log
    ok = build.build_cuda_sources({"S": HALF2}, "sm_90")
    assert ok.ok, ok.log
