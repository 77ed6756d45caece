"""Kept connections spread over gunicorn's workers (tracker.workers): when a worker lets the
others accept. The whole server is exercised in tests/faults/test_connections_spread.py."""

from __future__ import annotations

import multiprocessing
import signal

from tests.dying_workers import KillsItsWriter, finishes
from tracker.process_lock import ProcessLock
from tracker.workers import SharedConnections


def _worker_holding(shared: SharedConnections, count: int) -> int:
    """A process that reports `count` connections and ends (its place stays until forgotten,
    as a worker's does until the master sees it end); its pid."""
    child = multiprocessing.get_context("fork").Process(target=shared.report, args=(count,))
    child.start()
    child.join(10)
    assert child.exitcode == 0 and child.pid is not None
    return child.pid


def test_a_worker_lets_the_others_accept_only_past_twice_its_share_while_one_is_idle():
    shared = SharedConnections(4, ProcessLock())
    idle = _worker_holding(shared, 0)
    _worker_holding(shared, 1)
    shared.report(7)  # this process: 8 connections in all over three workers, a share of 3
    assert shared.crowded(7)
    assert not shared.crowded(6)  # twice its share
    # Once no worker is idle, the race to accept is left alone however lopsided.
    shared.forget(idle)
    assert not shared.crowded(7)


def test_a_lone_worker_always_accepts():
    shared = SharedConnections(4, ProcessLock())
    shared.report(50)
    assert not shared.crowded(50)


def test_a_new_worker_takes_the_place_of_one_that_ended():
    shared = SharedConnections(2, ProcessLock())
    ended = _worker_holding(shared, 0)
    _worker_holding(shared, 3)
    assert shared.crowded(9)  # beside an idle worker
    shared.forget(ended)
    shared.report(9)  # this process takes the place freed
    assert not shared.crowded(9)  # no worker idle
    _worker_holding(shared, 0)  # no place left: it counts for none
    assert not shared.crowded(9)


def test_a_worker_killed_while_reporting_holds_up_neither_the_master_nor_the_others():
    shared = SharedConnections(4, ProcessLock())

    def report_and_be_killed() -> None:
        shared._counts = KillsItsWriter(shared._counts)
        shared.report(3)

    child = multiprocessing.get_context("fork").Process(target=report_and_be_killed)
    child.start()
    child.join(10)
    assert child.exitcode == -signal.SIGKILL
    # The master frees its place (gunicorn's child_exit), the other workers go on reporting.
    assert finishes(lambda: shared.forget(child.pid)), "the master waits for a dead worker"
    assert finishes(lambda: shared.report(2)), "a worker waits for a dead one"
    assert not shared.crowded(2)
