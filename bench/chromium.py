"""How the project launches Debian's Chromium through Playwright (tests and bench alike).

Playwright cannot download its own browser here, so it drives ``/usr/bin/chromium``
(``$CHROMIUM``).  The flags keep a headless root run from reaching for the network:
without the background-networking ones Chromium keeps dialling hosts that this
machine's closed network refuses.
"""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
