"""How many generated cases a property test runs: every one in CI, a few on a developer's
machine, so the edit-test loop stays fast while CI still tries 10,000 texts and byte strings.

The profile is ``ci`` when the environment variable CI is set (CI runs ``.ci/run`` with
CI=true), else ``dev``; ``HYPOTHESIS_PROFILE=ci make test`` runs CI's counts locally.
tests/conftest.py registers and loads it before any test module is imported.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Fifty cases per property find the common mistakes in well under a second each; the rare
# ones are CI's to find. Measured one after the other on the shared 2-core machine: the
# plain-text properties took 8 s of CPU with 50 cases each and 39 s with CI's 10,000.
DEV_EXAMPLES = 50
PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")

# deadline=None: a shared or busy machine must not turn a slow example into a failure.
settings.register_profile("dev", max_examples=DEV_EXAMPLES, deadline=None)
settings.register_profile("ci", deadline=None, print_blob=True)  # hypothesis' 100 by default


def cases(count: int) -> settings:
    """``count`` examples in CI, DEV_EXAMPLES locally (never more than ``count``)."""
    return settings(
        max_examples=count if PROFILE == "ci" else min(count, DEV_EXAMPLES),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
