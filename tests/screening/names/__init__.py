"""Tests of the screening name matcher and of ``concord compare``."""
