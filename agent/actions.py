"""The text protocol of the agent strategy: actions written as code in the reply, for endpoints without tool calls.

Cognitive Kernel has its model act by writing code; here an action is one call of a tool, written as Python in a
fenced block whose info string is `action`:

    ```action
    write_file(path="kernel.py", content=r'''
    import torch
    ...
    ''')
    ```

One block per reply, one call per block. Arguments are Python literals (strings, numbers, booleans), by keyword
or in the order the tool lists them; the name is one of the tools. Anything else is refused with a message that
says what was wrong and how to write it, and nothing is done. `--tool-protocol` chooses between this and native
tool calls (see `resolve_protocol`).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from typing import Optional

from .protocols import ToolCall
from .tools import TOOLS

FENCE = re.compile(r"^[ \t]*```[ \t]*([\w.+-]*)[^\n]*\n(.*?)^[ \t]*```[ \t]*$", re.S | re.M)

EXAMPLE = 'evaluate(path="kernel.py")'
HOW = ("Write exactly one action per reply, as a fenced block with the info string `action` holding one call, e.g.\n"
       "```action\n" + EXAMPLE + "\n```\n"
       "File content goes in a raw triple-quoted string: write_file(path=\"kernel.py\", content=r'''...''') "
       "(use r\"\"\"...\"\"\" if the file itself contains ''').")


class ActionError(Exception):
    """A text action that cannot be run; the message goes back to the model as the correction."""


@dataclass
class TextAction:
    call: Optional[ToolCall]  # None: the reply holds no action block at all
    error: str = ""  # set when an action block was there but malformed


def signature(name: str) -> str:
    fields = TOOLS[name].model_fields
    return f"{name}({', '.join(fields)})"


def _literal(node: ast.AST, where: str):
    try:
        value = ast.literal_eval(node)
    except (ValueError, SyntaxError, TypeError):
        raise ActionError(f"{where} must be a literal (a string, number or boolean), not an expression") from None
    if not isinstance(value, (str, int, float, bool)):
        raise ActionError(f"{where} must be a string, number or boolean, not {type(value).__name__}")
    return value


def parse_action(code: str, call_id: str = "text_0") -> ToolCall:
    """One call `tool(arg=..., ...)` -> a ToolCall with JSON arguments (validated later, as a native call is)."""
    code = code.strip()
    if not code:
        raise ActionError("the action block is empty")
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError as e:
        hint = ""
        if "'''" in code and '"""' not in code or "unterminated triple-quoted" in str(e.msg):
            hint = " (a file containing ''' needs r\"\"\"...\"\"\" around it, and the other way round)"
        raise ActionError(f"the action is not one Python call: syntax error at line {e.lineno}: {e.msg}{hint}") from None
    call = tree.body
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
        raise ActionError("the action must be a single call of a tool, e.g. " + EXAMPLE)
    name = call.func.id
    if name not in TOOLS:
        raise ActionError(f"unknown tool {name!r}; tools: {', '.join(signature(t) for t in TOOLS)}")
    fields = list(TOOLS[name].model_fields)
    if len(call.args) > len(fields):
        raise ActionError(f"{name} takes at most {len(fields)} argument(s): {signature(name)}")
    args = {}
    for field_name, node in zip(fields, call.args):
        if isinstance(node, ast.Starred):
            raise ActionError("no *args in an action")
        args[field_name] = _literal(node, f"argument {field_name!r} of {name}")
    for kw in call.keywords:
        if kw.arg is None:
            raise ActionError("no **kwargs in an action")
        if kw.arg not in fields:
            raise ActionError(f"{name} has no argument {kw.arg!r}: {signature(name)}")
        if kw.arg in args:
            raise ActionError(f"argument {kw.arg!r} of {name} is given twice")
        args[kw.arg] = _literal(kw.value, f"argument {kw.arg!r} of {name}")
    return ToolCall(id=call_id, name=name, arguments=json.dumps(args))


def find_action(text: str, call_id: str = "text_0") -> TextAction:
    """The action of a reply: TextAction(None) when there is no ```action block, else the call or what is wrong."""
    blocks = [(info.lower(), body) for info, body in FENCE.findall(text or "")]
    actions = [body for info, body in blocks if info == "action"]
    if not actions:
        # a lone call in a python block, or an unfenced call line: the intent is clear, the format is not
        for info, body in blocks:
            try:
                tree = ast.parse(body.strip(), mode="eval")
            except SyntaxError:
                continue
            if isinstance(tree.body, ast.Call) and isinstance(tree.body.func, ast.Name) and tree.body.func.id in TOOLS:
                return TextAction(None, f"the call is in a ```{info or ''} block; an action needs the info string "
                                        f"`action`, so nothing was done")
        return TextAction(None)
    if len(actions) > 1:
        return TextAction(None, f"the reply has {len(actions)} action blocks; send one per reply (you see its result "
                                "before the next), so nothing was done")
    try:
        return TextAction(parse_action(actions[0], call_id))
    except ActionError as e:
        return TextAction(None, f"{e}; nothing was done")


def correction(error: str) -> str:
    """What the model is told after a reply whose action is malformed."""
    return f"That action was not run: {error}.\n{HOW}"


def observation_message(name: str, observation: str) -> dict:
    """The result of a text action, as the next user message."""
    return {"role": "user", "content": f"Result of {name}:\n{observation}"}


def resolve_protocol(choice: str, supports_tools: Optional[bool]) -> str:
    """native, text or auto (unknown: tools are sent, and a first reply that writes an action block instead of
    calling one switches the run to text)."""
    if choice in ("native", "text"):
        return choice
    if supports_tools is True:
        return "native"
    if supports_tools is False:
        return "text"
    return "auto"
