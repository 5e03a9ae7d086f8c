"""Control flow for stopping a search: small typed exceptions, caught by the strategy or the CLI."""

from typing import NoReturn


class StopSearch(Exception):
    """Ends a search early but keeps what it found."""


class BudgetExceeded(StopSearch):
    """--max-cost or --max-tokens reached."""


class LimitsExceeded(StopSearch):
    """The agent strategy ran out of steps or time."""


class Submitted(StopSearch):
    """The agent called submit."""

    def __init__(self, path: str):
        super().__init__(f"submitted {path}")
        self.path = path


class LLMError(Exception):
    """An LLM call that failed for good. `fatal` means no later call can succeed (missing key, unknown model).
    `infra` means the endpoint failed, not the request: connection refused, DNS, timeout, 5xx or a rate limit
    after the retries, a reply that is not a chat completion. Never kernel feedback, never a memory note."""

    def __init__(self, message: str, fatal: bool = False, infra: bool = False):
        super().__init__(message)
        self.fatal = fatal
        self.infra = infra or fatal


class EndpointDown(Exception):
    """The LLM endpoint stopped answering (consecutive infrastructure failures past the limit, or an
    authentication / unknown-model error mid-run). The run stops as `interrupted`: resumable, never finished."""


def die(msg: str, code: int = 2) -> NoReturn:
    """The CLI's one way out for usage and input errors: one line on stderr, no traceback. A message may quote
    the candidate, the LLM or a task file: its control characters are shown, not obeyed."""
    import typer

    from ..sandbox.report import printable

    typer.echo(f"kernelpilot: error: {printable(msg)}", err=True)
    raise typer.Exit(code)
