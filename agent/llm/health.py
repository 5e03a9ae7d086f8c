"""Is the LLM endpoint still there? One guard per run, shared by every LLM thread and every task.

Each infrastructure failure (an LLMError with `infra`, raised after the client's own retries) counts; any
answered call resets the count. Past `limit` consecutive failures, or at once for a fatal one (the key was
revoked, the server no longer serves the model), the guard trips: the call raises EndpointDown, later calls
raise it before asking, and the clients stop retrying. The run then stops as `interrupted`, not finished.
"""

from __future__ import annotations

import threading

from ..errors import EndpointDown, LLMError


class EndpointHealth:
    def __init__(self, limit: int = 3):
        self.limit = max(1, limit)
        self.failures = 0
        self.reason = ""
        self._lock = threading.Lock()

    @property
    def down(self) -> bool:
        return bool(self.reason)

    def check(self) -> None:
        """Raise before a call once the endpoint is known to be down."""
        if self.reason:
            raise EndpointDown(self.reason)

    def ok(self) -> None:
        with self._lock:
            self.failures = 0

    def failed(self, e: LLMError) -> None:
        """Count an infrastructure failure; raise EndpointDown when it is one too many (or fatal)."""
        if not e.infra:
            return
        with self._lock:
            self.failures += 1
            if e.fatal:
                self.reason = self.reason or str(e)
            elif self.failures >= self.limit and not self.reason:
                self.reason = f"{self.failures} calls failed in a row, the last with: {e}"
        self.check()
