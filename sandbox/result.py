"""Typed results that cross the process boundary (JSON via pydantic)."""

from __future__ import annotations

from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

Verdict = Literal["pass", "fail", "unverified"]
Stage = Literal["static", "build", "correctness", "timing", "sandbox"]
Backend = Literal["triton", "cuda", "cuda_ext", "unknown"]
MAX_BUILD_LOG = 64 << 10  # characters of a build log kept in a result (BuildInfo.log)
KEY_GONE = 75  # a judge's exit code where its result key was no longer in its pipe (it sends no result then)


class _Result(BaseModel):
    """A part of a result. Its floats cross the process boundary as JSON: an infinite or NaN error (a relative
    error over an all-zero reference) goes as `Infinity`/`NaN`, which reads back as the same float, where
    pydantic's default `null` failed to read back and voided the evaluation."""

    model_config = ConfigDict(ser_json_inf_nan="constants")


class BuildInfo(_Result):
    """What compiling the candidate's kernels showed (CUDA via NVRTC; Triton compiles lazily)."""

    ok: bool = True
    compiler: str = ""
    compile_ms: float = 0.0
    log: str = ""
    kernels: dict[str, dict[str, int]] = Field(default_factory=dict)  # name -> registers/spill_bytes/smem_bytes
    include_dirs: list[str] = Field(default_factory=list)  # the CUDA header folders NVRTC was given (-I)

    @field_validator("log")
    @classmethod
    def _bounded(cls, log: str) -> str:
        """A compiler's log is the candidate's to lengthen (a macro that expands into thousands of `#pragma
        message` lines, each echoing a long source line, makes hundreds of MB): its head and tail are kept,
        where the first error and the resource figures are."""
        if len(log) <= MAX_BUILD_LOG:
            return log
        half = MAX_BUILD_LOG // 2
        return f"{log[:half]}\n... ({len(log) - 2 * half} characters of the log left out) ...\n{log[-half:]}"


class ShapeCheck(_Result):
    """Worst error seen for one SHAPES entry over all trials."""

    shape: str
    trials: int
    # the value families its trials drew from (the task's INPUT_CASES; "typical" is get_inputs)
    input_cases: list[str] = Field(default_factory=list)
    max_abs_err: float = 0.0
    rel_l2_err: float = 0.0


class CorrectnessInfo(_Result):
    trials: int = 0
    shapes: list[ShapeCheck] = Field(default_factory=list)
    torch_ops_seen: list[str] = Field(default_factory=list)
    kernel_launches: int = 0
    # forward was called in training mode, where that changes the reference's output (BatchNorm built and
    # called as KernelBench calls it); False: eval mode there, or the modes give the same output
    training: bool = False


class TimingStats(_Result):
    median_ms: float
    p25_ms: float
    p75_ms: float
    n: int


SUSPICIOUS_SPEEDUP = 10.0  # over eager: what public benchmarks flag for inspection (KernelBench warns above 10x)


class TimingInfo(_Result):
    """Timings of one shape. On a CPU only interpreter time exists and no speedup is claimed."""

    method: Literal["cuda_events", "interpreter_wall"]
    shape: str
    candidate: TimingStats
    eager: Optional[TimingStats] = None
    compiled: Optional[TimingStats] = None
    speedup_eager: Optional[float] = None
    speedup_compiled: Optional[float] = None
    # "faster"/"slower" only when the interquartile ranges do not overlap; otherwise "within noise".
    speedup_eager_verdict: Optional[Literal["faster", "slower", "within noise"]] = None
    roofline_ms: Optional[float] = None
    roofline_fraction: Optional[float] = None
    flags: list[str] = Field(default_factory=list)

    @property
    def speed_unverified(self) -> Optional[str]:
        """Why this time cannot be believed, or None: faster than the roofline bound allows, or a speedup over
        eager above SUSPICIOUS_SPEEDUP. Such a kernel is correct with its speed unverified: no speedup is
        credited (fitness, search, export) until a person has looked."""
        if self.method != "cuda_events":
            return None
        for f in self.flags:
            if f.startswith("SUSPICIOUS"):
                return f
        if self.roofline_ms and self.candidate.median_ms < 0.9 * self.roofline_ms:
            return (f"SUSPICIOUS: {self.candidate.median_ms:.4g} ms is faster than the roofline bound "
                    f"{self.roofline_ms:.4g} ms")
        if self.speedup_eager is not None and self.speedup_eager > SUSPICIOUS_SPEEDUP:
            return (f"SUSPICIOUS: {self.speedup_eager:.1f}x faster than eager (over {SUSPICIOUS_SPEEDUP:g}x: "
                    "a kernel skipping work or a broken measurement, until shown otherwise)")
        return None


