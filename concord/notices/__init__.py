"""Notices and diffusions: types, workflow, compliance review, public extracts."""
