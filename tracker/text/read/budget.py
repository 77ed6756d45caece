"""Reading an upload in a child process with a time and memory budget.

A hostile file (a text of a hundred thousand paragraphs, a PDF of millions of drawing
operators, a zip built to expand) must not hold the web worker that received it: the child
runs under hard limits on CPU time and address space, at a lower priority once it has read for
longer than any resolution takes, and a file over budget gets a ParseError naming what was too
big. The child is forked from the worker, which
has the readers imported already, so it starts in milliseconds and touches nothing else (it
leaves through os._exit, never closing the worker's connections).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import PurePath

from tracker.text.document import Document, ParseError

_CONTEXT = multiprocessing.get_context("fork")
#: Exit status of a child that ran out of memory (so the parent can say which budget it hit).
_OUT_OF_MEMORY = 3
#: CPU time a child reads at the web worker's own priority. A draft of 200 paragraphs is read
#: in about 50 ms; a child that needs more drops to a lower priority, so the web workers answer
#: first. (Started low, a co-facilitator's ordinary upload waited behind every page being
#: served: a second and more on a busy server.)
FULL_PRIORITY_SECONDS = 0.1


def read_within_budget(filename: str, data: bytes, *, seconds: float, memory_mb: int) -> Document:
    """The Document read from the upload by a child process, or ParseError when the file
    cannot be read or needs more than `seconds` of CPU time or `memory_mb` of memory."""
    name = PurePath(filename or "").name or "the file"
    receive, send = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(
        target=_read_in_child, args=(filename, data, seconds, memory_mb, send), daemon=True
    )
    child.start()
    send.close()
    try:
        # CPU time is limited in the child; this wall-clock bound covers a machine busy with
        # other work, and a child stuck without using the CPU.
        answer = receive.recv() if receive.poll(seconds + 2) else None
    except EOFError:  # the child died before answering
        answer = None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
    if answer is None:
        if child.exitcode == _OUT_OF_MEMORY:
            raise ParseError(
                f"{name} needs more than {memory_mb} MB of memory to read: it is far larger or "
                "more complex than any resolution (a damaged or hostile file?)"
            )
        raise ParseError(
            f"{name} took more than {seconds:g} seconds to read: it is far larger or more "
            "complex than any resolution (a text of that size, or a damaged or hostile "
            "file?). Upload the draft alone, as .docx, .txt or a PDF with a text layer"
        )
    if isinstance(answer, ParseError):
        raise answer
    if not isinstance(answer, Document):
        raise ParseError(f"{name} could not be read: the reader answered {type(answer).__name__}")
    return answer


def _read_in_child(
    filename: str, data: bytes, seconds: float, memory_mb: int, send: Connection
) -> None:
    import resource

    _lower_priority_after(FULL_PRIORITY_SECONDS)
    cpu = max(1, int(seconds + 0.999))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    from tracker.text.read import read_document

    try:
        answer: Document | ParseError = read_document(filename, data)
    except ParseError as error:
        answer = error
    except MemoryError:
        os._exit(_OUT_OF_MEMORY)
    send.send(answer)
    send.close()


def _lower_priority_after(seconds: float) -> None:
    """Lower this process's priority once it has used `seconds` of CPU time (SIGPROF)."""
    signal.signal(signal.SIGPROF, lambda *_: os.nice(10))
    signal.setitimer(signal.ITIMER_PROF, seconds)
