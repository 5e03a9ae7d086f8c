"""Token and cost accounting with hard limits (--max-cost, --max-tokens), shared by every LLM thread."""

from __future__ import annotations

import threading
from typing import Optional

from ..errors import BudgetExceeded


class Budget:
    def __init__(self, max_cost: Optional[float] = None, max_tokens: Optional[int] = None):
        self.max_cost, self.max_tokens = max_cost, max_tokens
        self.cost, self.tokens, self.calls = 0.0, 0, 0
        self.unpriced = 0  # calls whose price is unknown: their cost is not in self.cost
        self._lock = threading.Lock()

    def check(self) -> None:
        """Raise before a call that the budget no longer allows."""
        with self._lock:
            if self.max_cost is not None and self.cost >= self.max_cost:
                raise BudgetExceeded(f"cost budget reached: ${self.cost:.4f} of ${self.max_cost:.4f}")
            if self.max_tokens is not None and self.tokens >= self.max_tokens:
                raise BudgetExceeded(f"token budget reached: {self.tokens} of {self.max_tokens}")

    def charge(self, tokens: int, cost: Optional[float], calls: int = 1, unpriced: int = 0) -> None:
        """`cost` None: a call with no known price (counted in `unpriced`, never as $0)."""
        with self._lock:
            self.tokens += tokens
            self.cost += cost or 0.0
            self.calls += calls
            self.unpriced += unpriced + (cost is None)

    def money(self) -> str:
        return money(self.cost, self.unpriced)


def money(cost: Optional[float], unpriced: int = 0) -> str:
    """A cost as shown everywhere: `unknown` when no call had a price, never `$0.0000` for an unpriced model."""
    cost = cost or 0.0
    if unpriced and cost == 0:
        return "unknown"
    return f"${cost:.4f}" + (" + unknown" if unpriced else "")
