"""Task helpers: draw_inputs (the judge's and the GPU check's way of drawing inputs on a device), output_bytes."""

import types

import pytest
import torch

from kernelpilot.tasks.loader import draw_inputs


def _module(src: str) -> types.ModuleType:
    mod = types.ModuleType("task")
    exec(src, mod.__dict__)
    return mod


def test_inputs_are_drawn_on_the_device_where_the_generator_allows():
    mod = _module("import torch\ndef get_inputs():\n    return [torch.randn(4, 5), 3]\n")
    x, n = draw_inputs(mod, "meta", seed=1)  # meta stands in for a GPU here: any non-host device
    assert x.device.type == "meta" and x.shape == (4, 5) and n == 3


def test_a_generator_that_needs_host_values_is_rerun_on_the_host_from_the_same_seed():
    # .item() has no value on a device-less tensor: the first attempt fails, the host one must match a plain
    # host draw from the same seed (the failed attempt must not shift the random stream)
    mod = _module("import torch\ndef get_inputs():\n    k = int(torch.randint(2, 6, ()).item())\n"
                  "    return [torch.randn(k, 3)]\n")
    (on_host,) = draw_inputs(mod, "cpu", seed=7)
    (fallen_back,) = draw_inputs(mod, "meta", seed=7)
    assert fallen_back.device.type == "cpu" and torch.equal(fallen_back, on_host)


def test_output_bytes_come_from_a_forward_on_the_meta_device():
    from kernelpilot.tasks.loader import load_task

    relu, embedding = load_task("relu"), load_task("embedding")
    assert relu.output_bytes() == relu.input_bytes() > 1 << 30  # same shape and dtype, real size, nothing allocated
    assert embedding.output_bytes() > 100 * embedding.input_bytes()  # ids in, rows of a table out


def test_output_bytes_unknown_where_the_model_needs_real_values(tmp_path):
    from kernelpilot.tasks.loader import load_task

    path = tmp_path / "nonzero.py"
    path.write_text(
        "import torch\nimport torch.nn as nn\n"
        "class Model(nn.Module):\n    def forward(self, x):\n        return torch.nonzero(x > 0)\n"
        "def get_inputs():\n    return [torch.randn(64)]\n"
        "def get_init_inputs():\n    return []\n")
    assert load_task(str(path)).output_bytes() is None  # a data-dependent shape


def test_the_gpu_checks_memory_need_counts_outputs():
    from gpu_check import _need
    from kernelpilot.tasks.loader import load_task

    embedding = load_task("embedding")
    assert _need(embedding) >= 3 * embedding.output_bytes()


def test_inputs_from_torch_distributions_are_sized_on_the_meta_device(plain_kernelbench_task):
    """Distributions check their parameters with .item(), which meta tensors refuse; the loader switches that
    check off meanwhile instead of drawing the inputs for real (here 8 TiB: that would never return)."""
    from torch.distributions import Distribution

    from kernelpilot.tasks.catalog import collect
    from kernelpilot.tasks.loader import load_task

    task = load_task(str(plain_kernelbench_task))
    assert task.input_bytes() == 2 * (1 << 40) * 4
    assert task.output_bytes() == 4
    assert Distribution._validate_args is True  # put back afterwards
    assert task.summary == "Mean absolute error between two heavy-tailed tensors."  # the class's docstring
    facts = collect(task)
    assert facts.input_dtypes == ["float32"] and facts.output_dtypes == ["float32"] and not facts.problems
    assert facts.tolerance["float32"]["rtol"] > 0  # the defaults that apply, shown
    assert facts.defaults == {"rows": 1 << 20, "cols": 1 << 20}  # its size, though it has no SHAPES


def test_the_exact_zeros_family_zeroes_about_one_in_eight_of_mixed_sign_floats_only():
    """The judge's own value family: exact zeros where activations have them, never where a positive scale or an
    integer id would change meaning; the same places for the same seed; an expanded view is left alone."""
    import types

    import torch

    from kernelpilot.tasks.loader import EXACT_ZEROS, TYPICAL, draw_inputs, value_families, with_exact_zeros

    def inputs():
        return [torch.randn(64, 256), torch.rand(64, 256) + 0.5, torch.randint(0, 9, (64, 256)),
                torch.randn(1, 256).expand(64, 256), torch.randn(8), 2.0]

    mod = types.SimpleNamespace(get_inputs=inputs)
    got = draw_inputs(mod, "cpu", 7, EXACT_ZEROS)
    share = float((got[0] == 0).float().mean())
    assert 0.10 < share < 0.15
    typical = draw_inputs(mod, "cpu", 7, TYPICAL)
    assert torch.equal(typical[0][got[0] != 0], got[0][got[0] != 0])  # the typical draw, zeros put in it
    # positive floats, integers, an expanded view, fewer than 16 elements, a number: as drawn
    assert all(torch.equal(typical[k], got[k]) for k in (1, 2, 3, 4)) and got[5] == 2.0
    again = draw_inputs(mod, "cpu", 7, EXACT_ZEROS)
    assert torch.equal(got[0], again[0])
    assert not bool(torch.signbit(got[0][got[0] == 0]).any())  # +0.0 unless signed zeros are asked for
    # signed: each zero of the sign of the value it replaced, -0.0 for about half of an activation's
    signed = draw_inputs(mod, "cpu", 7, EXACT_ZEROS, zero_signed=True)
    zeros = signed[0] == 0
    assert torch.equal(zeros, got[0] == 0)
    assert torch.equal(torch.signbit(signed[0][zeros]), torch.signbit(typical[0][zeros]))
    assert 0.35 < float(torch.signbit(signed[0][zeros]).float().mean()) < 0.65
    assert value_families(mod) == [TYPICAL, EXACT_ZEROS]
    assert value_families(types.SimpleNamespace(get_inputs=inputs, EXACT_ZEROS=False)) == [TYPICAL]
    assert with_exact_zeros([]) == []
    fp8 = torch.randn(64, 64).to(torch.float8_e4m3fn)  # no comparisons or fills of its own: through fp16
    with_exact_zeros([fp8])
    assert 0.08 < float((fp8.float() == 0).float().mean()) < 0.2
    # widened where the judge finds the reference as finite (judge.plan_zeros): a one-signed input zeroed
    # too, and a whole row of each input of two or more dimensions, the rest of the draw unchanged
    wide = draw_inputs(mod, "cpu", 7, EXACT_ZEROS, zero_rows=True, zero_also=[1], zero_signed=True)
    assert 0.10 < float((wide[1] == 0).float().mean()) < 0.15
    assert not bool(torch.signbit(wide[1]).any())  # a positive input's zeros are +0.0, signed or not
    assert int((wide[0] == 0).all(dim=1).sum()) == 1 and int((wide[1] == 0).all(dim=1).sum()) == 1
    assert torch.equal(wide[0][got[0] == 0], got[0][got[0] == 0])  # the scattered zeros where they were
    assert int(((wide[0] == 0) & (got[0] != 0)).sum()) <= 256  # besides them, one row at most
    assert all(torch.equal(typical[k], wide[k]) for k in (2, 3, 4))


