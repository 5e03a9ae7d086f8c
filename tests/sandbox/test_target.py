

def test_a_launch_grid_is_worked_out_as_triton_does_and_checked_against_cuda_limits():
    """The interpreter launches any grid; a GPU refuses more than 65535 blocks on axis 1 or 2. The compile for
    the target evaluates each launch's grid (a callable one on the bound arguments, defaults included)."""
    import pytest

    from kernelpilot.sandbox.target import LaunchError, check_grid, launch_grid

    def kernel(x_ptr, n, BLOCK=128):
        pass

    assert launch_grid(kernel, (7,), (None, 1000), {}) == (7, 1, 1)
    assert launch_grid(kernel, lambda meta: (meta["n"] // meta["BLOCK"], 3), (None, 1280), {"num_warps": 4}) == (10, 3, 1)
    assert launch_grid(kernel, lambda meta: meta["missing"], (None, 1), {}) is None  # not ours to guess
    check_grid("k", (2**31 - 1, 65535, 65535))  # the limits themselves are fine
    with pytest.raises(LaunchError, match=r"y = 98304 > 65535"):
        check_grid("k", (1, 98304, 1))
    with pytest.raises(LaunchError, match=r"x = 2147483648"):
        check_grid("k", (2**31, 1, 1))
