"""nn.EmbeddingBag(mode="sum") over a flat int64 index list split into bags by an offsets tensor.

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

num_embeddings = 500
dim = 64
bags = 16
per_bag = 6
SHAPES = [dict(num_embeddings=100, dim=24, bags=5, per_bag=3), dict(num_embeddings=50, dim=40, bags=9, per_bag=4)]


class Model(nn.Module):
    def __init__(self, num_embeddings, dim):
        super().__init__()
        self.bag = nn.EmbeddingBag(num_embeddings, dim, mode="sum")

    def forward(self, indices, offsets):
        return self.bag(indices, offsets)


def get_inputs():
    total = bags * per_bag
    idx = torch.randint(0, num_embeddings, (total,))
    # ragged bags: random cut points, first bag starts at 0, empty bags allowed
    cuts = torch.sort(torch.randint(0, total + 1, (bags - 1,))).values
    offsets = torch.cat([torch.zeros(1, dtype=torch.int64), cuts])
    return [idx, offsets]


def get_init_inputs():
    return [num_embeddings, dim]
