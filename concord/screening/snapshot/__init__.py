"""MIND, the offline copy: signed, encrypted, expiring snapshots of what one country may see
(travel documents and persons), deltas between them, and screening against them with no server.
See ``docs/mind.md``."""
