"""BERT-style input embeddings: word + token type (segment) embeddings, summed.
A single-sentence batch has token_type_ids all 0 (what get_inputs gives); a sentence pair marks the second
segment with 1 (type_vocab_size = 2, as in BERT).

Honest-kernel corpus task (tests/honest).
"""
import torch
import torch.nn as nn

batch_size = 8
seq_len = 128
vocab_size = 30522
type_vocab_size = 2
hidden = 256


class Model(nn.Module):
    def __init__(self, vocab_size, type_vocab_size, hidden):
        super().__init__()
        self.word = nn.Embedding(vocab_size, hidden)
        self.token_type = nn.Embedding(type_vocab_size, hidden)

    def forward(self, input_ids, token_type_ids):
        return self.word(input_ids) + self.token_type(token_type_ids)


SHAPES = [{"batch_size": 2, "seq_len": 16, "vocab_size": 500, "hidden": 32},
          {"batch_size": 3, "seq_len": 24, "vocab_size": 700, "hidden": 48}]


def get_inputs():
    input_ids = torch.randint(0, vocab_size, (batch_size, seq_len))
    token_type_ids = torch.zeros(batch_size, seq_len, dtype=torch.long)  # one segment
    return [input_ids, token_type_ids]


def get_init_inputs():
    return [vocab_size, type_vocab_size, hidden]
