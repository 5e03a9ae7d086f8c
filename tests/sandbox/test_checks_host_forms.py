"""Three host-side forms of public Triton code the contract reads precisely rather than refusing: a module-level
setting filled once through `global`, a dict of kernels indexed to launch one, and a kernel handed to a
launcher function of the file. Each is accepted in its plain form; each way it could hand on more than it
should is refused, with the rule that refuses it."""
import pytest

from kernelpilot.sandbox.checks import run_static_checks

HEADER = "import torch\nimport torch.nn as nn\nimport triton\nimport triton.language as tl\n"
KERNELS = ("@triton.jit\ndef leaky(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):\n"
           "    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)\n"
           "    x = tl.load(x_ptr + offs, mask=offs < n)\n"
           "    tl.store(y_ptr + offs, tl.where(x >= 0, x, x * slope), mask=offs < n)\n"
           "@triton.jit\ndef relu(x_ptr, y_ptr, n, slope, BLOCK: tl.constexpr):\n"
           "    offs = tl.program_id(0) * BLOCK + tl.arange(0, BLOCK)\n"
           "    x = tl.load(x_ptr + offs, mask=offs < n)\n"
           "    tl.store(y_ptr + offs, tl.maximum(x, 0.0), mask=offs < n)\n")
MODEL = ("class ModelNew(nn.Module):\n    def forward(self, x):\n"
         "        y = torch.empty_like(x)\n        {forward}\n        return y\n")


def src(module: str, forward: str) -> str:
    return HEADER + KERNELS + module + MODEL.format(forward=forward)


LAUNCH = "leaky[(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), 0.1, BLOCK=1024)"
SMS = ("_NUM_SMS = None\n"
       "def num_sms():\n    global _NUM_SMS\n    if _NUM_SMS is None:\n"
       "        _NUM_SMS = torch.cuda.get_device_properties(0).multi_processor_count\n    return _NUM_SMS\n")
TABLE = "_KERNELS = {'leaky': leaky, 'relu': relu}\n"
TABLE_LAUNCH = "_KERNELS['leaky'][(triton.cdiv(x.numel(), 1024),)](x, y, x.numel(), 0.1, BLOCK=1024)"
LAUNCHER = ("def launch(kernel, x, y, *scalars, BLOCK=1024):\n"
            "    kernel[(triton.cdiv(x.numel(), BLOCK),)](x, y, x.numel(), *scalars, BLOCK=BLOCK)\n")


@pytest.mark.parametrize("module,forward", [
    # a lazily filled device query, the persistent launchers' NUM_SMS (Liger, SGLang)
    (SMS, "n = num_sms()\n        " + LAUNCH),
    ("_CALLS = 0\ndef count():\n    global _CALLS\n    _CALLS += 1\n", "count()\n        " + LAUNCH),
    ("_MODE: str = 'fast'\ndef set_mode(m):\n    global _MODE\n    _MODE = m\n", "set_mode('slow')\n        " + LAUNCH),
    # a dict of kernels by name, indexed to launch one, its keys tested (attorch-style activation dispatch)
    (TABLE, TABLE_LAUNCH),
    (TABLE, "assert 'leaky' in _KERNELS\n        " + TABLE_LAUNCH),
    (TABLE, "k = _KERNELS['relu']\n        k[(1,)](x, y, x.numel(), 0.1, BLOCK=1024)"),
    (TABLE + LAUNCHER, "launch(_KERNELS['leaky'], x, y, 0.1)"),
    # the table written as dict(...), keyed by an enum of the file, or as a tuple indexed by position
    ("_KERNELS = dict(leaky=leaky, relu=relu)\n", TABLE_LAUNCH),
    ("import enum\nclass Act(enum.IntEnum):\n    LEAKY = 0\n    RELU = 1\n_KERNELS = {Act.LEAKY: leaky, Act.RELU: relu}\n",
     TABLE_LAUNCH.replace("'leaky'", "Act.LEAKY")),
    ("_KERNELS = (leaky, relu)\n", TABLE_LAUNCH.replace("'leaky'", "0")),
    # a launcher under @torch.compiler.disable (public launchers keep torch.compile out this way)
    ("@torch.compiler.disable\n" + LAUNCHER, "launch(leaky, x, y, 0.1)"),
    # a launcher's parameter typed as Triton's kernel class
    (LAUNCHER.replace("def launch(kernel,", "def launch(kernel: triton.JITFunction,"), "launch(leaky, x, y, 0.1)"),
    # one launcher for many kernels, the kernel a parameter (FlagGems-style pointwise wrappers)
    (LAUNCHER, "launch(leaky, x, y, 0.1)"),
    (LAUNCHER, "launch(x=x, y=y, kernel=relu)"),
    (LAUNCHER, "launch(leaky, x, y, 0.1)\n        launch(relu, x, y, 0.1)"),
])
def test_the_three_host_forms_are_accepted(module, forward):
    assert run_static_checks(src(module, forward)) is None


