"""Sparse matrix-vector product y = A x with A in CSR format (fp64 values, int32 indices).

y[i] = sum_{e in crow[i] .. crow[i+1]-1} values[e] * x[col[e]]

Shapes: crow (n + 1,) int32 row pointers, col (nnz,) int32 column indices (sorted within
each row), values (nnz,) float64, x (n,) float64; y (n,) float64. A is n x n with
n = 16M rows and nnz = 16 n entries placed uniformly at random, so row lengths vary
(Poisson-like, some rows empty) and x is gathered irregularly (x is 128 MiB, larger than
the H100's L2). Duplicate (row, col) pairs can occur (rarely at the default size) and are
summed, as cuSPARSE and torch do.
Input families: empty_rows and long_rows. empty_rows: about half the rows empty, among them the first, the last
and a run in the middle, the nonzeros crowded into the others (a kernel that reads at least one entry per row,
or mishandles crow[i] == crow[i + 1], is caught); long_rows: up to three hub rows (a power-law graph's hubs),
the first of 2500..4000 nonzeros and two of 150..600, each cut to what is left of three quarters of the
nonzeros (so the first takes them all at the small shapes: 2500 or more wherever they are 3334 or more), the
rest spread uniformly (a kernel that reads a row in one block of 128 or 256 with no loop over the rest, or
loops a fixed number of times such as 1024 or 2048 nonzeros, loses its tail). A hub's columns are distinct up
to n and repeat past it (summed, as duplicates are), so the small shapes hold such rows too.
Memory-bound: 12 bytes per nonzero (value + index) plus the row pointers and y.
Source: the SpMV kernel of Krylov solvers and graph analytics (cuSPARSE csrmv, SuiteSparse).
"""

import warnings

import torch
import torch.nn as nn

warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")

n = 16 * 1024 * 1024
nnz_per_row = 16

SHAPES = [
    dict(n=50, nnz_per_row=5),
    dict(n=100, nnz_per_row=40),   # rows longer than one 32-wide block
]

# The loop of a CSR kernel runs over a row's nonzeros. n is also reached (x is gathered at columns up to n), but a
# longer n means more rows, one program each in the usual kernel: the Triton interpreter takes milliseconds a
# program, so n long enough to matter is judged on a GPU, at the real size.
REDUCTION_DIMS = ["nnz_per_row"]

TOLERANCE = {"float64": {"atol": 1e-12, "rtol": 1e-12, "rel_l2": 1e-13}}


class Model(nn.Module):
    def __init__(self):
        super().__init__()

    def forward(self, crow, col, values, x):
        a = torch.sparse_csr_tensor(crow, col, values, size=(x.shape[0], x.shape[0]),
                                    check_invariants=False)
        return torch.mv(a, x)


def get_inputs():
    nnz = n * nnz_per_row
    rows = torch.randint(0, n, (nnz,))
    cols = torch.randint(0, n, (nnz,))
    key = torch.sort(rows * n + cols).values          # row-major order, columns sorted per row
    rows_sorted = key // n
    col = (key % n).to(torch.int32)
    crow = torch.searchsorted(rows_sorted, torch.arange(n + 1)).to(torch.int32)
    values = torch.randn(nnz, dtype=torch.float64)
    x = torch.randn(n, dtype=torch.float64)
    return [crow, col, values, x]


def _csr(rows, cols, nnz):
    key = torch.sort(rows * n + cols).values          # row-major order, columns sorted per row
    rows_sorted = key // n
    col = (key % n).to(torch.int32)
    crow = torch.searchsorted(rows_sorted, torch.arange(n + 1)).to(torch.int32)
    values = torch.randn(nnz, dtype=torch.float64)
    x = torch.randn(n, dtype=torch.float64)
    return [crow, col, values, x]


def get_inputs_empty_rows():
    nnz = n * nnz_per_row
    # rows that may hold entries: not the first, not the last, not a run from n/3 on; half of them do
    rows = torch.arange(n)
    may = torch.cat([rows[1:n // 3], rows[n // 3 + max(1, n // 10):n - 1]])
    if may.numel() == 0:  # a tiny matrix: one row holds every nonzero
        may = rows[n // 2:n // 2 + 1]
    hold = may[torch.randperm(may.numel())[:max(1, may.numel() // 2)]]
    return _csr(hold[torch.randint(0, hold.numel(), (nnz,))], torch.randint(0, n, (nnz,)), nnz)


def get_inputs_long_rows():
    nnz = n * nnz_per_row
    budget = 3 * nnz // 4
    # hub rows of 2500..4000, 150..600 and 150..600 nonzeros, each cut to what is left of three quarters of the
    # nonzeros (none where nothing is); tensor arithmetic only, so that it runs on the meta device
    lengths = torch.cat([torch.randint(2500, 4001, (1,)), torch.randint(150, 601, (2,))])
    ends = torch.cumsum(lengths, 0).clamp(max=budget)
    starts = torch.cat([torch.zeros(1, dtype=ends.dtype), ends[:-1]])
    hub_rows, first_col, order = torch.randint(0, n, (3,)), torch.randint(0, n, (3,)), torch.randperm(n)
    e = torch.arange(min(nnz, 5200))  # every hub entry is among the first 5200
    hub = torch.searchsorted(ends, e, right=True)  # 3: past the hubs
    k = hub.clamp(max=2)
    # a hub's columns: a cyclic run of one random order of the columns, distinct up to n and repeating past it
    rows = torch.where(hub < 3, hub_rows[k], torch.randint(0, n, e.shape))
    cols = torch.where(hub < 3, order[(first_col[k] + e - starts[k]) % n], torch.randint(0, n, e.shape))
    rest = nnz - e.numel()
    return _csr(torch.cat([rows, torch.randint(0, n, (rest,))]), torch.cat([cols, torch.randint(0, n, (rest,))]),
                nnz)


INPUT_CASES = {"empty_rows": get_inputs_empty_rows, "long_rows": get_inputs_long_rows}


def get_init_inputs():
    return []


def flops(crow, col, values, x):
    return 2.0 * values.numel()


def bytes_moved(crow, col, values, x):
    return (crow.numel() * crow.element_size() + col.numel() * col.element_size()
            + values.numel() * values.element_size() + 2.0 * x.numel() * x.element_size())
