"""The cpu group charges each process for what it used during the run, and no more."""

from __future__ import annotations

import os

from bench.cpu import ZERO, Usage, spent_since, usage_by_pid


def test_a_process_started_during_the_run_is_charged_in_full() -> None:
    before = {1: Usage(1.0, 0.5, 10)}
    after = {1: Usage(1.5, 0.75, 14), 2: Usage(0.25, 0.125, 3)}
    assert spent_since(before, after) == Usage(0.75, 0.375, 7)


def test_a_process_gone_by_the_end_adds_nothing() -> None:
    assert spent_since({1: Usage(1.0, 0.5, 10)}, {}) == ZERO


def test_usage_is_read_for_running_processes_only() -> None:
    missing = 2**22 + 7  # above Linux's default pid_max
    usage = usage_by_pid([os.getpid(), missing])
    assert set(usage) == {os.getpid()}
    assert usage[os.getpid()].user > 0  # this interpreter has run: a real reading
