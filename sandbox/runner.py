"""The candidate side of the worker: runs inside the confined process, loads ModelNew, runs what the judge
asks and sends back raw outputs. It decides nothing: every verdict is taken by the judge in another process.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable, Hashable

import torch
from torch.multiprocessing.reductions import StorageWeakRef

from . import bench, wire
from .compare import fingerprint
from . import target as target_compile
from . import compat, gpu_memory, hints, libdevice, warmup
from .compat import dots_as_compiled, fix_triton_interpreter, floats_launched_as_compiled, interpreted_autotuning
from .sealed import Sealed
# imported with this module, which the worker server loads before it forks: a candidate process reads no
# harness file once it is confined (its package may live in a folder the candidate does not see)
from .interp_semantics import install as install_interp_semantics, waits_on_memory
from ..tasks import devices
from ..tasks.devices import cuda_means_host_in_this_process
from .weights import held_state, in_mode, load_by_name, note_built_modes, set_modes
from .watch import AtenWatch, ForwardWatch, LaunchCounter, TritonOps, aligned_empty, poison_value

GUARD = 4096  # elements of NaN/sentinel before and after each input


def _weakly(t: torch.Tensor) -> tuple:
    """A tensor as a weak reference to its storage and where in it the tensor lies (_revived makes it again)."""
    with torch._C.DisableTorchFunction():
        return (StorageWeakRef(t.untyped_storage()), t.storage_offset(), tuple(t.shape), tuple(t.stride()), t.dtype)


def _revived(held: tuple) -> torch.Tensor | None:
    """The tensor `_weakly` noted, over the same memory, while anything still holds its storage (None after)."""
    ref, offset, shape, stride, dtype = held
    if ref.expired():
        return None
    storage = torch.UntypedStorage._new_with_weak_ptr(ref.cdata)
    with torch._C.DisableTorchFunction(), torch.inference_mode(False):
        return torch.empty(0, dtype=dtype, device=storage.device).set_(storage, offset, shape, stride)


def _alive(noted: list[tuple[str, tuple]]) -> list[tuple[str, torch.Tensor]]:
    """Of (key, _weakly(t)) pairs, the tensors something still holds, as (key, tensor): held now."""
    return [(i, t) for i, t in ((i, _revived(w)) for i, w in noted) if t is not None]


def _innermost(exc: BaseException):
    """The innermost traceback entry of `exc` (where it was raised), or None."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb


def _raised_in(exc: BaseException, candidate_file: Path) -> str:
    """Whose Python code raised `exc` (its innermost frame): "candidate" (the file, a builtin called from it
    included), "harness", "triton", "torch" or "other". The judge reads some library errors as "cannot be
    checked here" (the interpreter lacks a feature), and their text alone a candidate can raise itself."""
    last = _innermost(exc)
    if last is None:
        return "other"
    where = os.path.realpath(last.tb_frame.f_code.co_filename)
    if where == os.path.realpath(candidate_file):
        return "candidate"
    import triton

    # the libraries first: an environment may live inside the repository the harness does
    for name, root in (("triton", Path(triton.__file__).parent), ("torch", Path(torch.__file__).parent),
                       ("harness", Path(__file__).parent.parent)):
        if where.startswith(os.path.realpath(root) + os.sep):
            return name
    return "other"


def _root_cause(exc: BaseException) -> BaseException:
    """The exception at the end of `exc`'s chain of causes (`raise ... from`): the interpreter raises its
    InterpreterError from the error a kernel met, which is the one that says whose code failed."""
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__
        if nxt is None or id(nxt) in seen:
            return exc
        seen.add(id(nxt))
        exc = nxt


def _row_major_unwatched(out):
    """bench.in_row_major inside the timed window, as the harness's own work: out of the op watch's sight."""
    with torch._C.DisableTorchFunction():
        return bench.in_row_major(out)


def _raise_statement(exc: BaseException) -> bool:
    """Was `exc` raised by a `raise` statement (in its innermost frame), rather than by an operation failing there
    (an attribute missing, a builtin refusing its argument)?"""
    import dis

    tb = _innermost(exc)
    if tb is None:
        return False
    try:
        return any(i.offset == tb.tb_lasti and i.opname in ("RAISE_VARARGS", "RERAISE")
                   for i in dis.get_instructions(tb.tb_frame.f_code))
    except Exception:  # noqa: BLE001 - code the disassembler cannot read: counted as raised
        return True


def _trim_tb(exc: BaseException, limit: int = 3000) -> str:
    lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
    # keep the frames from the candidate's file, not the harness's
    text = "".join(l for l in lines if "/sandbox/runner.py" not in l)
    return text[-limit:]


def _data_address(buf: torch.Tensor, start: int) -> int:
    """Where element `start` of a guarded buffer is: the data pointer of the storage the candidate holds over it."""
    return buf.data_ptr() + start * buf.element_size()


def _overlaps(t: torch.Tensor, buf: torch.Tensor) -> bool:
    """Does `t`'s storage lie in `buf`'s memory (an input handed back, or a view of one)?"""
    with torch._C.DisableTorchFunction():
        s = t.untyped_storage()
        lo, hi = s.data_ptr(), s.data_ptr() + s.nbytes()
    b = buf.data_ptr()
    return lo < b + buf.numel() * buf.element_size() and b < hi


def salted_manual_seed() -> Callable[[int], Any]:
    """`torch.manual_seed(s)` in the candidate's code seeds with s mixed with a salt drawn here, so the same s
    gives the same stream within the process but not a stream the candidate can know: otherwise the first
    values after `torch.manual_seed(0)` would tell the judge's CPU generator (what a tensor "on cuda" is drawn
    from here) from a GPU's Philox stream. Returns torch's own, for the judge's seeds."""
    import os

    own = getattr(torch.manual_seed, "_kp_own", torch.manual_seed)
    salt = int.from_bytes(os.urandom(8), "little")

    def manual_seed(seed):
        return own(hash((salt, int(seed))) & (2**63 - 1))

    setattr(manual_seed, "_kp_own", own)
    torch.manual_seed = manual_seed
    return own


