"""Settings for every test under tests/ and plugins/.

Property tests (Hypothesis) draw their examples from a seed fixed per test, so a run of
``make test`` is repeatable: a failure it finds is found again by the next run and by CI,
instead of coming and going with a random seed.  ``HYPOTHESIS_PROFILE=explore`` draws
fresh examples (and more of them) when hunting for new failures.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", max_examples=2000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