@pytest.mark.parametrize("module,forward,check,why", [
    # global: only a module-level setting first bound to a literal, never a module, kernel or function
    (SMS.replace("_NUM_SMS = torch.cuda", "_NUM_SMS = torch\n        _X = torch.cuda"), LAUNCH,
     "static.patching", "bound to a module"),
    ("def f():\n    global _NEW\n    _NEW = 1\n", LAUNCH, "static.patching", "never binds it itself"),
    ("def f():\n    global len\n    len = 3\n", LAUNCH, "static.patching", "never binds it itself"),
    ("_C = {}\ndef f():\n    global _C\n    _C = {1: 2}\n", LAUNCH, "static.patching", "other than a literal"),
    ("_F = None\ndef f():\n    global _F\n    _F = lambda: 3\n", LAUNCH, "static.patching", "bound to a module"),
    ("def f():\n    global leaky\n    leaky = 1\n", LAUNCH, "static.triton_object", "bound again"),
    ("_B = 4\ndef f():\n    global _B\n    _B = 8\n",
     "f()\n        leaky[(1,)](x, y, x.numel(), 0.1, BLOCK=1024)", None, None),
    ("def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2\n", LAUNCH, "static.patching", "nonlocal"),
    # a kernel may not read a global a function refills: it reads constants only
    (SMS.replace("def num_sms", "@triton.jit\ndef reads(p):\n    tl.store(p, _NUM_SMS)\ndef num_sms"), LAUNCH,
     "static.jit_body", "_NUM_SMS"),
    # tables: indexed or key-tested only; every value a kernel; bound once, never written
    (TABLE, "for k in _KERNELS.values():\n            pass", "static.triton_object", "table of @triton.jit"),
    (TABLE, "_KERNELS['x'] = relu", "static.triton_object", "table of @triton.jit"),
    (TABLE, "print(_KERNELS)", "static.triton_object", "table of @triton.jit"),
    (TABLE, "print(_KERNELS['relu'])", "static.triton_object", "used as a value"),
    (TABLE, "print(_KERNELS['relu'].fn)", "static.triton_object", "internals"),
    (TABLE, "k = _KERNELS['relu']\n        print(k)", "static.triton_object", "used as a value"),
    (TABLE, "z = " + TABLE_LAUNCH, "static.triton_object", "value a launch returns"),
    (TABLE, TABLE_LAUNCH.replace("BLOCK=1024", "BLOCK=torch.relu"), "static.constexpr", "constexpr"),
    (TABLE + "_KERNELS = {}\n", TABLE_LAUNCH, "static.triton_object", "used as a value"),
    ("_KERNELS = {'leaky': leaky, 'max': torch.maximum}\n", TABLE_LAUNCH, "static.triton_object", "used as a value"),
    ("_KERNELS = {**{'leaky': leaky}}\n", TABLE_LAUNCH, "static.triton_object", "used as a value"),
    ("_KERNELS = [leaky, relu]\n", "_KERNELS.append(relu)", "static.triton_object", "table of @triton.jit"),
    ("_KERNELS = dict(leaky=leaky, **{'relu': relu})\n", TABLE_LAUNCH, "static.triton_object", "used as a value"),
    ("_KERNELS = {torch.float32: leaky}\n", TABLE_LAUNCH.replace("'leaky'", "torch.float32"),
     "static.triton_object", "used as a value"),
    # launchers: the parameter is a launch statement's receiver and nothing else
    (LAUNCHER.replace("    kernel[", "    print(kernel)\n    kernel["), "launch(leaky, x, y, 0.1)",
     "static.triton_object", "reads nowhere but as a launch"),
    (LAUNCHER.replace("    kernel[", "    kernel.fn\n    kernel["), "launch(leaky, x, y, 0.1)",
     "static.triton_object", "used as a value"),
    (LAUNCHER.replace("    kernel[", "    z = kernel["), "launch(leaky, x, y, 0.1)",
     "static.triton_object", "value a launch returns"),
    (LAUNCHER.replace("    kernel[", "    kernel = kernel\n    kernel["), "launch(leaky, x, y, 0.1)",
     "static.triton_object", "used as a value"),
    (LAUNCHER.replace("    kernel[", "    def g():\n        return kernel\n    kernel["), "launch(leaky, x, y, 0.1)",
     "static.triton_object", "used as a value"),
    (LAUNCHER, "launch(*[leaky], x, y, 0.1)", "static.triton_object", "used as a value"),
    (LAUNCHER, "launch(x, y, 0.1, leaky)", "static.triton_object", "used as a value"),
    # the launch inside is judged as each kernel's that reaches it (a constexpr given a library function)
    (LAUNCHER.replace("BLOCK=BLOCK)", "BLOCK=torch.relu)"), "launch(leaky, x, y, 0.1)", "static.constexpr", "leaky"),
    (LAUNCHER + "def launch2(kernel, x, y):\n    launch(kernel, x, y, 0.1)\n", "launch2(leaky, x, y)",
     "static.triton_object", "used as a value"),
    (LAUNCHER + "launch = print\n", "launch(leaky, x, y, 0.1)", "static.triton_object", "used as a value"),
])
def test_what_the_three_forms_could_hand_on_is_refused(module, forward, check, why):
    got = run_static_checks(src(module, forward))
    if check is None:
        assert got is None
        return
    assert got is not None and got.check == check and why in got.reason, got


