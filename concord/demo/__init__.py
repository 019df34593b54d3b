"""The reproducible demo dataset: NCBs of many countries with people named in their own
scripts, agencies, Secretariat staff, a border service account with an API token, and welcome
notifications.

Every demo person's password is :data:`DEMO_PASSWORD` (``concord-demo-2026``) and their TOTP
secrets and the service token derive from the seed: these credentials are public and are for
development only. :func:`load_demo` refuses to run outside the development and test
environments.
"""

from concord.demo.credentials import DEMO_PASSWORD
from concord.demo.load import (
    DemoRefusedError,
    DemoResult,
    database_is_empty,
    demo_logins,
    load_demo,
)

__all__ = [
    "DEMO_PASSWORD",
    "DemoRefusedError",
    "DemoResult",
    "database_is_empty",
    "demo_logins",
    "load_demo",
]
