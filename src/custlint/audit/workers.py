"""The audit's worker processes: forked once, each fed through a pipe of its own.

A task is a function and its arguments, pickled (the function by name: the workers are forks of
this process, with every module it imported) and written to a worker's task pipe; the result
comes back, pickled, through the worker's result pipe. Unlike ``multiprocessing.Pool``, no thread
of the main process hands tasks on or collects results (on curl those threads took 0.1 s of its
CPU, and the GIL between them and the main thread), and a worker that dies is an error the audit
reports, where a pool would wait for its result forever.

Results are taken in the order the tasks were given (:meth:`Workers.take` of the oldest first), and
each task goes to the worker with the fewest tasks not yet answered; results that come early are
read as they come, so a worker's pipe never fills. A caller that gives tasks as fast as they come
waits for any worker's answer (:meth:`Workers.saturated`, :meth:`Workers.wait`), not for the
oldest task's: a worker that has finished its tasks is never left idle behind a longer one.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct

from custlint.sources.git_log import widen_pipe

_HEAD = struct.Struct("<Q")  # a message's length, before it


def _read_exactly(fd: int, n: int) -> bytes | None:
    parts = []
    while n:
        got = os.read(fd, min(n, 1 << 20))
        if not got:
            return None
        parts.append(got)
        n -= len(got)
    return b"".join(parts)


def _read_message(fd: int) -> bytes | None:
    head = _read_exactly(fd, _HEAD.size)
    if head is None:
        return None
    return _read_exactly(fd, _HEAD.unpack(head)[0])


def _write_message(fd: int, payload: bytes) -> None:
    view = memoryview(_HEAD.pack(len(payload)) + payload)
    while view:
        view = view[os.write(fd, view) :]


def _serve(tasks: int, results: int) -> None:
    """A worker's life: each task read, run and answered, until the task pipe closes."""
    while True:
        message = _read_message(tasks)
        if message is None:
            return
        try:
            fn, args = pickle.loads(message)
            answer = pickle.dumps((True, fn(*args)), protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException as e:  # noqa: BLE001 - the main process raises it
            try:
                answer = pickle.dumps((False, e), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - an exception that cannot be pickled: its text
                answer = pickle.dumps((False, RuntimeError(f"{type(e).__name__}: {e}")))
        _write_message(results, answer)


class WorkerDied(RuntimeError):
    """A worker ended without answering (killed, out of memory)."""


class Workers:
    """``n`` forked workers. ``close_fds``: descriptors a worker closes at once (git's pipes, which are
    the main process's to read)."""

    def __init__(self, n: int, close_fds: tuple[int, ...] = ()) -> None:
        self.pids: list[int] = []
        self._tasks: list[int] = []  # each worker's task pipe (written here)
        self._results: list[int] = []  # each worker's result pipe (read here)
        self._sent: list[int] = []  # tasks given to each worker
        self._answers: list[list[bytes]] = []  # each worker's answers read and not yet taken, in order
        self._taken: list[int] = []  # answers taken of each worker
        self._queue: list[tuple[int, int]] = []  # (worker, its task number) of each task given, in order
        self._next = 0  # the oldest task not taken yet, in _queue
        try:
            for _ in range(n):
                self._fork(close_fds)
        except BaseException:
            self.terminate()
            raise

    def _fork(self, close_fds: tuple[int, ...]) -> None:
        task_r, task_w = os.pipe()
        result_r, result_w = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 0
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
                for fd in (task_w, result_r, *self._tasks, *self._results, *close_fds):
                    try:
                        os.close(fd)
                    except OSError:
                        pass
                _serve(task_r, result_w)
            except BaseException:  # noqa: BLE001 - a worker never returns into the main process's code
                code = 1
            finally:
                os._exit(code)
        os.close(task_r)
        os.close(result_w)
        widen_pipe(task_w)  # a task (a 256 KB chunk) fits whole: written without waiting for the worker
        os.set_blocking(task_w, False)  # a task is written as the pipe takes it, answers read meanwhile
        self.pids.append(pid)
        self._tasks.append(task_w)
        self._results.append(result_r)
        self._sent.append(0)
        self._answers.append([])
        self._taken.append(0)

    def _unanswered(self, i: int) -> int:
        """Tasks given to worker ``i`` whose answers have not come yet."""
        return self._sent[i] - self._taken[i] - len(self._answers[i])

    def submit(self, fn, args: tuple) -> int:
        """Give ``fn(*args)`` to the worker with the fewest tasks not yet answered; its place in the order
        :meth:`take` gives the results in."""
        self._drain(0)
        k = min(range(len(self.pids)), key=self._unanswered)
        self._write(k, pickle.dumps((fn, args), protocol=pickle.HIGHEST_PROTOCOL))
        self._queue.append((k, self._sent[k]))
        self._sent[k] += 1
        return len(self._queue) - 1

    def pending(self) -> int:
        """Tasks given and not taken."""
        return len(self._queue) - self._next

    def saturated(self, limit: int) -> bool:
        """Every worker has ``limit`` tasks or more not answered yet (answers that have come are read first)."""
        self._drain(0)
        return all(self._unanswered(i) >= limit for i in range(len(self.pids)))

    def wait(self) -> None:
        """Until a worker answers one more task (any worker's, not only the oldest task's)."""
        self._drain(None)

    def oldest_ready(self) -> bool:
        """The oldest task not taken has been answered."""
        if self._next >= len(self._queue):
            return False
        k, _ = self._queue[self._next]
        if not self._answers[k]:
            self._drain(0)
        return bool(self._answers[k])

    def take(self):
        """The oldest task's result (waiting for it); a worker's exception is raised here."""
        k, _ = self._queue[self._next]
        while not self._answers[k]:
            self._drain(None)
        self._next += 1
        self._taken[k] += 1
        ok, value = pickle.loads(self._answers[k].pop(0))
        if not ok:
            raise value
        return value

    def _write(self, k: int, payload: bytes) -> None:
        """A task to worker ``k``, written as its pipe takes it; the answers that come meanwhile are read
        (a worker waiting to write an answer would otherwise never read its next task)."""
        view = memoryview(_HEAD.pack(len(payload)) + payload)
        fd = self._tasks[k]
        while view:
            try:
                view = view[os.write(fd, view) :]
                continue
            except BlockingIOError:
                pass
            except BrokenPipeError:
                raise WorkerDied(f"an audit worker (pid {self.pids[k]}) ended before it read its task") from None
            self._drain(None, fd)

    def _waiting(self) -> list[int]:
        """The result pipes of the workers with tasks not answered."""
        return [self._results[i] for i in range(len(self.pids)) if self._unanswered(i) > 0]

    def _drain(self, timeout: float | None, writing: int | None = None) -> None:
        """Read every answer that has come (waiting up to ``timeout`` for one, None: until one comes, or
        until ``writing``, a task pipe, takes more)."""
        waiting = self._waiting()
        if not waiting and writing is None:
            return
        ready, _, _ = select.select(waiting, [writing] if writing is not None else [], [], timeout)
        for fd in ready:
            i = self._results.index(fd)
            message = _read_message(fd)
            if message is None:
                raise WorkerDied(f"an audit worker (pid {self.pids[i]}) ended without answering")
            self._answers[i].append(message)

    def terminate(self) -> None:
        """End every worker (whatever it was doing) and wait for it."""
        for fd in self._tasks + self._results:
            try:
                os.close(fd)
            except OSError:
                pass
        self._tasks, self._results = [], []
        for pid in self.pids:
            try:
                os.kill(pid, signal.SIGTERM)
            except OSError:
                pass
        for pid in self.pids:
            try:
                os.waitpid(pid, 0)
            except (OSError, ChildProcessError):
                pass
        self.pids = []
