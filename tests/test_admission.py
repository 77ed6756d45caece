"""Requests in turns (tracker.admission): how many run at once, which waiting one goes next,
and that a turn is never lost (an error, a stream, a step aside, a worker that died)."""

from __future__ import annotations

import importlib.util
import io
import os
import signal
import threading
import time
import types
from pathlib import Path

import pytest
from flask import Flask, Response

from tests.dying_workers import KillsItsWriter, finishes
from tracker import admission
from tracker.admission import Admission, SharedSlots
from tracker.process_lock import ProcessLock
from tracker.workers import SharedConnections


def _wait_until(predicate, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def _queue_up(turns: Admission, names: list[str], order: list[str]) -> list[threading.Thread]:
    """A thread per name waiting for its turn, queued in the order given; each notes its name
    when its turn comes and leaves at once."""

    def take_turn(name: str) -> None:
        turns.enter()
        order.append(name)
        turns.leave()

    threads = []
    for name in names:
        already = turns.waiting()
        thread = threading.Thread(target=take_turn, args=(name,))
        thread.start()
        _wait_until(lambda already=already: turns.waiting() == already + 1)
        threads.append(thread)
    return threads


def test_the_newest_waiting_request_goes_first(monkeypatch):
    monkeypatch.setattr(admission, "PROMOTE_AFTER", 60)  # however slow the machine running this
    turns = Admission(1)
    turns.enter()
    order: list[str] = []
    threads = _queue_up(turns, ["first", "second", "third"], order)
    turns.leave()
    for thread in threads:
        thread.join(5)
    assert order == ["third", "second", "first"]


def test_a_request_that_waited_long_goes_before_newer_ones(monkeypatch):
    monkeypatch.setattr(admission, "PROMOTE_AFTER", 1)
    turns = Admission(1)
    turns.enter()
    order: list[str] = []
    threads = _queue_up(turns, ["old"], order)
    time.sleep(1.1)
    threads += _queue_up(turns, ["newer", "newest"], order)
    turns.leave()
    for thread in threads:
        thread.join(5)
    assert order == ["old", "newest", "newer"]


def test_no_more_than_at_once_run_together(monkeypatch):
    monkeypatch.setattr(admission, "LONG_TURN", 60)  # no turn here stops counting
    turns = Admission(2)
    running, most = 0, 0
    lock = threading.Lock()

    def work() -> None:
        nonlocal running, most
        for _ in range(20):
            turns.enter()
            with lock:
                running += 1
                most = max(most, running)
            time.sleep(0.0005)
            with lock:
                running -= 1
            turns.leave()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert most == 2
    assert turns.waiting() == 0 and turns._counted == 0  # every turn came back


def _app_with_turns(at_once: int) -> Flask:
    app = Flask(__name__)

    @app.route("/fails")
    def fails():
        raise RuntimeError("a bug in a view")

    @app.route("/stream")
    def stream():
        def events():
            # Read by the server after the app returned: no turn is held meanwhile.
            yield f"held={admission._admission.holds_turn()};".encode()
            yield f"free={admission._admission.waiting() == 0}".encode()

        return Response(events())

    @app.route("/aside")
    def aside():
        with admission.stepped_aside():
            stepped = not admission._admission.holds_turn()
        return f"stepped={stepped};back={admission._admission.holds_turn()}"

    admission.install(app, at_once, None)
    return app


@pytest.fixture
def uninstalled():
    yield
    admission._admission = None


def test_a_failing_request_gives_its_turn_back(uninstalled):
    app = _app_with_turns(1)
    client = app.test_client()
    assert client.get("/fails").status_code == 500
    assert client.get("/fails").status_code == 500  # would wait for ever with the turn lost
    assert admission._admission._counted == 0


def test_a_stream_is_read_without_a_turn(uninstalled):
    app = _app_with_turns(1)
    assert app.test_client().get("/stream").get_data() == b"held=False;free=True"


def test_stepping_aside_lets_another_request_run_and_comes_back_first(uninstalled):
    app = _app_with_turns(1)
    assert app.test_client().get("/aside").get_data() == b"stepped=True;back=True"

    turns = admission._admission
    order: list[str] = []
    may_leave = threading.Event()

    def holds_until_told() -> None:
        turns.enter()
        order.append("waiting before")
        may_leave.wait(5)
        turns.leave()

    turns.enter()
    before = threading.Thread(target=holds_until_told)
    before.start()
    _wait_until(lambda: turns.waiting() == 1)

    # Once this request is back in the queue (ahead of the one that came while it was
    # aside), the request that had its turn may end.
    def end_once_queued_behind() -> None:
        _wait_until(lambda: turns.waiting() == 2)
        may_leave.set()

    threading.Thread(target=end_once_queued_behind).start()
    with admission.stepped_aside():  # the turn passes to the request waiting
        _wait_until(lambda: order == ["waiting before"])
        later = _queue_up(turns, ["came while aside"], order)
    order.append("back from aside")
    turns.leave()
    for thread in [before, *later]:
        thread.join(5)
    assert order == ["waiting before", "back from aside", "came while aside"]


def test_stepping_aside_outside_a_turn_takes_and_frees_nothing(uninstalled):
    _app_with_turns(1)
    turns = admission._admission
    with admission.stepped_aside():  # a command or a test, not a request in turn
        assert not turns.holds_turn()
    assert turns._counted == 0 and not turns.holds_turn()


def test_the_slots_of_a_worker_that_died_holding_them_are_freed():
    slots = SharedSlots(2, ProcessLock())
    assert slots.take(timeout=1)
    child = os.fork()
    if child == 0:  # a worker killed in the middle of a request: it never gives its slot back
        slots.take(timeout=1)
        os._exit(0)
    os.waitpid(child, 0)
    assert slots.in_use() == 2
    assert slots.give_back_for(child) == 1
    assert slots.in_use() == 1
    assert slots.take(timeout=1), "the freed slot can be taken again"
    slots.give_back()
    slots.give_back()
    assert slots.in_use() == 0


def test_a_worker_killed_while_taking_a_slot_holds_up_neither_the_master_nor_the_others():
    slots = SharedSlots(2, ProcessLock())
    child = os.fork()
    if child == 0:  # killed between taking a slot and writing down that it holds it
        slots._holders = KillsItsWriter(slots._holders)
        slots.take(timeout=1)
        os._exit(0)
    _, status = os.waitpid(child, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    # The master looks for its slots (gunicorn's child_exit); the other workers go on.
    assert finishes(lambda: slots.give_back_for(child)), "the master waits for a dead worker"
    assert finishes(lambda: slots.take(timeout=1)), "a worker waits for a dead one"
    assert slots.in_use() == 1
    slots.give_back()


def _gunicorn_settings():
    """gunicorn.conf.py, read as gunicorn reads it: a module of its own."""
    spec = importlib.util.spec_from_file_location(
        "gunicorn_settings", Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("workers", "cores", "slots"),
    [(4, 2, 4), (8, 2, 8), (1, 2, 3), (2, 2, 3), (2, 8, 9)],
)
def test_by_default_no_worker_waits_for_a_slot_another_worker_holds(
    monkeypatch, workers, cores, slots
):
    """One slot per worker at least: with fewer, a worker whose own request is ready waits for
    a slot another worker gives back, and the request runs in another process instead."""
    monkeypatch.delenv("REQUESTS_AT_ONCE", raising=False)
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert _gunicorn_settings().requests_at_once(workers) == slots


def _hammer(slots: SharedSlots, connections: SharedConnections, seconds: float) -> None:
    """In a forked worker: requests taking and giving back slots in one thread while the
    worker's loop reports its connections in another, as a gthread worker does under load;
    exits 1 if either failed."""
    failures: list[BaseException] = []
    until = time.monotonic() + seconds

    def requests() -> None:
        try:
            while time.monotonic() < until:
                if slots.take(timeout=1):
                    slots.give_back()
        except BaseException as error:
            failures.append(error)

    def loop() -> None:
        try:
            while time.monotonic() < until:
                connections.report(2)
                connections.crowded(2)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=requests), threading.Thread(target=loop)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    os._exit(1 if failures else 0)


def test_workers_share_slots_and_connection_counts_without_a_false_deadlock(monkeypatch):
    """The kernel refused a worker's lock with EDEADLK (and the worker died) when the slots
    and the connection counts had a record lock each: one of its threads held one while
    another waited for the other, held by a worker waiting for the first."""
    settings = _gunicorn_settings()
    monkeypatch.setenv("REQUESTS_AT_ONCE", "1")
    cfg = types.SimpleNamespace(workers=3, worker_class_str=settings.worker_class)
    settings.on_starting(types.SimpleNamespace(cfg=cfg))
    children = []
    for _ in range(3):
        child = os.fork()
        if child == 0:
            _hammer(settings.shared_slots, settings.shared_connections, seconds=3)
        children.append(child)
    statuses = [os.waitpid(child, 0)[1] for child in children]
    assert all(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 0 for s in statuses), statuses


def test_requests_at_once_set_by_the_environment_wins(monkeypatch):
    monkeypatch.setenv("REQUESTS_AT_ONCE", "0")
    assert _gunicorn_settings().requests_at_once(4) == 0
    monkeypatch.setenv("REQUESTS_AT_ONCE", "2")
    assert _gunicorn_settings().requests_at_once(4) == 2


def test_a_process_runs_at_least_one_request():
    with pytest.raises(ValueError):
        Admission(0)


def test_a_long_turn_stops_counting_so_the_next_request_goes_in(monkeypatch):
    monkeypatch.setattr(admission, "LONG_TURN", 0.1)
    turns = Admission(1)
    turns.enter()  # a large export, say, or a wait for a lock held outside the app
    order: list[str] = []
    started = time.monotonic()
    threads = _queue_up(turns, ["next"], order)
    threads[0].join(5)
    assert order == ["next"] and time.monotonic() - started < 1
    turns.leave()  # its place was passed on already: nothing more is freed
    assert turns._counted == 0


def test_a_request_runs_without_a_shared_slot_when_every_slot_is_held_long(monkeypatch):
    monkeypatch.setattr(admission, "LONG_TURN", 0.1)
    slots = SharedSlots(1, ProcessLock())
    assert slots.take(timeout=1)  # held by another worker's long request
    turns = Admission(1, slots)
    turns.enter()
    assert slots.in_use() == 1
    turns.leave()
    assert slots.in_use() == 1  # the other worker's slot is still its own
    slots.give_back()
    turns.enter()
    assert slots.in_use() == 1
    turns.leave()
    assert slots.in_use() == 0


class _SlowBody(io.BytesIO):
    """A request body that notes whether a turn was held while it was being received."""

    def __init__(self, data: bytes, turns: Admission) -> None:
        super().__init__(data)
        self.turns = turns
        self.read_in_turn: list[bool] = []

    def read(self, size: int | None = -1) -> bytes:
        self.read_in_turn.append(self.turns.holds_turn())
        return super().read(size)


def _call(app, environ):
    answers = []
    body = b"".join(app(environ, lambda status, headers: answers.append(status)))
    return answers[0], body


def _echo(environ, start_response):
    start_response("200 OK", [])
    return [environ["wsgi.input"].read()]


@pytest.mark.parametrize(
    "headers",
    [{"CONTENT_LENGTH": "200000"}, {"HTTP_TRANSFER_ENCODING": "chunked"}],
    ids=["with its length", "in chunks"],
)
def test_the_body_is_received_before_the_turn(headers):
    turns = Admission(1)
    data = os.urandom(200_000)
    slow = _SlowBody(data, turns)
    status, echoed = _call(turns.wsgi(_echo, max_body=1_000_000), {**headers, "wsgi.input": slow})
    assert status == "200 OK" and echoed == data
    assert slow.read_in_turn and not any(slow.read_in_turn)


def test_a_body_over_the_limit_is_left_for_the_app_to_refuse():
    turns = Admission(1)
    declared = _SlowBody(b"x" * 100, turns)
    app = turns.wsgi(_echo, max_body=10)
    _call(app, {"CONTENT_LENGTH": "100", "wsgi.input": declared})
    assert declared.read_in_turn == [True]  # not received first: the app refuses it unread
    chunked = _SlowBody(b"x" * 100, turns)
    _, echoed = _call(app, {"HTTP_TRANSFER_ENCODING": "chunked", "wsgi.input": chunked})
    assert echoed == b"x" * 11  # one byte past the limit: enough to be refused as too large