class EvalResult(_Result):
    """The harness's answer about one candidate on one task."""

    verdict: Verdict
    stage: Stage
    reason: str
    check: str = ""  # machine-readable name of what decided, e.g. "static.try_except"
    task: str = ""
    backend: Backend = "unknown"
    device: str = ""
    build: Optional[BuildInfo] = None
    correctness: Optional[CorrectnessInfo] = None
    timing: Optional[TimingInfo] = None
    isolation: list[str] = Field(default_factory=list)
    wall_s: float = 0.0
    # the judge's wall time by activity (start-up, import, construction, inputs, candidate, reference, compare,
    # timing, target compile), slowest first: where a slow evaluation spends it
    seconds: dict[str, float] = Field(default_factory=dict)
    # tensor bytes moved between judge and candidate: sent_bytes, received_bytes, via (shared memory or pipe)
    transfer: dict[str, Union[int, str]] = Field(default_factory=dict)
    log_tail: str = ""
    cached: bool = False
    # "off" only from `kernelpilot eval --static off` (the confinement tested alone): such a result is never
    # stored or cached, and optimize/batch never produce one
    static_checks: Literal["on", "off"] = "on"
    # the seed the unseen shape was drawn from (OS entropy): `eval --replay-seed` checks the same shape again
    shape_seed: Optional[int] = None
    # the versions the verdict holds for: triton, torch, nvrtc, cuda_headers, python; `eval` adds gpu_arch,
    # triton_mode and, for a CPU verdict, that it holds for the installed Triton only (sandbox/versions.py)
    toolchain: dict[str, str] = Field(default_factory=lambda: _toolchain())
    # `eval --target-triton PYTHON`: the same candidate judged in that environment (its Triton), summarised
    target_triton: Optional[dict[str, str]] = None

    @property
    def passed(self) -> bool:
        return self.verdict == "pass"

    @property
    def not_runnable_here(self) -> bool:
        """Unverified for what this machine lacks, decided before the candidate ran (no GPU, a missing tool, too
        large for the interpreter): another machine may judge it. Not a judge that ran out of memory beside a
        candidate that had run, which a candidate holding on to memory could bring about on purpose."""
        return self.verdict == "unverified" and self.check != "unverified.judge_out_of_memory"

    @property
    def exit_code(self) -> int:
        return {"pass": 0, "fail": 1, "unverified": 3}[self.verdict]

    def fitness(self) -> float:
        """Higher is better: GPU speedup when measured, else minus interpreter time; -inf when not correct. A
        suspicious time earns nothing: 0.0, as a correct kernel that was not timed (below every believable
        speedup, above every failure)."""
        if self.verdict != "pass":
            return float("-inf")
        t = self.timing
        if t is None or t.speed_unverified:
            return 0.0
        if t.method == "cuda_events" and t.speedup_eager is not None:
            return t.speedup_eager
        return -t.candidate.median_ms


def _toolchain() -> dict[str, str]:
    from .versions import toolchain

    return dict(toolchain())


def fail(stage: Stage, check: str, reason: str, **kw) -> EvalResult:
    return EvalResult(verdict="fail", stage=stage, check=check, reason=reason, **kw)
