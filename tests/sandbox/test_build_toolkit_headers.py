"""A CUDA source that includes a device header of the CUDA toolkit the installed CUDA headers lack (cuRAND's
curand_kernel.h without nvidia-curand-cu12) is a gap of the machine: the build raises CudaHeaderUnavailable and
the verdict is `unverified`, not a compile error of the kernel. A header that is no toolkit's stays a compile
error."""

from __future__ import annotations

import os

import pytest

from kernelpilot.sandbox import build

try:
    build.load_nvrtc()
    HAVE_NVRTC = True
except build.NvrtcUnavailable:
    HAVE_NVRTC = False

needs_nvrtc = pytest.mark.skipif(not HAVE_NVRTC, reason="no NVRTC here")


@pytest.mark.parametrize("log,header", [
    ('SRC.cu(2): catastrophic error: cannot open source file "curand_kernel.h"', "curand_kernel.h"),
    ('k.cu(1): catastrophic error: cannot open source file "curand_philox4x32_x.h"', "curand_philox4x32_x.h"),
    ('k.cu(1): catastrophic error: cannot open source file "cub/block/block_reduce.cuh"', "cub/block/block_reduce.cuh"),
    ('k.cu(1): catastrophic error: cannot open source file "mma.h"', "mma.h"),
    ('k.cu(1): catastrophic error: cannot open source file "curand.h"', None),        # the host library
    ('k.cu(1): catastrophic error: cannot open source file "cublas_v2.h"', None),
    ('k.cu(1): catastrophic error: cannot open source file "my_header.h"', None),
    ('k.cu(1): catastrophic error: cannot open source file "cmath"', None),
    ('k.cu(3): error: identifier "foo" is undefined', None),
])
def test_which_missing_headers_are_the_machines(log, header):
    assert build._missing_toolkit_header(log) == header


def _has_curand_headers() -> bool:
    h = build.cuda_headers()
    return h is not None and any(os.path.isfile(os.path.join(d, "curand_kernel.h")) for d in h.dirs)


@needs_nvrtc
def test_missing_curand_kernel_header_is_unverified_not_a_compile_error():
    src = '#include <curand_kernel.h>\nextern "C" __global__ void k(float* y) { y[0] = 1.f; }'
    if _has_curand_headers():
        assert build.build_cuda_sources({"SRC": src}, "sm_90").ok
    else:
        with pytest.raises(build.CudaHeaderUnavailable, match="curand_kernel.h"):
            build.build_cuda_sources({"SRC": src}, "sm_90")


@needs_nvrtc
def test_a_header_no_toolkit_has_is_still_a_compile_error():
    info = build.build_cuda_sources({"SRC": '#include "no_such_header.h"\nextern "C" __global__ void k() {}'}, "sm_90")
    assert not info.ok and "no_such_header.h" in info.log


def test_pip_curand_include_folder_joins_the_pip_header_set(tmp_path, monkeypatch):
    site_dir = tmp_path / "site-packages"
    for sub in ("nvidia/cuda_runtime/include", "nvidia/cuda_cccl/include", "nvidia/curand/include"):
        (site_dir / sub).mkdir(parents=True)
    (site_dir / "nvidia/cuda_runtime/include/cuda_fp16.h").write_text("")
    (site_dir / "nvidia/cuda_runtime/include/cuda_runtime_api.h").write_text("#define CUDART_VERSION 12090\n")
    monkeypatch.setattr(build.site, "getsitepackages", lambda: [str(site_dir)])
    monkeypatch.setattr(build.site, "getusersitepackages", lambda: str(tmp_path / "none"))
    monkeypatch.setattr(build.sys, "path", [])
    monkeypatch.setattr(build, "nvcc_path", lambda path=None: None)
    monkeypatch.setattr(build.glob, "glob", lambda pattern, **kw: [])
    monkeypatch.setenv("CUDA_HOME", str(tmp_path / "no_toolkit"))
    monkeypatch.delenv("CUDA_PATH", raising=False)
    pip_sets = [s for s in build._header_sets() if s.origin.startswith("pip wheels nvidia")]
    assert pip_sets and str(site_dir / "nvidia/curand/include") in pip_sets[0].dirs
