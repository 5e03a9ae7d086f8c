"""The judge/candidate channel: tensors through shared memory (wire.Arena) or the pipe, and what a hostile
sender can and cannot do with the shared region."""

import fcntl
import json
import os
import struct

import pytest
import torch

from kernelpilot.sandbox import wire
from bench_wire import fork_sender  # scripts/, on pytest's pythonpath

TENSORS = [torch.randn(3, 4), torch.arange(5), torch.tensor(True), torch.zeros(0, 3), torch.randn(7).half(),
           torch.randn(2, 2, dtype=torch.float64), torch.randint(0, 9, (17,), dtype=torch.int8),
           # a quantising kernel's fp8 buffers and a sorting kernel's unsigned keys come back too (their pads)
           torch.randn(6).to(torch.float8_e4m3fn), torch.randn(5).to(torch.float8_e5m2),
           torch.arange(9, dtype=torch.int64).to(torch.uint32), torch.arange(4, dtype=torch.int64).to(torch.uint16)]


@pytest.fixture
def arena():
    a = wire.Arena.create(64 << 20)
    if a is None:
        pytest.skip("no memfd with sealing on this kernel (the pipe carries everything)")
    yield a
    a.close()


def same(a, b):  # bit for bit (fp8 and uint32 have no CPU comparison of their own)
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a.reshape(-1).view(torch.uint8),
                                                                     b.reshape(-1).view(torch.uint8))


@pytest.mark.parametrize("shared", [True, False])
def test_round_trip_from_another_process(shared, arena):
    use = arena if shared else None
    r, pid = fork_sender(lambda w: wire.send(w, {"op": "x", "n": 1}, TENSORS, arena=use))
    stats = {}
    msg, got = wire.recv(r, timeout=30, arena=use, stats=stats)
    os.waitpid(pid, 0)
    os.close(r)
    assert msg == {"op": "x", "n": 1}
    assert all(same(a, b) for a, b in zip(TENSORS, got)) and len(got) == len(TENSORS)
    assert stats["via"] == ("shared memory" if shared else "pipe")
    assert stats["bytes"] == sum(t.numel() * t.element_size() for t in TENSORS)


def test_what_is_received_is_a_private_copy(arena):
    x = torch.arange(1000, dtype=torch.int32)
    r, pid = fork_sender(lambda w: wire.send(w, {}, [x], arena=arena))
    _, (y,) = wire.recv(r, timeout=30, arena=arena)
    os.waitpid(pid, 0)
    arena.write(0, torch.zeros(1000, dtype=torch.int32))  # the sender writes again after the fact
    assert torch.equal(y, x)


def test_a_message_too_big_for_the_region_goes_down_the_pipe():
    small = wire.Arena.create(wire.PAGE)
    if small is None:
        pytest.skip("no memfd here")
    x = torch.randn(4 * wire.PAGE)  # 4 pages of floats do not fit one page
    r, pid = fork_sender(lambda w: wire.send(w, {}, [x], arena=small))
    stats = {}
    _, (y,) = wire.recv(r, timeout=30, arena=small, stats=stats)
    os.waitpid(pid, 0)
    assert stats["via"] == "pipe" and same(x, y)
    small.close()


def test_the_regions_size_is_sealed(arena):
    # a sender that shrank the region under the receiver's mapping would kill the receiver with SIGBUS
    with pytest.raises(PermissionError):
        os.ftruncate(arena.fd, wire.PAGE)
    with pytest.raises(PermissionError):
        os.ftruncate(arena.fd, arena.size * 2)
    seals = fcntl.fcntl(arena.fd, fcntl.F_GET_SEALS)
    assert seals & fcntl.F_SEAL_SHRINK and seals & fcntl.F_SEAL_GROW and seals & fcntl.F_SEAL_SEAL


def test_the_judges_region_grows_with_what_it_sends_and_never_shrinks():
    grow = wire.Arena.create(growable=True)
    if grow is None:
        pytest.skip("no memfd here")
    assert grow.size == 0  # nothing for a candidate to fill before the judge has sent anything
    x = torch.randn(3 * wire.PAGE)
    r, w = os.pipe()
    wire.widen_pipe(w)
    via, _ = wire.send(w, {}, [x], arena=grow)
    assert via == "shared memory" and grow.size == 12 * wire.PAGE  # what the message needs, page-rounded
    reader = wire.Arena(grow.fd)  # the candidate's view of the same region
    _, (y,) = wire.recv(r, timeout=5, arena=reader)
    assert same(x, y)
    with pytest.raises(PermissionError):
        os.ftruncate(grow.fd, wire.PAGE)
    grow.close()