class CandidateRunner:
    def __init__(self, scratch: Path, source: str, device: str, emulate: str | None = None):
        self.scratch, self.source, self.device = scratch, source, torch.device(device)
        self.model: torch.nn.Module | None = None  # ModelNew, once init has built it
        self.returned: dict = {}  # data pointer -> StorageWeakRef of every storage a call returned and still alive
        # what a caller may still hold from earlier forwards (_earlier): their outputs, under "serial:index" keys,
        # for as long as anything keeps them alive, fingerprinted after each forward with the salt the judge sends
        self.held_outputs: list[tuple[str, tuple]] = []
        self.held_now: list[tuple[str, torch.Tensor]] = []  # those of them alive as a forward starts (_forward)
        self.last_passthrough: set[int] = set()
        # and the tensor inputs earlier placements dropped that the candidate kept, under "serial:index" keys (the
        # serial of the last call that ran on them, the index among its tensors: the judge's copy of those is what
        # they must hold), for as long as they stay alive
        self.inputs_serial: int | None = None
        self.kept_inputs: list[tuple[str, tuple]] = []
        self.kept_now: list[tuple[str, torch.Tensor]] = []  # those of them alive as a forward starts (_forward)
        self.recorder: target_compile.Recorder | None = None  # set when compiling for a GPU target
        self.inputs: list = []      # current argument list (guarded views for tensors)
        self.buffers: list = []     # (buffer, start, numel) per tensor input
        self.layouts: list = []     # the strides each tensor input was placed with (its buffer above)
        self.twin_buffers: list = []  # (buffer, start, numel) of the second inputs, in the second-inputs check
        self.flush = None           # the L2 flush buffer of the timed calls on a GPU
        self.inference = False      # inference mode drawn: every later call of this process runs under it
        self.leaf_grad = False      # new inputs of this call require grad
        self.grad_placed = False    # inputs that require grad were placed before
        self.aside: tuple | None = None  # the instance an init with `aside` set aside: model, given, salt, pairs
        self.given: dict[tuple[str, str], int] = {}  # each weight the judge loaded, (its name, ModelNew's) -> its print then
        self.given_salt = 0
        self.loaded_pairs: dict[str, str] = {}  # every weight loaded so far: the reference's name -> ModelNew's
        LaunchCounter.install()
        TritonOps.install()  # before the candidate's module imports torch.library.triton_op
        fix_triton_interpreter()  # before the candidate's kernels exist; idempotent
        interpreted_autotuning()
        warmup.install_interpreted()  # kernel.warmup(...) gives a compiled kernel to launch (sandbox/warmup.py)
        if self.device.type == "cuda":
            warmup.install_device()  # and on a GPU, its launches are watched as every launch is
        floats_launched_as_compiled()  # a float argument is fp32 on the GPU, so here too
        dots_as_compiled(emulate)  # and an fp32 dot is TF32 on the GPU the verdict stands for
        libdevice.install()  # libdevice calls computed as the GPU's __nv_* functions (sandbox/libdevice.py)
        install_interp_semantics()  # loop variables, int arguments typed as compiled
        LaunchCounter.install_labels()  # last: it wraps the builder ops the fixes above put in place
        if self.device.type == "cpu":
            # after the interpreter's fixes, so that a launch it runs again (a program spun) is a launch of
            # their own too (each binds the kernel's module anew)
            ProgramOrder.install()  # the programs of a launch in an order the judge draws
            compat.PROGRAM_ORDER = ProgramOrder  # a second timed run in the first one's order
        cuda_means_host_in_this_process(smallest_instance=compat.SMALLEST_INSTANCE)  # .cuda() on a CPU
        self._seed = salted_manual_seed()

    # -- operations ----------------------------------------------------------------------
    def load(self, _msg, _t):
        path = self.scratch / "candidate.py"
        path.write_text(self.source)  # Triton's JIT reads kernel source through inspect, so it needs a file
        spec = importlib.util.spec_from_file_location("candidate", path)
        mod = importlib.util.module_from_spec(spec)
        sys.modules["candidate"] = mod
        threads = threading.active_count()
        spec.loader.exec_module(mod)
        if threading.active_count() > threads:
            return {"error": "the candidate module started a thread at import", "check": "dynamic.threads"}
        if not isinstance(getattr(mod, "ModelNew", None), type):
            return {"error": "the candidate defines no class ModelNew", "check": "build.no_modelnew"}
        self.module = mod
        return {"ok": True}

    def init(self, msg, tensors):
        args = wire.decode(msg["init_args"], tensors)
        state = wire.decode(msg["state"], tensors)
        # more instances beside the first (judge.check_second_instance), which "back" makes current again
        if msg.get("aside") is not True:
            self.aside = None
        elif self.aside is None:
            self.aside = (self.model, self.given, self.given_salt, self.loaded_pairs)
        self._seed(msg["seed"])  # the judge's seed, as the reference's construction had it
        # on the device before the weights are loaded, as `ModelNew(...).cuda().load_state_dict(sd)` is: a load
        # hook that recomputes derived weights with a kernel (docs/contract.md) gets the device's tensors
        # each submodule's mode as its constructor left it: training mode is that (a BatchNorm it froze stays so)
        model = note_built_modes(self.module.ModelNew(*args).to(self.device))
        self.model = model
        self.loaded_pairs = {}
        reply = self._load({k: v.to(self.device) for k, v in state.items()})
        self.model = model.eval()
        return {"ok": True, **reply}

    def back(self, _msg, _t):
        """The instance set aside by the last init (`aside`) is the one called again."""
        if self.aside is None:
            return {"error": "no instance was set aside", "check": "sandbox.protocol"}
        self.model, self.given, self.given_salt, self.loaded_pairs = self.aside
        self.aside = None
        return {"ok": True}

    def weights(self, msg, tensors):
        """New values for the reference's weights before a trial (sandbox/weights.py), loaded by name."""
        state = {k: v.to(self.device) for k, v in wire.decode(msg["state"], tensors).items()}
        tensors.clear()
        return {"ok": True, **self._load(state)}

    def _load(self, state: dict) -> dict:
        """load_by_name, and what the weights hold once loaded (post hooks included): no forward may change them
        (_weights_changed)."""
        assert self.model is not None
        loaded = load_by_name(self.model, state)
        self.given_salt = int.from_bytes(os.urandom(4), "little")
        own = held_state(self.model)
        # every weight loaded since construction, not only this load's: a trial's renewal loads only the weights
        # it draws anew, and a buffer loaded once (structure, masks, integer weights) must hold as well. Those
        # are fingerprinted as they stand now, each call since having been checked already
        self.loaded_pairs.update(loaded.pop("loaded_as").items())
        self.given = {(name, mine): fingerprint(own[mine].detach(), self.given_salt)
                      for name, mine in self.loaded_pairs.items() if isinstance(own.get(mine), torch.Tensor)}
        return loaded

    def _weights_changed(self) -> list[list[str]]:
        """The weights the judge loaded that hold other values now than once loaded: [the reference's name,
        ModelNew's]."""
        if not self.given or self.model is None:
            return []
        own = held_state(self.model)
        return [[name, mine] for (name, mine), was in self.given.items() if not isinstance(own.get(mine), torch.Tensor)
                or fingerprint(own[mine].detach(), self.given_salt) != was][:8]

    def run(self, msg, tensors):
        """A correctness call: on new inputs ("place"), new values at the same addresses ("refill"), or the
        inputs already there ("keep")."""
        how = msg.get("how", "place")
        packed = msg.get("fill") == "packed"
        t0 = time.perf_counter()
        self._draw_autograd(msg)
        with self._harness_writes():
            if how == "keep":  # run again on the inputs already placed (the judge has checked them unchanged)
                if not self.buffers:
                    return {"error": "no inputs placed to run on again", "check": "sandbox.protocol"}
            elif how == "refill" and self.buffers:
                # same addresses, new contents: defeats pointer keys
                self._refill(wire.decode(msg["inputs"], tensors), packed, unseen=msg.get("unseen_write") is True,
                             made_there=msg.get("inference_inputs") is True)
            else:
                self._place(wire.decode(msg["inputs"], tensors), packed, msg.get("inference_inputs") is True)
            shadow: dict = {}
            if "second" in msg:  # the second-inputs check: read by every watched torch call and every launch
                shadow = self._second_inputs(wire.decode(msg["second"], tensors))
                if "error" in shadow:
                    return shadow
        # what arrived is now copied into the guarded buffers: dropped, so that a real-size input does not sit on
        # the device twice during forward
        tensors.clear()
        self.inputs_serial = msg.get("serial")  # what the inputs hold now: what the judge sent with this call
        return self._forward(msg, placed_s=time.perf_counter() - t0, shadow=shadow)

    def call(self, msg, tensors):
        """Timed call number msg["i"] on the inputs that came with it, drawn afresh by the judge for this call:
        written into the argument buffers outside the measured window, then forward runs exactly as in a
        correctness call (the same watch, poisoned allocations, guard bands) with the window around it. Every
        call's outputs and watch report go back to the judge."""
        t0 = time.perf_counter()
        self._draw_autograd(msg)
        with self._harness_writes():
            self._refill(wire.decode(msg["inputs"], tensors), msg.get("fill") == "packed",
                         made_there=msg.get("inference_inputs") is True)
            tensors.clear()
            self.inputs_serial = msg.get("serial")
            if self.device.type == "cuda" and self.flush is None:
                self.flush = bench.l2_flush_buffer()
            return self._forward(msg, placed_s=time.perf_counter() - t0, timed=True)

    def _draw_autograd(self, msg) -> None:
        """Inference mode, where the judge drew it for this call (judge._grad_mode), from here on: a server that
        runs under it keeps it, and a tensor made there (a buffer forward caches, an output it keeps) cannot be
        written in place outside it, so a call after it without it would fail where no caller's would. And the
        module's training flag as drawn (judge.draw_training): a model is built in training mode, and
        `self.training` must not tell the judge's calls apart where the task's operator ignores it."""
        self.inference = self.inference or msg.get("grad") == "inference"
        self.leaf_grad = msg.get("leaf_grad") is True
        if self.model is not None:
            in_mode(self.model, msg.get("train") is True)

    def _autograd(self, msg) -> contextlib.AbstractContextManager:
        """The forward's autograd mode: inference mode once drawn, else on or off as drawn for this call."""
        return torch.inference_mode() if self.inference else torch.set_grad_enabled(msg.get("grad") is True)

    def _harness_writes(self) -> contextlib.AbstractContextManager:
        """The harness's own writes (inputs placed or refilled, twins, the L2 flush): under inference mode made in
        it too (the buffers may be inference tensors, written in place only there), else under no_grad (an
        input may require grad, and a leaf that does is written in place only there)."""
        return torch.inference_mode() if self.inference else torch.no_grad()

    def _second_inputs(self, values) -> dict:
        """Buffers laid out as the inputs' guarded buffers, holding the judge's second inputs: input buffer's
        storage -> its twin (ForwardWatch.shadow)."""
        tensors = [v for v in values if isinstance(v, torch.Tensor)]
        if len(tensors) != len(self.buffers):
            return {"error": "the second inputs do not match the inputs placed", "check": "sandbox.protocol"}
        shadow = {}
        self.twin_buffers = []
        placed = [x for x in self.inputs if isinstance(x, torch.Tensor)]
        for (buf, start, n), strides, v, first in zip(self.buffers, self.layouts, tensors, placed):
            if wire.span(v) != n or v.stride() != tuple(strides) or v.dtype != buf.dtype:
                return {"error": "the second inputs do not match the inputs placed", "check": "sandbox.protocol"}
            # an inference tensor where the input is one: what a torch call on the input gives reads the same
            with torch.inference_mode(first.is_inference()):
                twin = aligned_empty(buf.numel(), buf.dtype, buf.device, lead=start)
                twin.fill_(poison_value(buf.dtype))
                data = gpu_memory.candidate_view(twin, start, n)  # a storage over the data, as the input's own
                data.copy_(wire.over_span(v))  # laid out as the first inputs are, the gaps between elements too
            shadow[_data_address(buf, start)] = data
            self.twin_buffers.append((twin, start, n))
        return shadow

    def _forward(self, msg, placed_s: float, timed: bool = False, shadow: dict | None = None):
        """One forward, the same for every call the judge asks for, timed or not."""
        model = self.model
        assert model is not None  # the judge asks for no forward once init has failed: it rejects the candidate
        # earlier calls' outputs, and inputs earlier placements dropped, still alive, held on through this forward
        # as a caller that holds them would: one the candidate kept and uses as scratch once more is seen written
        # (_earlier) though it lets go of it there
        self.held_now = _alive(self.held_outputs)
        self.kept_now = _alive(self.kept_inputs)
        compat.AUTOTUNE_PICK = int(msg.get("config", 0))  # which config each autotuned kernel runs (compat.py)
        ProgramOrder.seed, ProgramOrder.launches = int(msg.get("order", 0)), 0
        compat.AUTOTUNE_SEEN.clear()
        compat.AUTOTUNE_BENCHED.clear()
        compat.BENCH_CHANGED.clear()
        widths = msg.get("as_compiled")  # hinted accesses made as the GPU makes them (sandbox/hints.py)
        hints.AsCompiled.widths = ({str(k): {str(s): int(n) for s, n in v.items()} for k, v in widths.items()
                                    if isinstance(v, dict)} if isinstance(widths, dict) else None)
        hints.AsCompiled.key = ""
        removed = msg.get("not_barriers")  # reductions and dots the compile removed (judge.check_exchanges)
        LaunchCounter.not_barriers = ({str(k): {str(s) for s in v} for k, v in removed.items() if isinstance(v, list)}
                                      if isinstance(removed, dict) else {})
        threads = threading.active_count()
        watch = ForwardWatch(poison=True, fill=str(msg.get("fill", "poison")))
        watch.shadow = shadow or {}
        if watch.shadow:  # the second inputs are sealed like everything written in that call (sandbox/sealed.py)
            watch.sealed = Sealed()
            for twin in watch.shadow.values():
                watch.sealed.seal_storage(twin)
        twins = self.twin_buffers if watch.shadow else []
        for k, (buf, start, n) in enumerate(self.buffers + twins):  # the interpreter's memcheck watches the input guards
            which = f"input {k}" if k < len(self.buffers) else f"second input {k - len(self.buffers)}"
            watch.add_guard(buf[:start], f"before {which}")
            watch.add_guard(buf[start + n:], f"past the end of {which}")
        launched: set[str] = set()  # the kernels this forward launched, by name (the judge has each compiled)
        enter = watch.enter_launch

        def enter_noting(name: str = "kernel", interpreted: bool = False, pdl: bool = False):
            launched.add(str(name))
            return enter(name, interpreted, pdl)

        watch.enter_launch = enter_noting  # type: ignore[method-assign]  # this forward's watch notes each kernel too
        LaunchCounter.current = watch
        tf32_before = compat.TF32_DOTS
        # a C++ extension's own torch calls are only visible at the dispatcher
        below = AtenWatch(watch) if msg.get("aten_watch") else contextlib.nullcontext()
        gpu = self.device.type == "cuda"
        if timed and self.flush is not None:
            self.flush.zero_()  # the L2 flush, before the watch starts: it is the harness's torch call, not forward's
        t1 = time.perf_counter()
        try:
            # autograd on, off or inference mode, as the judge drew it (judge._grad_mode, _draw_autograd)
            with self._autograd(msg), watch, below:
                if timed:  # timed_call synchronises the device before the window opens
                    out, ms = bench.timed_call(lambda: model(*self.inputs), gpu, finish=_row_major_unwatched)
                else:
                    out, ms = model(*self.inputs), None
        finally:
            LaunchCounter.current = None
            LaunchCounter.not_barriers = {}
            hints.AsCompiled.widths = None
            if watch.sealed is not None:
                watch.sealed.end()
                watch.sealed = None
        if gpu:
            torch.cuda.synchronize()
        t2 = time.perf_counter()
        if threading.active_count() > threads:
            return {"error": "forward started a thread (work hidden from the timer)", "check": "dynamic.threads"}
        outs, err = self._validate_outputs(out, twins, dict(msg.get("passthrough") or []))
        if err:
            return err
        outs = [o.detach() for o in outs]  # an autograd.Function's, on inputs that require grad: the values only
        broken = watch.check_canaries()
        placed = self.buffers + twins
        guards = [g for g in [buf[:start] for buf, start, n in placed] + [buf[start + n:] for buf, start, n in placed]
                  if g.numel()]  # packed inputs have none
        # the canary pads of forward's allocations go to the judge too, which checks them on the bytes it gets
        # (the check above, in this process, is evidence only)
        pads = [p for a in watch.allocs for p in (a.buffer[:a.start], a.buffer[a.start + a.numel:])]
        # the inputs as forward left them, as fingerprints with the judge's salt: sending them back doubled the
        # bytes that cross to the judge, gigabytes per run at the real size
        salt = int(msg.get("salt", 0))
        prints = [fingerprint(v.detach(), salt) for v in self.inputs if isinstance(v, torch.Tensor)]
        weights_changed = self._weights_changed()
        earlier_prints, held, earlier_inputs = self._earlier(outs, msg.get("earlier_salt"), msg.get("serial"))
        spent = {"placing inputs": placed_s, "forward": t2 - t1, "input fingerprints": time.perf_counter() - t2}
        # `y.cpu()`, or an output made with no device: the host's on a GPU too (tasks/devices.py). The judge
        # refuses it after the op watch's findings, which say more where the work was done on the host
        on_host = [i for i, o in enumerate(outs) if devices.ACTIVE is not None and devices.ACTIVE.is_host(o)]
        reply = {"n_out": len(outs), "input_prints": [str(f) for f in prints], "weights_changed": weights_changed,
                 "ops": watch.report.ops,
                 "host_outputs": on_host,
                 "launches": watch.report.launches, "fewest_storing": watch.fewest_storing_into(outs),
                 "canary_broken": broken,
                 "out_of_bounds": watch.report.out_of_bounds, "races": watch.report.races,
                 "races_unchecked": watch.report.races_unchecked, "hint_violations": watch.report.hints,
                 "misaligned": watch.report.misaligned, "readbacks": watch.report.readbacks,
                 "same_position": watch.report.same_position, "exchanges": watch.report.exchanges,
                 "tuple": isinstance(out, (tuple, list)), "spent": spent,
                 "n_guards": len(guards), "tf32_dots": compat.TF32_DOTS - tf32_before,
                 "autotune": dict(compat.AUTOTUNE_SEEN),
                 "autotune_benched": sorted(compat.AUTOTUNE_BENCHED), "bench_changed": compat.BENCH_CHANGED[:8],
                 "kernels": sorted(launched), "specs": sorted(watch.specs),
                 "host_values": watch.report.host_values, "undeclared_writes": watch.report.undeclared_writes,
                 "earlier_prints": earlier_prints, "held": held, "earlier_inputs": earlier_inputs}
        if ms is not None:
            reply["ms"] = ms
        return reply, outs + guards + pads  # wire.send copies them from the device straight to the judge

    def _earlier(self, outs: list, salt, serial) -> tuple[list[list], list[int], dict]:
        """What this forward did to what a caller may still hold from earlier ones (`y1 = m(x1); y2 = m(x2);
        y3 = m(x3)` leaves y1, y2, x1 and x2 as they were): ["serial:index", fingerprint under `salt`] of every
        earlier output still alive, and of every input an earlier placement dropped that is still alive (the
        candidate kept it), which the judge compares with its own copies of what it received and sent then. A
        module that keeps an output or an input as scratch, for its next call or one many calls later, writes over
        a caller's tensor. Then this call's outputs (`held`: their indices) are noted beside them, only weakly:
        holding them would keep their memory from the allocator, which a caller that drops them leaves free. (Those
        alive when the next forward starts are held through it: _forward, _place.)"""
        salt = int(salt) if isinstance(salt, int) else 0
        prints = [[key, str(fingerprint(t, salt))] for key, t in self.held_now]
        inputs = [[key, str(fingerprint(t, salt))] for key, t in self.kept_now]
        self.kept_inputs = [(key, _weakly(t)) for key, t in self.kept_now]
        self.kept_now = []
        held = [i for i, o in enumerate(outs) if i not in self.last_passthrough and o.numel()]
        self.held_outputs = [(key, _weakly(t)) for key, t in self.held_now] + [
            (f"{serial}:{i}", _weakly(outs[i])) for i in held]
        self.held_now = []
        return prints, held, {"prints": inputs}

    def compile(self, msg, tensors):
        """One forward in which every launch only compiles for the target (see sandbox/target.py)."""
        self.recorder.kernels, self.recorder.ptx = {}, {}  # per request: the judge labels them with the shape
        self.recorder.specs, self.recorder.hints_used, self.recorder.pipelined = set(), {}, {}
        self.recorder.layouts = {}
        if "specs" in msg:  # the real size: shapes only, nothing will be computed on them
            values = list(_uninitialised_all(wire.decode(msg["specs"], [])))
        else:
            values = wire.decode(msg["inputs"], tensors)
        # what forward reads on the host at this size (the real one too); given the checked run's values where the
        # judge sends them (ForwardWatch.replay)
        replay = msg.get("replay")
        watch = ForwardWatch(poison=False, replay=replay if isinstance(replay, list) else None)
        gpu_memory.COMPILING = True
        assert self.model is not None  # compiled after init, as every forward
        in_mode(self.model, msg.get("train") is True)  # the mode the checks call it in (judge.note_training_ignored)
        try:
            with torch.inference_mode() if self.inference else torch.no_grad(), watch:
                self.model(*values)
            if msg.get("contexts") is True:
                self._compile_as_other_callers(values, replay if isinstance(replay, list) else None)
        except target_compile.TargetCompileError as e:
            detail = "" if str(e.error).strip() else "\n" + _trim_tb(e.error, 1500)  # a bare assert says nothing
            return {"compile_error": (str(e) + detail)[-3000:], "kernel": e.kernel, **_host_reads(watch)}
        except target_compile.LaunchError as e:
            return {"launch_error": str(e)[:1000], "kernel": e.kernel, **_host_reads(watch)}
        except MemoryError:
            raise
        except Exception as e:  # noqa: BLE001 -- host code on outputs that were never computed, or a driver gap
            return {"not_checked": f"{type(e).__name__}: {e}"[:500], "traceback": _trim_tb(e, 1500),
                    **_host_reads(watch)}
        finally:
            gpu_memory.COMPILING = False
        rec = self.recorder
        names = list(rec.kernels)
        ptx = [torch.frombuffer(bytearray(rec.ptx[k].encode()), dtype=torch.uint8) for k in names]  # raw bytes
        return ({"kernels": rec.kernels, "ptx_of": names, "config_of": rec.config_of,
                 "dropped_configs": rec.dropped_configs, "specs": sorted(rec.specs),
                 "hints_used": rec.hints_used if rec.hints_probed else None,
                 "pipelined": {k: sorted(v) for k, v in rec.pipelined.items()}, "layouts": rec.layouts,
                 **_host_reads(watch)}, ptx)

    def _compile_as_other_callers(self, values: list, replay: list | None) -> None:
        """The compile's forward again as the checked calls may have made it (judge.draw_grad, draw_leaf_grad,
        draw_training): with autograd on, the module in training mode and the floating inputs requiring grad, and
        then in inference mode on inference tensors. A constexpr a file takes from them (Liger's
        `HAS_GRADIENTS=x.requires_grad`, statistics stored only in training) then has each kernel it chose there
        compiled too. Best effort: a path that does not compile or raises here leaves its kernels uncompiled,
        which the judge finds where the checks launched them (unverified, never a pass)."""
        model = self.model
        assert model is not None  # compiled after init, as every forward
        was = [sub.training for sub in model.modules()]

        def floats(fn):
            return [fn(v) if isinstance(v, torch.Tensor) and v.is_floating_point() else v for v in values]

        for how in ("training", "inference"):
            try:
                with ForwardWatch(poison=False, replay=list(replay) if replay is not None else None):
                    if how == "training":
                        in_mode(model, True)
                        with torch.enable_grad():
                            model(*floats(lambda v: v.detach().clone().requires_grad_(True)))
                    else:
                        with torch.inference_mode():
                            model(*floats(lambda v: v.clone()))
            except MemoryError:
                raise
            except Exception:  # noqa: BLE001 -- best effort, as said above
                pass
            finally:
                set_modes(model, was)

    # -- helpers ---------------------------------------------------------------------------
    def _guarded(self, v, record: bool = False, packed: bool = False):
        if not isinstance(v, torch.Tensor):
            return v
        # the layout the judge's input has (transposed, channels-last, a slice of a wider tensor, expanded), as
        # on a GPU, over a buffer of the storage it reaches (wire.span: the gaps between its elements too)
        n, strides = wire.span(v), v.stride()
        if packed and n:
            # the call's allocations are packed as CUDA's caching allocator packs them (gpu_memory.PackedPool):
            # then the inputs are too, allocated first as a harness allocates them before it calls forward, so
            # that an input and forward's first allocation share a segment and that allocation does not start
            # one. Inputs apart from packed outputs, or outputs at a segment's start, would tell the calls
            # apart from a GPU. No guard bands here: the other layout's calls keep them.
            chunk = gpu_memory.PACKED.take(n * v.dtype.itemsize, self.device)
            placed = gpu_memory.PACKED.hand_out(chunk, v.dtype, v.shape, strides, n)
            buf, start = chunk.segment.raw[chunk.offset:chunk.offset + n * v.dtype.itemsize].view(v.dtype), 0
        else:
            buf, start = aligned_empty(n + 2 * GUARD, v.dtype, self.device, lead=GUARD), GUARD
            buf.fill_(poison_value(v.dtype))
            # a storage of its own over the data, as a GPU input has (storage_offset() 0): the guards are outside
            placed = gpu_memory.candidate_view(buf, GUARD, n).as_strided(v.shape, strides)
        wire.over_span(placed).copy_(wire.over_span(v))  # the gaps too, and an expanded one cannot take copy_(v)
        if record:
            self.buffers.append((buf, start, n))
            self.layouts.append(strides)
        return placed

    def _place(self, values, packed: bool = False, made_there: bool = False):
        self.buffers, self.layouts = [], []
        # the last call's inputs are freed first, as a harness drops them for new ones. One the candidate kept is
        # still alive then: it is held on until this call's forward has run, as the caller that still holds it
        # would, so that what the forward writes into it is seen (_earlier) even where the candidate lets go of
        # it there (uses it as scratch once more). What nobody kept is freed, for new tensors to take its place.
        weak = [(f"{self.inputs_serial}:{i}", _weakly(t))
                for i, t in enumerate(t for t in self.inputs if isinstance(t, torch.Tensor)) if t.numel()]
        self.inputs = []
        self.kept_inputs = [(key, _weakly(t)) for key, t in _alive(self.kept_inputs + weak)]
        # under inference mode, inference tensors (made there, as a server's activations are) or the caller's own
        # (made before it), as the judge drew (judge.draw_inference_inputs: both kinds at every shape; a coin toss
        # for a timed call): `x.is_inference()` does not tell the judge's calls apart (the buffers are normal
        # tensors; what is handed out over them is made in the mode it is handed out in: gpu_memory.candidate_view)
        with torch.inference_mode(self.inference and made_there):
            self.inputs = [self._guarded(v, record=True, packed=packed) for v in values]
        _versions_drawn([v for v in self.inputs if isinstance(v, torch.Tensor)])
        # the floating inputs require grad where the judge drew it (judge.draw_leaf_grad), as a layer's
        # activations do in training: `x.requires_grad` does not tell the judge's calls apart either
        if self.leaf_grad:
            # not a leaf the first time and half the time after, as the activations past a network's first layer
            # are: the same memory, with a grad_fn (`x.is_leaf` does not tell the judge's calls apart either)
            view = not self.grad_placed or bool(os.urandom(1)[0] & 1)
            self.grad_placed = True
            for i, v in enumerate(self.inputs):
                if isinstance(v, torch.Tensor) and (v.is_floating_point() or v.is_complex()):
                    v.requires_grad_(True)
                    if view:
                        with torch.enable_grad():
                            self.inputs[i] = v.view_as(v)

    def _refill(self, values, packed: bool = False, unseen: bool = False, made_there: bool = False):
        """New values in the argument buffers already placed (same addresses), or new buffers where the layout
        differs (none placed yet, another shape, a generator whose sizes vary, e.g. a CSR structure's nonzeros)."""
        same = len(values) == len(self.inputs) and all(
            type(v) is type(cur) and (not isinstance(v, torch.Tensor) or (v.shape == cur.shape and v.dtype == cur.dtype
                                                                          and v.stride() == cur.stride()))
            for v, cur in zip(values, self.inputs))
        if not same:
            self._place(values, packed, made_there)
            return
        # an inference tensor has no version counter
        tensors = [cur for cur in self.inputs if isinstance(cur, torch.Tensor) and not cur.is_inference()]
        was = [t._version for t in tensors]
        for cur, new in zip(self.inputs, values):
            if isinstance(cur, torch.Tensor):
                wire.over_span(cur).copy_(wire.over_span(new))  # the same strides (above), gaps included
        # half the time (always with `unseen`) as a write torch does not see (a kernel's, a CUDA graph's, another
        # library's through DLPack): the version counters stay, so a cache keyed by them and a sample of the values
        # is stale there
        if unseen or os.urandom(1)[0] & 1:
            _set_versions(tensors, was)
        self.inputs = [cur if isinstance(cur, torch.Tensor) else new for cur, new in zip(self.inputs, values)]

    def _validate_outputs(self, out, twins=(), passthrough: dict | None = None):
        """`passthrough`: output index -> the tensor input the reference itself returns there (or a view of),
        which the candidate may return too; any other output in an input's memory is refused."""
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        passthrough = passthrough or {}
        # an input, or its twin in the second-inputs check (a torch call on the input there, `x.contiguous()`,
        # gives the twin)
        placed = [*self.buffers, *twins]
        inputs_returned: set[int] = set()  # the outputs that are inputs, where the reference returns them
        for i, o in enumerate(outs):
            if type(o) is not torch.Tensor:
                return None, {"error": f"forward returned {type(o).__name__} (output {i}), not a plain torch.Tensor "
                                       "(subclasses and lazy/deferred results are not accepted)",
                              "check": "correctness.output_type"}
            if o.device.type != self.device.type:
                return None, {"error": f"output {i} is on {o.device}, expected {self.device.type}",
                              "check": "correctness.output_device"}
            for k, (buf, start, n) in enumerate(placed):
                if not (o.numel() and _overlaps(o, buf)):
                    continue
                if passthrough.get(i) != k % max(len(self.buffers), 1):
                    return None, {"error": f"output {i} is an input tensor or a view of one (where the reference "
                                           "does not return that input there)",
                                  "check": "correctness.returns_input"}
                inputs_returned.add(i)
            if i in inputs_returned:
                continue  # the input itself: no storage of its own to check for reuse
            # every storage an earlier call returned is known here by a weak reference: while one is alive no
            # allocator can hand its memory out again, so an output in it is that storage, kept by the candidate
            # and returned once more (however many calls ago); a dead one's memory is free to be reused
            earlier = self.returned.get(o.untyped_storage().data_ptr()) if o.numel() else None
            if earlier is not None and not earlier.expired():
                return None, {"error": f"output {i} is the storage an earlier call returned (y1 = m(x1); y2 = m(x2) "
                                       "would leave y1 overwritten): every call must return fresh outputs",
                              "check": "correctness.output_reused"}
        self.last_passthrough = inputs_returned
        self.returned = {p: r for p, r in self.returned.items() if not r.expired()}
        self.returned.update({o.untyped_storage().data_ptr(): StorageWeakRef(o.untyped_storage()) for i, o in
                              enumerate(outs) if o.numel() and i not in inputs_returned})
        return outs, None


