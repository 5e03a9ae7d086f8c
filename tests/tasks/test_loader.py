"""draw_inputs: the judge's and the GPU check's way of drawing a task's inputs on a device."""

import types

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