COUNT = "_CALLS = []\ndef counting_grid(meta):\n    _CALLS.append(1)\n    return (triton.cdiv(1024, meta['BLOCK']),)\n"


@pytest.mark.parametrize("module,forward,check,why", [
    # a launch is one statement: `kernel[grid]` kept is Triton's launcher, and its call's value the compiled kernel
    ("", "run = leaky[(1,)]\n        run(x, y, x.numel(), 0.1, BLOCK=1024)", "static.triton_object", "one statement"),
    (TABLE, "run = _KERNELS['leaky'][(1,)]\n        run(x, y, x.numel(), 0.1, BLOCK=1024)",
     "static.triton_object", "one statement"),
    # a grid function is followed through every name the kernel takes, and through a launcher's parameters
    (COUNT, "k = leaky\n        k[counting_grid](x, y, x.numel(), 0.1, BLOCK=1024)", "static.triton_callback", "_CALLS"),
    (COUNT + TABLE, "_KERNELS['leaky'][counting_grid](x, y, x.numel(), 0.1, BLOCK=1024)",
     "static.triton_callback", "_CALLS"),
    (COUNT + LAUNCHER.replace("(kernel, x", "(kernel, grid, x").replace("[(triton.cdiv(x.numel(), BLOCK),)]", "[grid]"),
     "launch(leaky, counting_grid, x, y, 0.1)", "static.triton_callback", "_CALLS"),
    (COUNT + "def launch(x, y, grid=counting_grid):\n    leaky[grid](x, y, x.numel(), 0.1, BLOCK=1024)\n",
     "launch(x, y)", "static.triton_callback", "_CALLS"),
    (COUNT + "@torch.compiler.disable\n" + LAUNCHER.replace("(kernel, x", "(kernel, grid, x").replace(
        "[(triton.cdiv(x.numel(), BLOCK),)]", "[grid]"),
     "launch(leaky, counting_grid, x, y, 0.1)", "static.triton_callback", "_CALLS"),
    ("@functools.cache\ndef launch(kernel, x, y):\n    kernel[(1,)](x, y, x.numel(), 0.1, BLOCK=1024)\nimport functools\n",
     "launch(leaky, x, y)", "static.triton_object", "used as a value"),
    (COUNT + "import functools\n", "leaky[functools.partial(counting_grid)](x, y, x.numel(), 0.1, BLOCK=1024)",
     "static.triton_callback", "_CALLS"),
    (COUNT + "def make():\n    return counting_grid\n", "leaky[make()](x, y, x.numel(), 0.1, BLOCK=1024)",
     "static.triton_callback", "_CALLS"),
    # a grid or hook that cannot be followed to a body is refused
    ("", "self.g = lambda m: (1,)\n        leaky[self.g](x, y, x.numel(), 0.1, BLOCK=1024)",
     "static.triton_callback", "cannot be followed"),
    ("def launch(x, y, grid):\n    leaky[grid](x, y, x.numel(), 0.1, BLOCK=1024)\n",
     "f = launch\n        f(x, y, lambda m: (1,))", "static.triton_callback", "cannot be followed"),
    # a config's hook handed through a factory's parameter is judged as a hook
    ("_SEEN = []\ndef hook(nargs):\n    _SEEN.append(1)\n"
     "def configs(h):\n    return [triton.Config({'B': 128}, pre_hook=h)]\n"
     "@triton.autotune(configs=configs(hook), key=['n'])\n@triton.jit\ndef tuned(x_ptr, n, B: tl.constexpr):\n"
     "    pass\n", "tuned[(1,)](x, x.numel())", "static.triton_callback", "_SEEN"),
])
def test_launches_and_callbacks_are_followed_through_every_name(module, forward, check, why):
    got = run_static_checks(src(module, forward))
    assert got is not None and got.check == check and why in got.reason, got