class _Spun(BaseException):
    """A program of a launch run in the drawn order spins (ProgramOrder): the interpreter's `except Exception`
    must not take it for the kernel's error."""


def _versions_drawn(tensors: list) -> None:
    """New inputs' version counters as a caller's tensors have them: 0 for a fresh result, more for one written in
    place since (the copy that placed them here counts one). Drawn, so that `x._version` (readable: a cache of a
    weight's layout watches it) does not tell the judge's calls from others; a refill then counts up from it, as
    an in-place write does."""
    tensors = [t for t in tensors if not t.is_inference()]  # an inference tensor has none
    _set_versions(tensors, [b % 4 for b in os.urandom(len(tensors))])


def _set_versions(tensors: list, versions: list) -> None:
    """Set the tensors' version counters (where this torch lets the harness)."""
    if tensors and hasattr(torch._C._autograd, "_unsafe_set_version_counter"):
        torch._C._autograd._unsafe_set_version_counter(tuple(tensors), tuple(versions))


class ProgramOrder:
    """The order in which the interpreter runs the programs of a launch, drawn by the judge for every forward.

    A GPU runs the programs of a launch at the same time, in no set order; the interpreter runs them one after
    another, by default in index order. A kernel whose result depends on that order (one program reading what
    another stored in the same launch, with no atomics) is wrong on a GPU and right here. The race check
    (sandbox/races.py) names such a launch, but it runs in this process, where a candidate that reaches it can
    empty it. So each launch also runs its programs in an order of the judge's choosing (per axis a rotation,
    and a reversal or not), and an order-dependent result then differs from the reference in the judge's own
    comparison. Atomics do not change that: a program that takes its output offset from an `atomic_add` ticket
    gets the tickets in index order here and in arrival order on the GPU. A launch whose kernel both uses
    atomics and loops on a run-time condition (`while`: a program spinning on a flag that a lower-numbered one
    sets, which would wait forever if run first) runs in the drawn order too, and only where one of its
    programs then spins (more than SPIN_LIMIT atomics or volatile loads: it waits for a program not yet run)
    is it run again, on its arguments as they were, in index order. A `while` that never waits does not pin
    the order (`wrongdata__compaction_tickets_behind_decoy_while`), and nor do polls that do not wait: where a
    program polls past SPIN_LIMIT in index order too (all programs before it have finished), the launch runs a
    third time, in the drawn order with no limit (`wrongdata__decoy_polls_buy_index_order`). In the second-inputs call, whose memory is
    sealed (sandbox/sealed.py), such a launch keeps the index order: its writes cannot be taken back there.
    """

    seed = 0          # from the judge's request; 0: index order
    launches = 0      # launches of the current forward, so each gets its own order
    _reorder = False  # the launch in progress may be reordered
    _atomic_cache: dict[int, bool] = {}
    SPIN_LIMIT = 500  # a program's atomics and volatile loads past which it is taken to be waiting
    _trying = False     # a waiting kernel's launch in the drawn order, to be run again if a program spins
    _polls = 0          # atomics and volatile loads of the program in progress
    _counting = False   # the same launch again in index order: its programs' polls are counted, not stopped
    _spun_anyway = False  # and one of them polled past SPIN_LIMIT there too

    @classmethod
    def install(cls) -> bool:
        try:
            from triton.runtime.interpreter import GridExecutor, InterpreterBuilder
        except Exception:  # noqa: BLE001 -- no interpreter: nothing to reorder
            return False
        if getattr(InterpreterBuilder.set_grid_idx, "_kp_order", False):
            return True
        set_idx, launch = InterpreterBuilder.set_grid_idx, GridExecutor.__call__

        def set_grid_idx(self, x, y, z):
            cls._polls = 0
            if cls._reorder and hasattr(self, "grid_dim"):
                x, y, z = (cls._place(v, g, axis) for axis, (v, g) in enumerate(zip((x, y, z), self.grid_dim)))
            return set_idx(self, x, y, z)

        def call(self, *args, **kwargs):
            outer, trying = cls._reorder, cls._trying
            cls.launches += 1
            fn = getattr(self, "fn", None)
            waits = cls._uses_atomics(fn) and cls._waits(fn)
            watch = LaunchCounter.current
            cls._reorder = bool(cls.seed) and not (waits and watch is not None and watch.sealed is not None)
            try:
                if not (waits and cls._reorder):
                    return launch(self, *args, **kwargs)
                # the harness's copies, which no watch is to see, nor autograd (an input may require grad)
                with torch._C.DisableTorchFunction(), torch.no_grad():
                    # over the storage each reaches: an expanded tensor is written back through its span
                    kept = [(t, wire.over_span(t).clone()) for t in (*args, *kwargs.values())
                            if isinstance(t, torch.Tensor)]
                cls._trying = True
                try:
                    return launch(self, *args, **kwargs)
                except _Spun:
                    pass
                finally:
                    cls._trying = trying
                with torch._C.DisableTorchFunction(), torch.no_grad():
                    for t, was in kept:
                        wire.over_span(t).copy_(was)
                cls._reorder, cls._counting, cls._spun_anyway = False, True, False
                try:
                    got = launch(self, *args, **kwargs)
                finally:
                    cls._counting = False
                if not cls._spun_anyway:
                    return got
                # a program polled as much in index order, where every program before it has finished: it was not
                # waiting for one (a loop of polls that ends by itself buys nothing), so the drawn order stands
                with torch._C.DisableTorchFunction(), torch.no_grad():
                    for t, was in kept:
                        wire.over_span(t).copy_(was)
                cls._reorder = True
                return launch(self, *args, **kwargs)
            finally:
                cls._reorder = outer

        def polled(op, volatile_at: int | None = None):
            def counted(self, *a, **k):
                if (cls._trying or cls._counting) and (volatile_at is None or (
                        a[volatile_at] if len(a) > volatile_at else k.get("is_volatile", False))):
                    cls._polls += 1
                    if cls._polls > cls.SPIN_LIMIT and cls._trying:
                        raise _Spun()
                    cls._spun_anyway = cls._spun_anyway or cls._polls > cls.SPIN_LIMIT
                return op(self, *a, **k)
            return counted

        for name, volatile_at in (("create_atomic_rmw", None), ("create_atomic_cas", None), ("create_load", 2),
                                  ("create_masked_load", 4)):
            if hasattr(InterpreterBuilder, name):
                setattr(InterpreterBuilder, name, polled(getattr(InterpreterBuilder, name), volatile_at))
        setattr(set_grid_idx, "_kp_order", True)  # installed once: a second install sees it
        InterpreterBuilder.set_grid_idx, GridExecutor.__call__ = set_grid_idx, call
        return True

    # grids up to this many programs on an axis run in a drawn permutation of it; larger ones (which the
    # interpreter would take hours over) in a rotation, reversed or not
    PERMUTED = 1 << 20
    _perms: dict[tuple[int, int], Any] = {}

    @classmethod
    def _place(cls, v: int, g: int, axis: int) -> int:
        """The program the interpreter runs at step `v` of axis `axis` (of `g` programs). A permutation drawn per
        launch and axis, not a rotation of the index order: under a rotation every program's ticket from an
        atomic counter is its index plus one constant, which a kernel can test for (and compute right only
        then), where a GPU hands tickets out in arrival order."""
        if g <= 1:
            return v
        mix = (cls.seed * 0x9E3779B1 + cls.launches * 0x85EBCA77 + axis * 0xC2B2AE3D) & 0xFFFFFFFF
        if g <= cls.PERMUTED:
            perm = cls._perms.get((mix, g))
            if perm is None:
                if len(cls._perms) >= 8:  # a launch's axes, and the second timed run of the same launch
                    cls._perms.clear()
                import numpy as np

                perm = cls._perms[(mix, g)] = np.random.default_rng(mix).permutation(g).astype(np.int32)
            return int(perm[v])
        shift = mix % g
        return (v + shift) % g if (mix >> 16) & 1 else (g - 1 - v + shift) % g

    @classmethod
    def _uses_atomics(cls, fn) -> bool:
        """Does the kernel, or a jit function it calls, name an atomic operation?"""
        code = getattr(fn, "__code__", None)
        if code is None:
            return True  # unknown: keep the index order
        key = id(code)
        if key not in cls._atomic_cache:
            cls._atomic_cache[key] = True  # while looking (recursion)
            found = False
            for name in code.co_names:
                if name.startswith("atomic"):
                    found = True
                    break
                inner = getattr(getattr(fn, "__globals__", {}).get(name), "fn", None)
                if callable(inner) and getattr(inner, "__code__", None) is not None and cls._uses_atomics(inner):
                    found = True
                    break
            cls._atomic_cache[key] = found
        return cls._atomic_cache[key]


    _while_cache: dict[int, bool] = {}

    @classmethod
    def _waits(cls, fn) -> bool:
        """Does the kernel, or a jit function it calls, hold a `while` loop that reads memory another program
        writes (an atomic, or a volatile load, in its test or body: a spin-wait)? A `while` with neither cannot
        wait for another program, and the compiler may drop it. Unknown counts as yes."""
        import ast
        import inspect
        import textwrap

        code = getattr(fn, "__code__", None)
        if code is None:
            return True
        key = id(code)
        if key not in cls._while_cache:
            cls._while_cache[key] = True  # while looking (recursion)
            try:
                tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            except (OSError, TypeError, SyntaxError):
                return True
            found = any(isinstance(n, ast.While) and waits_on_memory(n, helpers=True) for n in ast.walk(tree))
            for name in code.co_names:
                if found:
                    break
                inner = getattr(getattr(fn, "__globals__", {}).get(name), "fn", None)
                if callable(inner) and getattr(inner, "__code__", None) is not None:
                    found = cls._waits(inner)
            cls._while_cache[key] = found
        return cls._while_cache[key]


