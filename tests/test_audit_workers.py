"""custlint.audit.workers: the audit's forked workers, fed through pipes: results in the order the
tasks were given, any size either way without a deadlock, a worker's exception raised in the main
process, and a worker that dies an error rather than a wait forever."""

from __future__ import annotations

import os
import signal
import time

import pytest

from custlint.audit.workers import WorkerDied, Workers


def echo(payload: bytes, times: int) -> tuple[int, bytes]:
    return os.getpid(), payload * times


def fail(message: str) -> None:
    raise ValueError(message)


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def nap(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_results_come_in_the_order_given():
    w = Workers(2)
    try:
        for i in range(40):
            w.submit(echo, (bytes([i]), 3))
        got = [w.take() for _ in range(40)]
        assert [p for _, p in got] == [bytes([i]) * 3 for i in range(40)]
        assert w.pending() == 0 and not w.oldest_ready()
    finally:
        w.terminate()


def test_a_task_goes_to_the_worker_with_the_fewest_unanswered():
    w = Workers(2)
    try:
        w.submit(nap, (0.3,))  # the first worker is busy with it
        w.submit(nap, (0.0,))
        assert not w.oldest_ready()
        assert sorted([w.take(), w.take()]) == sorted(w.pids)  # one each
    finally:
        w.terminate()


def test_wait_returns_at_any_worker_s_answer_not_the_oldest_task_s():
    """A caller keeping every worker busy waits for whichever answers first: with the oldest task
    still running on one worker, the other's answer ends the wait, and that worker has room again."""
    w = Workers(2)
    try:
        w.submit(nap, (1.0,))  # the oldest task: one worker, a second
        w.submit(nap, (0.0,))
        assert w.saturated(1)
        start = time.monotonic()
        w.wait()
        assert time.monotonic() - start < 0.8  # the short task's answer, long before the oldest's
        assert not w.saturated(1) and not w.oldest_ready()
        assert w.take() != w.take()  # in the order given, each from its own worker
    finally:
        w.terminate()


def test_big_tasks_and_big_answers_with_many_in_flight_do_not_deadlock():
    """Tasks of 3 MB, answers of 6 MB, ten of them given before any is taken: the pipes hold far
    less, so tasks are written as the workers read them and answers read while they are written."""
    w = Workers(2)
    try:
        blob = os.urandom(3 << 20)
        for _ in range(10):
            w.submit(echo, (blob, 2))
        for _ in range(10):
            assert w.take()[1] == blob * 2
    finally:
        w.terminate()


def test_a_workers_exception_is_raised_where_its_result_is_taken():
    w = Workers(1)
    try:
        w.submit(echo, (b"a", 1))
        w.submit(fail, ("bad chunk",))
        w.submit(echo, (b"b", 1))
        assert w.take()[1] == b"a"
        with pytest.raises(ValueError, match="bad chunk"):
            w.take()
        assert w.take()[1] == b"b"  # the worker goes on with its next task
    finally:
        w.terminate()


def test_a_worker_that_dies_is_an_error_not_a_wait():
    w = Workers(2)
    try:
        w.submit(die, ())
        with pytest.raises(WorkerDied, match="ended without answering"):
            w.take()
    finally:
        w.terminate()
    assert w.pids == []


def test_a_task_for_a_worker_that_died_is_an_error_too():
    w = Workers(1)
    try:
        w.submit(die, ())
        with pytest.raises(WorkerDied):
            for _ in range(100):  # its task pipe is read no more: once it is full, or broken, the error
                w.submit(echo, (b"x" * (1 << 16), 1))
                time.sleep(0.01)
    finally:
        w.terminate()


def test_terminate_ends_every_worker():
    w = Workers(2)
    pids = list(w.pids)
    w.terminate()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # ended and reaped