@pytest.mark.parametrize("module,forward", [
    # grids handed to a plain launcher: tuples, lambdas, functions of the file without state
    (LAUNCHER.replace("(kernel, x", "(kernel, grid, x").replace("[(triton.cdiv(x.numel(), BLOCK),)]", "[grid]"),
     "launch(leaky, (triton.cdiv(x.numel(), 1024),), x, y, 0.1)\n        "
     "launch(relu, lambda m: (triton.cdiv(x.numel(), m['BLOCK']),), x, y, 0.1)"),
    ("def grid_of(n):\n    return (triton.cdiv(n, 1024),)\n", "leaky[grid_of(x.numel())](x, y, x.numel(), 0.1, BLOCK=1024)"),
    ("def launch(x, y, grid=None):\n    grid = grid or (triton.cdiv(x.numel(), 1024),)\n"
     "    leaky[grid](x, y, x.numel(), 0.1, BLOCK=1024)\n", "launch(x, y)"),
    ("import functools\ndef g(meta, n):\n    return (triton.cdiv(n, meta['BLOCK']),)\n",
     "leaky[functools.partial(g, n=x.numel())](x, y, x.numel(), 0.1, BLOCK=1024)"),
    # a global setting first bound to arithmetic of literals; a loop variable named like a module alias
    ("_MAX = 1 << 16\ndef cap():\n    global _MAX\n    _MAX = min(_MAX, 4096)\n    return _MAX\n", "cap()\n        " + LAUNCH),
    ("import torch.nn.functional as F\n", "for F in (1, 2):\n            y = y.view(-1, F).view(-1)\n        " + LAUNCH),
])
def test_followed_forms_that_hold_no_state_are_accepted(module, forward):
    assert run_static_checks(src(module, forward)) is None