def _uninitialised(spec):
    """A real-size input for compiling only: floats left uninitialised (no memory is touched), integers zeroed
    so that any index the host code reads is valid."""
    if not (isinstance(spec, dict) and "empty" in spec):
        return spec
    dtype = wire.DTYPES[spec["dtype"]]
    stride = spec.get("stride")
    x = (torch.empty_strided(spec["empty"], stride, dtype=dtype) if isinstance(stride, list)
         else torch.empty(spec["empty"], dtype=dtype))
    return x if dtype.is_floating_point or dtype.is_complex else x.zero_()


def _uninitialised_all(spec):
    """_uninitialised for every spec inside tuples, lists and dicts."""
    if isinstance(spec, dict) and "empty" not in spec:
        return {k: _uninitialised_all(v) for k, v in spec.items()}
    if isinstance(spec, (list, tuple)):
        return type(spec)(_uninitialised_all(v) for v in spec)
    return _uninitialised(spec)


def _host_reads(watch: ForwardWatch) -> dict:
    """What a compile's forward read on the host, and how much of it was the checked run's (ForwardWatch.replay)."""
    rep = watch.report
    return {"scalar_reads": rep.scalar_reads, "count_reads": rep.count_reads, "replayed": rep.replayed,
            "replay_diverged": rep.replay_diverged}


