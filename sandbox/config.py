"""How one evaluation is run: limits, trials, timing budget."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, Field


class EvalConfig(BaseModel):
    timeout_s: float = Field(120.0, gt=0, description="wall-clock limit for the whole worker")
    build_timeout_s: float = Field(600.0, gt=0, description="limit when the candidate builds a C++ extension (load_inline)")
    trials: int = Field(3, ge=1, description="fresh-seed trials per shape")
    device: Literal["auto", "cpu", "cuda"] = "auto"
    memory_mb: int = Field(8192, ge=256, description="address-space limit of the candidate process")
    file_size_mb: int = Field(256, ge=1)
    max_processes: int = Field(256, ge=1, description="processes and threads of the candidate (cgroup pids.max and RLIMIT_NPROC)")
    timing_reps: int = Field(100, ge=5, description="timed calls per measurement on a GPU")
    warmup_reps: int = Field(10, ge=1)
    interpreter_reps: int = Field(3, ge=1, description="timed calls under the Triton interpreter")
    timing: bool = Field(True, description="measure time after correctness (off: correctness only)")
    compile_baseline: bool = Field(True, description="also time torch.compile (GPU only)")
    gpu_arch: str = Field("sm_90", pattern=r"^sm_\d{2,3}[a-z]?$", description="the GPU compiled for when none is present: NVRTC for CUDA, and "
                                               "Triton's compiler for kernels the interpreter verified")
    second_inputs: bool = Field(True, description="on a CPU, one more forward per shape in which every kernel "
                                "launch and every torch call the op watch sees read a second set of inputs: the "
                                "judge's own check that the result came from them (docs/judging.md)")
    target_compile: bool = Field(True, description="on a CPU, also compile verified Triton kernels for gpu_arch")
    unseen_shapes: bool = Field(True, description="also check a shape drawn per evaluation (odd sizes within the task's "
                                "own bounds) and, on a CPU, the real reduction lengths (tasks/sizes.py)")
    shape_seed: Optional[int] = Field(None, ge=0, description="replay the unseen shape of an earlier evaluation "
                                      "(its result's shape_seed); drawn from OS entropy when unset")
    shared_memory: bool = Field(True, description="tensor bytes between judge and candidate through shared memory "
                                "(a sealed memfd) where the kernel has it; off: through the pipe")
    sandbox: Literal["process", "docker"] = Field("process", description="process: the judge in a worker process "
                                                  "of this machine; docker: in a container (sandbox/docker_sandbox.py)")

    def candidate_memory_mb(self, gpu: bool) -> int:
        # on a GPU the limit is on writable memory only (RLIMIT_DATA), and full-size inputs are staged through
        # the host, so it is larger
        return self.memory_mb * (4 if gpu else 1)