def test_a_candidate_cannot_grow_the_judges_region_past_its_file_size_limit():
    """Shared pages are outside the candidate's memory rlimits; its RLIMIT_FSIZE caps what it can add."""
    import resource
    import signal

    grow = wire.Arena.create(growable=True)
    if grow is None:
        pytest.skip("no memfd here")
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
            try:
                os.ftruncate(grow.fd, 1 << 30)
            except OSError:
                code = 0  # refused
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0 and grow.size == 0
    grow.close()


def forged(header: dict, data: bytes = b"") -> int:
    r, w = os.pipe()
    raw = json.dumps(header).encode()
    os.write(w, struct.pack("<QQ", len(raw), len(data)) + raw + data)
    os.close(w)
    return r


@pytest.mark.parametrize("offsets, why", [
    ([64 << 20], "past the end of the region"),
    ([(64 << 20) - wire.PAGE], "runs past the end"),
    ([-wire.PAGE], "negative"),
    ([100], "not page-aligned"),
    (["0"], "not a number"),
    ([0, 0], "more offsets than tensors"),
])
def test_forged_offsets_are_refused(offsets, why, arena):
    head = {"msg": {}, "tensors": [{"dtype": "float32", "shape": [4096]}], "arena": offsets}
    with pytest.raises(wire.WireError):
        wire.recv(forged(head), timeout=5, arena=arena)


def test_shared_memory_claimed_where_the_channel_has_none():
    head = {"msg": {}, "tensors": [{"dtype": "float32", "shape": [4]}], "arena": [0]}
    with pytest.raises(wire.WireError, match="shared memory"):
        wire.recv(forged(head), timeout=5, arena=None)


def test_size_limit_holds_for_shared_memory_too(arena):
    head = {"msg": {}, "tensors": [{"dtype": "float32", "shape": [1 << 20]}], "arena": [0]}
    with pytest.raises(wire.WireError):
        wire.recv(forged(head), timeout=5, arena=arena, max_bytes=1 << 10)


@pytest.mark.parametrize("dtype", [["float32"], {"name": "float32"}, 5, None])
def test_a_dtype_that_is_not_a_name_is_refused(dtype):
    head = {"msg": {}, "tensors": [{"dtype": dtype, "shape": [1]}]}
    with pytest.raises(wire.WireError, match="malformed tensor description"):
        wire.recv(forged(head, b"\0" * 4), timeout=5)


def test_pipe_data_must_add_up():
    head = {"msg": {}, "tensors": [{"dtype": "float32", "shape": [4]}]}
    with pytest.raises(wire.WireError, match="add up"):
        wire.recv(forged(head, b"\0" * 8), timeout=5)


@pytest.mark.gpu
@pytest.mark.parametrize("shared", [True, False])
def test_device_tensors_cross_to_the_device(shared, arena):
    """What the judge and the candidate do on a GPU: send writes device tensors straight into shared memory,
    and recv puts them straight on the device (a private copy there), or does the same through the pipe."""
    x = [torch.randn(1000, device="cuda"), torch.arange(7, device="cuda"), torch.randn(3, 3, device="cuda").half(),
         torch.zeros(0, device="cuda")]
    r, w = os.pipe()
    wire.widen_pipe(w)  # in one process: the whole message must fit the pipe
    via, n = wire.send(w, {"k": 1}, x, arena=arena if shared else None)
    stats = {}
    msg, got = wire.recv(r, timeout=10, arena=arena if shared else None, device=lambda m: "cuda", stats=stats)
    assert via == stats["via"] == ("shared memory" if shared else "pipe") and n == stats["bytes"]
    assert msg == {"k": 1} and all(g.is_cuda and same(g, a) for g, a in zip(got, x))
    if shared:
        arena.write(0, torch.ones(1000, device="cuda"))
        assert same(got[0], x[0])  # a copy, not a view of the shared pages


@pytest.mark.parametrize("shared", [True, False])
def test_dense_layouts_arrive_with_their_strides(shared, arena):
    """A transposed or channels-last tensor arrives laid out as it was sent (a kernel that ignores strides is
    judged on the layout a GPU would give it); an expanded one, not dense, arrives row-major unless the sender
    keeps strides (the judge's inputs: below)."""
    use = arena if shared else None
    sent = [torch.randn(5, 3).t(), torch.randn(2, 3, 4, 5).to(memory_format=torch.channels_last),
            torch.randn(4, 1, 3).permute(2, 1, 0), torch.randn(3, 1).expand(3, 4)]
    r, pid = fork_sender(lambda w: wire.send(w, {"op": "x"}, sent, arena=use))
    _, got = wire.recv(r, timeout=30, arena=use)
    os.waitpid(pid, 0)
    os.close(r)
    assert all(same(a, b) for a, b in zip(sent, got))
    assert [g.stride() for g in got[:2]] == [s.stride() for s in sent[:2]]
    assert got[2].permute(2, 1, 0).is_contiguous() and got[3].is_contiguous()


