"""The evaluation harness: static checks, build, correctness and timing in an isolated worker.

Where each module's code runs decides what its results are worth (docs/judging.md, "Evidence and proof"):

trusted, never in a candidate's process
    evaluate.py      the orchestrator: static contract, NVRTC build, sizes, the worker, the result's HMAC check
    checks.py        the static contract (the candidate's source as text, never executed)
    build.py         NVRTC compilation of CUDA sources
    judge.py         the judge process: reference, inputs, weights, comparisons, timing of the baselines
    compare.py       output comparison (the judge's side of it)
    weights.py       renew(): the weights the judge draws before each trial
    result.py, config.py, report.py, versions.py, doctor.py, gpus.py (peak figures)
    worker_signals.py  the worker server's first import: Ctrl-C is the CLI's to handle, not the server's

in the candidate's process (what they compute there is evidence, never proof)
    runner.py        loads the candidate, runs forward, sends outputs back
    watch.py         the op watch, canaries, poisoned allocations; the second inputs handed to launches
    gpu_memory.py    allocations handed out as CUDA's caching allocator does (reuse, storages at offset 0)
    sealed.py        what kernels and watched calls write in the second-inputs call, sealed from the rest
    races.py         the race list under the interpreter
    compat.py, interp_semantics.py, libdevice.py
                     the interpreter made to compute as the compiled GPU code would
    target.py        compile-only launches for the GPU target (a separate confined process)
    weights.py       load_by_name(): the judge's weights loaded into ModelNew

on both sides of the pipe
    isolation.py     set up by the judge in the candidate's process before any candidate code runs
    wire.py          the message format (the judge decodes only JSON and raw tensor bytes)
    bench.py         one timing function for the candidate (in its process) and the baselines (in the judge)

beside the judge: gpu_probe.py, _probe_kernels.py (doctor's sandbox probe), target_triton.py (eval --target-triton); tools in scripts/
"""