def test_exact_zeros_leave_signs_and_masks_and_keep_sorted_tables_sorted():
    """A zero is no sign (+-1): such inputs are left as drawn. Zeros scattered into a table of boundaries would
    unsort it: a sorted row of both signs gets its value nearest zero made zero. Activations of both signs get
    their zeros."""
    import torch

    from kernelpilot.tasks.loader import with_exact_zeros

    torch.manual_seed(0)
    signs = torch.randint(0, 2, (256,)).float() * 2 - 1
    bounds = torch.linspace(-2.0, 2.0, 64)
    falling = torch.linspace(2.0, -2.0, 64).repeat(4, 1)
    acts = torch.randn(256)
    out = with_exact_zeros([signs.clone(), bounds.clone(), falling.clone(), acts.clone()])
    assert torch.equal(out[0], signs) and int((out[3] == 0).sum()) > 0
    assert int((out[1] == 0).sum()) == 1 and bool((out[1][1:] >= out[1][:-1]).all())
    assert bool(((out[2] == 0).sum(dim=-1) == 1).all()) and bool((out[2][:, 1:] <= out[2][:, :-1]).all())
    positive = torch.linspace(0.1, 2.0, 64)
    assert torch.equal(with_exact_zeros([positive.clone()])[0], positive)  # one-signed: left as drawn


def test_annotated_globals_are_sizes_and_training_must_be_a_bool(tmp_path):
    from kernelpilot.tasks.loader import TaskError, load_task
    from kernelpilot.tasks.sizes import free_sizes

    body = ("import torch\nimport torch.nn as nn\nbatch_size: int = 16\ndim: int = int(1000)\n{extra}\n"
            "class Model(nn.Module):\n    def forward(self, x):\n        return x * 2\n\n"
            "def get_inputs():\n    return [torch.randn(batch_size, dim)]\n\n"
            "def get_init_inputs():\n    return []\n")
    f = tmp_path / "typed.py"
    f.write_text(body.format(extra=""))
    task = load_task(str(f))
    assert task.size_globals() == ["batch_size", "dim"] and free_sizes(task) == {"batch_size": 16, "dim": 1000}
    assert task.training is None
    f.write_text(body.format(extra="TRAINING = False"))
    assert load_task(str(f)).training is False
    f.write_text(body.format(extra="TRAINING = 'eval'"))
    with pytest.raises(TaskError, match="TRAINING must be True or False"):
        load_task(str(f)).module()


def test_the_judges_changes_keep_a_triangular_or_symmetric_input_so():
    from kernelpilot.tasks.loader import matrix_structure, structured_like, with_exact_zeros

    a = torch.randn(2, 7, 7)
    sym, low = a + a.mT, a.tril()
    assert [matrix_structure(t) for t in (a, sym, low, a.triu(), torch.diag(a[0].diag()))] == \
        [None, "symmetric", "lower", "upper", "diagonal"]
    assert matrix_structure(torch.randn(3, 224, 224)) is None  # a square image is no structure
    zs, zl = sym.clone(), low.clone()
    with_exact_zeros([zs, zl], rows=True)
    assert torch.equal(zs, zs.mT) and int((zs == 0).sum()) > 0  # zeros in mirrored pairs, rows with their columns
    assert torch.equal(zl, zl.tril()) and int((zl.tril() == 0).sum()) > 0
    moved = sym.clone()
    moved[0, 1, 5], moved[1, 6, 2] = 7.0, 9.0  # one side of a pair changed: mirrored
    structured_like(sym, moved)
    assert torch.equal(moved, moved.mT) and moved[0, 5, 1] == 7.0 and moved[1, 2, 6] == 9.0
    swapped = low.clone()
    swapped[0, 1, 4], swapped[0, 4, 1] = low[0, 4, 1], 0.0  # a value swapped above the diagonal
    structured_like(low, swapped)
    assert torch.equal(swapped, swapped.tril()) and swapped[0, 4, 1] == 0.0