@pytest.mark.parametrize("shared", [True, False])
def test_inputs_that_are_not_dense_arrive_with_their_strides_and_what_lies_between(shared, arena):
    """The judge's inputs (keep_strides) keep the layout a GPU kernel is handed: a column slice of a wider
    tensor arrives as that slice with the rest of its rows around it, an expanded one as one row under stride 0.
    A kernel that takes either as row-major reads other values than on the judge's side, as it would on a GPU."""
    use = arena if shared else None
    wide = torch.randn(6, 10)
    sent = [wide[:, :4], torch.randn(1, 5).expand(3, 5), torch.randn(2, 3, 8)[:, 1:, ::2], torch.randn(4, 3).t(),
            # one element of `x[:, ::2]`: contiguous by torch's rule (sizes of 1 ignored), strides (8, 2)
            torch.randn(4, 8)[:1, ::2][:, :1], torch.randn(1, 8)[:, ::2]]
    r, pid = fork_sender(lambda w: wire.send(w, {"op": "x"}, sent, arena=use, keep_strides=True))
    _, got = wire.recv(r, timeout=30, arena=use, strided=True)
    os.waitpid(pid, 0)
    os.close(r)
    assert all(torch.equal(a, b) for a, b in zip(sent, got))
    assert [g.stride() for g in got[:4]] == [s.stride() for s in sent[:4]]
    assert torch.equal(wire.over_span(got[0]), wire.over_span(sent[0]))  # the gap: the rest of each row
    assert wire.span(got[1]) == 5 and wire.span(got[0]) == 5 * 10 + 4


def test_strided_tensors_are_refused_where_they_are_not_expected():
    """Only the candidate's side takes them: the judge reads the candidate's outputs row-major or dense, and a
    span that does not match the strides is malformed."""
    sent = [torch.randn(1, 5).expand(3, 5)]
    r, pid = fork_sender(lambda w: wire.send(w, {"op": "x"}, sent, keep_strides=True))
    with pytest.raises(wire.WireError, match="malformed tensor description"):
        wire.recv(r, timeout=30)
    os.waitpid(pid, 0)
    os.close(r)
    head = {"msg": {}, "tensors": [{"dtype": "float32", "shape": [3, 5], "strides": [-5, 1]}]}
    with pytest.raises(wire.WireError, match="malformed tensor description"):
        wire.recv(_raw_header(json.dumps(head).encode()), timeout=30, strided=True)


def test_numpy_scalars_travel_as_themselves():
    """A task may give np.float32(0.5) as a constructor or forward argument: the candidate gets the same numpy
    type and value as the reference does."""
    import numpy as np

    sent = [np.float32(0.25), np.int64(7), np.bool_(True), np.float64(-1e300)]
    got = wire.decode(json.loads(json.dumps(wire.encode(sent, []))), [])
    assert [type(g) for g in got] == [type(s) for s in sent] and got == sent
    with pytest.raises(wire.WireError):
        wire.decode({"__np__": "float32", "value": "x"}, [])
    assert wire.decode({"__np__": "object", "value": 1}, []) == {"__np__": "object", "value": 1}  # not a numpy name


def _raw_header(raw: bytes) -> int:
    """A pipe holding one message whose header is `raw`, written from a thread (it may exceed the pipe's buffer)."""
    import threading

    r, w = os.pipe()

    def write():
        with os.fdopen(w, "wb") as f:
            f.write(struct.pack("<QQ", len(raw), 0) + raw)

    threading.Thread(target=write, daemon=True).start()
    return r


@pytest.mark.parametrize("depth", [200_000, 40])
def test_a_header_nested_deep_is_malformed_not_a_crash(depth):
    """A candidate that reaches its result pipe can write a header of valid size nested far past what json.loads
    recurses through (RecursionError), or deep enough that code walking it later would: the sender's error
    (sandbox.protocol), never the harness's."""
    raw = b'{"msg": {"x": ' + b"[" * depth + b"]" * depth + b'}, "tensors": []}'
    with pytest.raises(wire.WireError, match="malformed message header"):
        wire.recv(_raw_header(raw), timeout=10)


def test_a_header_nested_as_deep_as_the_protocol_goes_is_read():
    depth = wire.MAX_NESTING - 2  # the header's own dict and msg's dict hold it
    raw = b'{"msg": {"x": ' + b"[" * depth + b"]" * depth + b'}, "tensors": []}'
    msg, tensors = wire.recv(_raw_header(raw), timeout=10)
    assert tensors == [] and isinstance(msg["x"], list)
