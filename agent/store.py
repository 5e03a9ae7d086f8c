"""SQLite store (WAL): runs, candidates by content hash, cached evaluations, every LLM call, events, memory.

Every write commits at once, so a run killed at any moment leaves a consistent database and --resume
rebuilds its state by replaying the recorded LLM calls against the evaluation cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Optional

from ..sandbox.result import EvalResult

DEFAULT_DB = Path(".kernelpilot") / "kernelpilot.sqlite"

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, kind TEXT, status TEXT, config TEXT, tasks TEXT, created REAL, updated REAL, note TEXT DEFAULT '');
CREATE TABLE IF NOT EXISTS run_tasks (
    run_id TEXT, task TEXT, status TEXT, round_done INTEGER DEFAULT -1, best TEXT, summary TEXT, updated REAL,
    PRIMARY KEY (run_id, task));
CREATE TABLE IF NOT EXISTS candidates (hash TEXT PRIMARY KEY, source TEXT, created REAL);
CREATE TABLE IF NOT EXISTS attempts (
    run_id TEXT, task TEXT, tag TEXT, hash TEXT, meta TEXT, verdict TEXT, stage TEXT, reason TEXT, fitness REAL,
    result TEXT, created REAL, PRIMARY KEY (run_id, task, tag));
CREATE TABLE IF NOT EXISTS evaluations (
    key TEXT PRIMARY KEY, source_hash TEXT, task TEXT, task_hash TEXT, device TEXT, toolchain TEXT, result TEXT, created REAL);
CREATE TABLE IF NOT EXISTS llm_calls (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT, task TEXT, tag TEXT, seq INTEGER, model TEXT, messages TEXT,
    tools TEXT, reply TEXT, tool_calls TEXT, prompt_tokens INTEGER, completion_tokens INTEGER, cost REAL,
    latency_s REAL, error TEXT, replayed_from TEXT, created REAL, UNIQUE (run_id, task, tag));
CREATE TABLE IF NOT EXISTS memory (
    id INTEGER PRIMARY KEY AUTOINCREMENT, operator TEXT, gpu TEXT, note TEXT, outcome TEXT, run_id TEXT, created REAL);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT, task TEXT, kind TEXT, data TEXT, created REAL);
CREATE INDEX IF NOT EXISTS memory_op ON memory (operator, gpu);
CREATE INDEX IF NOT EXISTS events_run ON events (run_id, task);
"""


class AmbiguousRunId(ValueError):
    """A run id prefix that several runs share: a usage error (the CLI prints it on one line and exits 2)."""


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()


def default_db_path() -> Path:
    return Path(os.environ.get("KERNELPILOT_DB") or DEFAULT_DB)


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(2)


