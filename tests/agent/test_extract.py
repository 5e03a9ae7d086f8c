"""Code extraction from replies: every unusable reply is a reason, never an exception."""

from kernelpilot.agent.extract import MAX_REPLY_CHARS, extract_source

CODE = "import torch\nclass ModelNew(torch.nn.Module):\n    pass\n"


def test_fenced_python_block():
    got = extract_source(f"Idea first.\n\n```python\n{CODE}```\nDone.")
    assert got.source == CODE and got.reason == ""


def test_picks_the_block_with_modelnew():
    got = extract_source(f"```bash\npip install triton\n```\n```python\n{CODE}```")
    assert got.source == CODE


def test_unterminated_fence_still_extracts():
    assert extract_source(f"```python\n{CODE}").source == CODE


def test_bare_file_without_fences():
    assert extract_source(CODE).source == CODE


def test_no_code():
    got = extract_source("I cannot help with that.")
    assert got.source is None and "no code" in got.reason


def test_code_without_modelnew():
    got = extract_source("```python\nprint('hi')\n```")
    assert got.source is None and "ModelNew" in got.reason


def test_two_modelnew_blocks():
    got = extract_source(f"```python\n{CODE}```\nor\n```python\n{CODE}```")
    assert got.source is None and "2 code blocks" in got.reason


def test_modelnew_defined_twice_in_one_block():
    got = extract_source(f"```python\n{CODE}{CODE}```")
    assert got.source is None and "more than once" in got.reason


def test_huge_reply():
    got = extract_source("x" * (MAX_REPLY_CHARS + 1))
    assert got.source is None and "characters long" in got.reason


def test_binary_junk():
    got = extract_source(bytes(range(256)) * 50)
    assert got.source is None and got.reason


def test_empty():
    assert "empty" in extract_source("").reason and "empty" in extract_source(None).reason



def test_a_fence_opening_ends_at_the_next_backtick():
    """A fence's info string holds no backtick (as in CommonMark), so each opening is tried only up to the
    next backtick: a reply of 60,000 ``` with no newline used to take each opening to the end of the line,
    about half a minute per 200 KB; now it is one pass. The block after a line such as "``` see ```python"
    is still found, from the last opening on that line."""
    from kernelpilot.agent.extract import _FENCE

    assert _FENCE.match("```a```\n") is None
    got = extract_source(f"``` see ```python\n{CODE}```")
    assert got.source is not None and "class ModelNew" in got.source
    assert "no code" in extract_source("```" * 60_000).reason
