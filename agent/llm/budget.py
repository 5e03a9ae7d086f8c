"""Token and cost accounting with hard limits (--max-cost, --max-tokens), shared by every LLM thread."""

from __future__ import annotations

import threading
from typing import Optional

from ..errors import BudgetExceeded


class Budget:
    def __init__(self, max_cost: Optional[float] = None, max_tokens: Optional[int] = None):
        self.max_cost, self.max_tokens = max_cost, max_tokens
        self.cost, self.tokens, self.calls = 0.0, 0, 0
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise before a call that the budget no longer allows."""
        with self._lock:
            if self.max_cost is not None and self.cost >= self.max_cost:
                raise BudgetExceeded(f"cost budget reached: ${self.cost:.4f} of ${self.max_cost:.4f}")
            if self.max_tokens is not None and self.tokens >= self.max_tokens:
                raise BudgetExceeded(f"token budget reached: {self.tokens} of {self.max_tokens}")

    def charge(self, tokens: int, cost: float) -> None:
        with self._lock:
            self.tokens += tokens
            self.cost += cost
            self.calls += 1
