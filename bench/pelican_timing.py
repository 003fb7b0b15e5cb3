"""A Pelican plugin, for benchmarks only, that times every generator and signal receiver.

A whole-build wall time says *that* the project's build is slower than bare
Pelican, not *where*: the search index, the citation links and the series
pages each run inside a generator method or a signal receiver.  Listed last in
``PLUGINS`` (the bench adds it with ``-e PLUGINS=[...]``), this plugin wraps
the receivers every other plugin connected and the ``generate_context`` and
``generate_output`` of every generator, and writes the summed seconds per
callable as JSON to the file named by ``BENCH_TIMING_FILE`` when Pelican exits.

The seconds are CPU seconds of the Pelican process (``time.process_time``):
Pelican runs on one thread, so on an idle machine they equal wall seconds,
and on the shared bench machine they do not count the other jobs.  (A
function-level profiler is no substitute: cProfile charges its own cost per
call, and made Markdown's per-file set-up look thirty times dearer than it is.)
"""

from __future__ import annotations

import atexit
import functools
import json
import os
import time
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from blinker import ANY
from blinker.base import ANY_ID, Signal
from pelican.plugins import signals

SECONDS: defaultdict[str, float] = defaultdict(float)
_KEEP: list[Callable[..., Any]] = []  # wrappers are connected strongly; keep them too
#: Generators seen; one that did its work in a forked process (the search index) says
#: how much CPU that took in ``last_build.cpu_seconds``, which process_time cannot see.
_GENERATORS: list[Any] = []


def _name(func: Any) -> str:
    target = getattr(func, "__func__", func)
    module = getattr(target, "__module__", "?")
    return f"{module}.{getattr(target, '__qualname__', repr(target))}"


def _timed(label: str, func: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            SECONDS[label] += time.process_time() - start

    return wrapper


def _wrap_receivers(signal: Signal, signal_name: str) -> None:
    """Replace each receiver connected for any sender by a timed one, keeping the order."""
    for receiver_id, ref in list(signal.receivers.items()):
        if signal._by_receiver.get(receiver_id) != {ANY_ID}:
            continue  # bound to particular senders: leave it alone
        receiver = ref() if isinstance(ref, weakref.ref) else ref
        if receiver is None:
            continue
        signal.disconnect(receiver)
        wrapper = _timed(f"signal {signal_name}: {_name(receiver)}", receiver)
        _KEEP.append(wrapper)
        signal.connect(wrapper, sender=ANY, weak=False)


def _wrap_generator(generator: Any) -> None:
    if not any(generator is seen for seen in _GENERATORS):
        _GENERATORS.append(generator)
    for method in ("generate_context", "generate_output"):
        bound = getattr(generator, method, None)
        if bound is None or getattr(bound, "_bench_timed", False):
            continue
        wrapper = _timed(f"{type(generator).__name__}.{method}", bound)
        wrapper._bench_timed = True  # type: ignore[attr-defined]
        setattr(generator, method, wrapper)


def _on_all_generators(generators: list[Any]) -> None:
    # generate_context already ran for these; wrap generate_output of every one,
    # including generators that do not send ``generator_init``.
    for generator in generators:
        _wrap_generator(generator)


def _write() -> None:
    for generator in _GENERATORS:
        build = getattr(generator, "last_build", None)
        if build is not None and hasattr(build, "cpu_seconds"):
            SECONDS[f"{type(generator).__name__}.background process"] += build.cpu_seconds
    path = os.environ.get("BENCH_TIMING_FILE")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(dict(SECONDS), out, sort_keys=True, indent=1)


def register() -> None:
    for signal_name in dir(signals):
        signal = getattr(signals, signal_name)
        if isinstance(signal, Signal):
            _wrap_receivers(signal, signal_name)
    signals.generator_init.connect(_wrap_generator)
    signals.all_generators_finalized.connect(_on_all_generators)
    atexit.register(_write)
