"""Ending a run early on SIGINT/SIGTERM without leaving the output half-changed.

Python's default SIGTERM ends the process on the spot, so no ``finally``
runs and temporary files stay behind.  The command line turns both signals
into :class:`Interrupted`, an exception that unwinds through the writer's
clean-up like any other; the few renames that swap a finished run in hold
the signals back (:func:`signals_held`), so an interrupted run leaves the
previous output or the new one, never a mix.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

#: The signals a user or a service manager sends to stop a run.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(BaseException):
    """A stop signal arrived; ``exit_status`` is the shell's ``128 + signal number``.

    A ``BaseException`` (as ``KeyboardInterrupt`` is) so that no ``except
    Exception`` on the way swallows it.
    """

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_status = 128 + signum
        super().__init__(signal.Signals(signum).name)


def _raise_interrupted(signum: int, _frame: object) -> None:
    raise Interrupted(signum)


def raise_on_stop_signals() -> None:
    """Make SIGINT and SIGTERM raise :class:`Interrupted` in the main thread."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise_interrupted)


@contextmanager
def signals_held() -> Iterator[None]:
    """Hold SIGINT/SIGTERM back for the block; one that arrived is delivered after it.

    Only where the platform can block signals (POSIX); elsewhere the block
    runs unprotected.
    """
    block = getattr(signal, "pthread_sigmask", None)
    if block is None:
        yield
        return
    previous = block(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        block(signal.SIG_SETMASK, previous)