def serve(cmd_fd: int, res_fd: int, scratch: Path, source: str, device: str, target: str | None = None,
          arenas: tuple = (None, None), emulate: str | None = None, smallest_instance: bool = False) -> None:
    """Answer the judge's requests until told to exit. Errors become messages, never tracebacks on a pipe.

    With `target` (an arch such as sm_90), this process compiles the candidate's kernels for that GPU instead
    of interpreting them, and answers `compile` requests (sandbox/target.py). With `emulate` (an arch), the
    interpreter computes what that GPU's compiled kernels would where the two differ (sandbox/compat.py), and
    with `smallest_instance` the host code sees that GPU as its smallest MIG instance (tasks/devices.py)."""
    compat.SMALLEST_INSTANCE = smallest_instance
    recorder = None
    # Forked from a judge whose OpenMP pool has run (the reference, the inputs): GNU OpenMP is not fork-safe,
    # and the candidate's first parallel torch op (an elementwise op or copy past ATen's grain size) would wait
    # forever for the parent's pool threads, which a fork does not copy. One thread runs such ops inline. The
    # host work here is glue around kernels; what is timed on a GPU is the kernels, not CPU torch ops.
    torch.set_num_threads(1)
    if target:
        recorder = target_compile.install(target)  # before the candidate is imported
    runner = CandidateRunner(scratch, source, device, emulate)
    runner.recorder = recorder
    # looked up by what the judge's message names: anything else is a KeyError, sent back as the op's error
    ops: dict[Hashable, Callable[[dict, list], Any]] = {
        "load": runner.load, "init": runner.init, "weights": runner.weights, "run": runner.run, "call": runner.call,
        "compile": runner.compile, "back": runner.back}
    # inputs to run or time on land on the device straight from shared memory; anything else (constructor
    # arguments, weights) arrives on the host, as it would for the reference
    place = lambda m: device if m.get("op") in ("run", "call", "weights") else None  # noqa: E731
    while True:
        msg, tensors = wire.recv(cmd_fd, timeout=1e9, arena=arenas[0], device=place, strided=True)
        op = msg.get("op")
        if op == "exit":
            wire.send(res_fd, {"bye": True})
            return
        try:
            res = ops[op](msg, tensors)
        except MemoryError:
            res = {"error": "out of memory (the memory limit of the sandbox was hit)", "check": "sandbox.memory"}
        except SystemExit as e:
            res = {"error": f"the candidate tried to exit (SystemExit {e.code!r}: exit(), quit() or sys.exit()); "
                            "an exit is never a pass, and anything it printed is only logged", "check": "sandbox.early_exit"}
        except BaseException as e:  # noqa: BLE001 - the candidate's exception is the judge's data
            root = _root_cause(e)
            res = {"error": f"{type(e).__name__}: {e}", "traceback": _trim_tb(e), "check": f"{op}.exception",
                   "raised_in": _raised_in(root, scratch / "candidate.py"), "raise_statement": _raise_statement(root)}
        reply, out_tensors = res if isinstance(res, tuple) else (res, [])
        wire.send(res_fd, reply, out_tensors, arena=arenas[1])