class SQLiteStore:
    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path else default_db_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # LLM threads record calls concurrently; one connection, serialised
        self._db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _x(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, args)

    def _all(self, sql: str, args: tuple = ()) -> list[dict]:
        with self._lock:
            return [dict(r) for r in self._db.execute(sql, args).fetchall()]

    def _one(self, sql: str, args: tuple = ()) -> Optional[dict]:
        rows = self._all(sql, args)
        return rows[0] if rows else None

    # -- runs -------------------------------------------------------------------------------
    def new_run(self, kind: str, config: dict, tasks: list[str], run_id: Optional[str] = None) -> str:
        run_id = run_id or new_run_id()
        now = time.time()
        self._x("INSERT INTO runs VALUES (?,?,?,?,?,?,?,?)",
                (run_id, kind, "running", json.dumps(config), json.dumps(tasks), now, now, ""))
        return run_id

    def get_run(self, run_id: str) -> Optional[dict]:
        """The run with this id, or the one run whose id starts with it; AmbiguousRunId where several do."""
        row = self._one("SELECT * FROM runs WHERE id = ?", (run_id,))
        if row is None:
            like = run_id.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            rows = self._all("SELECT * FROM runs WHERE id LIKE ? ESCAPE '\\' ORDER BY created DESC", (like,))
            if len(rows) > 1:
                ids = ", ".join(r["id"] for r in rows[:10]) + (f" and {len(rows) - 10} more" if len(rows) > 10 else "")
                raise AmbiguousRunId(f"run id {run_id!r} matches {len(rows)} runs ({ids}); give more of it")
            row = rows[0] if rows else None
        if row:
            row["config"], row["tasks"] = json.loads(row["config"]), json.loads(row["tasks"])
        return row

    def list_runs(self, limit: int = 20) -> list[dict]:
        rows = self._all("SELECT * FROM runs ORDER BY created DESC LIMIT ?", (limit,))
        for r in rows:
            r["config"], r["tasks"] = json.loads(r["config"]), json.loads(r["tasks"])
            r.update(self.usage(r["id"]))
            r["last_activity"] = max([r["updated"]] + [x["t"] for t in ("llm_calls", "attempts", "events") for x in
                                      self._all(f"SELECT MAX(created) AS t FROM {t} WHERE run_id = ?", (r["id"],)) if x["t"]])
        return rows

    def set_run_status(self, run_id: str, status: str, note: str = "") -> None:
        self._x("UPDATE runs SET status = ?, note = ?, updated = ? WHERE id = ?", (status, note, time.time(), run_id))

    # -- per-task progress --------------------------------------------------------------------
    def start_task(self, run_id: str, task: str) -> None:
        self._x("INSERT INTO run_tasks (run_id, task, status, updated) VALUES (?,?,?,?) "
                "ON CONFLICT (run_id, task) DO UPDATE SET status = excluded.status, updated = excluded.updated",
                (run_id, task, "running", time.time()))

    def set_task_progress(self, run_id: str, task: str, round_done: int, best: Optional[dict]) -> None:
        self._x("UPDATE run_tasks SET round_done = ?, best = ?, updated = ? WHERE run_id = ? AND task = ?",
                (round_done, json.dumps(best), time.time(), run_id, task))

    def finish_task(self, run_id: str, task: str, status: str, summary: Optional[dict]) -> None:
        """A task's end: `summary` is a TaskSummary's model_dump(), None for a task that stopped unfinished."""
        self._x("UPDATE run_tasks SET status = ?, summary = ?, updated = ? WHERE run_id = ? AND task = ?",
                (status, json.dumps(summary), time.time(), run_id, task))

    def run_tasks(self, run_id: str) -> list[dict]:
        rows = self._all("SELECT * FROM run_tasks WHERE run_id = ? ORDER BY rowid", (run_id,))
        for r in rows:
            r["best"] = json.loads(r["best"]) if r["best"] else None
            r["summary"] = json.loads(r["summary"]) if r["summary"] else None
        return rows

    # -- candidates and evaluations -------------------------------------------------------------
    def put_source(self, source: str) -> str:
        h = sha256(source)
        self._x("INSERT OR IGNORE INTO candidates VALUES (?,?,?)", (h, source, time.time()))
        return h

    def get_source(self, source_hash: str) -> Optional[str]:
        row = self._one("SELECT source FROM candidates WHERE hash = ?", (source_hash,))
        return row["source"] if row else None

    def save_candidate(self, run_id: str, task: str, tag: str, source: Optional[str], meta: dict,
                       result: EvalResult) -> None:
        h = self.put_source(source) if source is not None else None
        fit = result.fitness()
        self._x("INSERT OR REPLACE INTO attempts VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, task, tag, h, json.dumps(meta), result.verdict, result.stage, result.reason[:4000],
                 fit if fit != float("-inf") else None, result.model_dump_json(), time.time()))

    def attempts(self, run_id: str, task: Optional[str] = None) -> list[dict]:
        q, args = "SELECT * FROM attempts WHERE run_id = ?", [run_id]
        if task:
            q, args = q + " AND task = ?", args + [task]
        rows = self._all(q + " ORDER BY created, rowid", tuple(args))
        for r in rows:
            r["meta"] = json.loads(r["meta"] or "{}")
        return rows

    def get_eval(self, key: str) -> Optional[EvalResult]:
        row = self._one("SELECT result FROM evaluations WHERE key = ?", (key,))
        return EvalResult.model_validate_json(row["result"]) if row else None

    def put_eval(self, key: str, source_hash: str, task: str, task_hash: str, device: str, toolchain: str,
                 result: EvalResult) -> None:
        if result.static_checks != "on":  # a sandbox test, not a verdict: never reused
            raise ValueError("a result judged with the static checks off is never cached")
        self._x("INSERT OR REPLACE INTO evaluations VALUES (?,?,?,?,?,?,?,?)",
                (key, source_hash, task, task_hash, device, toolchain, result.model_dump_json(), time.time()))

    # -- LLM calls ------------------------------------------------------------------------------
    def get_llm_call(self, run_id: str, task: str, tag: str) -> Optional[dict]:
        row = self._one("SELECT * FROM llm_calls WHERE run_id = ? AND task = ? AND tag = ? AND error IS NULL",
                        (run_id, task, tag))
        if row:
            row["tool_calls"] = json.loads(row["tool_calls"] or "[]")
        return row

    def record_llm_call(self, run_id: str, task: str, tag: str, seq: int, model: str, messages: list, tools,
                        reply: str, tool_calls: list, prompt_tokens: int, completion_tokens: int, cost: float,
                        latency_s: float, error: Optional[str] = None, replayed_from: Optional[str] = None) -> None:
        self._x("INSERT OR REPLACE INTO llm_calls (run_id, task, tag, seq, model, messages, tools, reply, tool_calls,"
                " prompt_tokens, completion_tokens, cost, latency_s, error, replayed_from, created)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (run_id, task, tag, seq, model, json.dumps(messages), json.dumps(tools) if tools else None, reply,
                 json.dumps(tool_calls), prompt_tokens, completion_tokens, cost, latency_s, error, replayed_from,
                 time.time()))

    def llm_calls(self, run_id: str, task: Optional[str] = None) -> list[dict]:
        q, args = "SELECT * FROM llm_calls WHERE run_id = ?", [run_id]
        if task:
            q, args = q + " AND task = ?", args + [task]
        return self._all(q + " ORDER BY id", tuple(args))

    def usage(self, run_id: str, task: Optional[str] = None) -> dict:
        # unpriced: answered calls of a model with no known price (their cost is unknown, not $0)
        q = "SELECT COUNT(*) AS calls, COALESCE(SUM(prompt_tokens + completion_tokens), 0) AS tokens, " \
            "COALESCE(SUM(cost), 0.0) AS cost, COALESCE(SUM(cost IS NULL AND error IS NULL), 0) AS unpriced " \
            "FROM llm_calls WHERE run_id = ?"
        args: list[Any] = [run_id]
        if task:
            q, args = q + " AND task = ?", args + [task]
        return self._one(q, tuple(args)) or {"calls": 0, "tokens": 0, "cost": 0.0, "unpriced": 0}

    # -- events and memory ------------------------------------------------------------------------
    def log_event(self, run_id: str, task: str, kind: str, data: dict) -> None:
        self._x("INSERT INTO events (run_id, task, kind, data, created) VALUES (?,?,?,?,?)",
                (run_id, task, kind, json.dumps(data, default=str), time.time()))

    def events(self, run_id: str, task: Optional[str] = None, kind: Optional[str] = None) -> list[dict]:
        q, args = "SELECT * FROM events WHERE run_id = ?", [run_id]
        for col, v in (("task", task), ("kind", kind)):
            if v:
                q, args = q + f" AND {col} = ?", args + [v]
        rows = self._all(q + " ORDER BY id", tuple(args))
        for r in rows:
            r["data"] = json.loads(r["data"])
        return rows

    def remember(self, operator: str, gpu: str, note: str, outcome: str, run_id: str = "") -> None:
        """Store a note once: the same note on the same operator and GPU is not stored again."""
        if self._one("SELECT id FROM memory WHERE operator = ? AND gpu = ? AND note = ?", (operator, gpu, note[:4000])):
            return
        self._x("INSERT INTO memory (operator, gpu, note, outcome, run_id, created) VALUES (?,?,?,?,?,?)",
                (operator, gpu, note[:4000], outcome, run_id, time.time()))

    def recall(self, operator: str, gpu: str = "", query: str = "", limit: int = 5) -> list[dict]:
        """Notes for this operator (same GPU first), then notes whose text matches words of the query."""
        rows: list[dict] = []
        notes: set[str] = set()
        for r in self._all("SELECT * FROM memory WHERE operator = ? ORDER BY (gpu = ?) DESC, created DESC LIMIT ?",
                           (operator, gpu, 4 * limit)):
            if r["note"] not in notes and len(rows) < limit:  # notes stored twice before they were kept unique
                notes.add(r["note"])
                rows.append(r)
        words = [w for w in query.lower().split() if len(w) > 3][:5]
        for w in words:
            if len(rows) >= limit:
                break
            seen = {r["id"] for r in rows}
            more = self._all("SELECT * FROM memory WHERE lower(note) LIKE ? OR lower(operator) LIKE ? "
                             "ORDER BY created DESC LIMIT ?", (f"%{w}%", f"%{w}%", limit))
            rows += [r for r in more if r["id"] not in seen][: limit - len(rows)]
        return rows
