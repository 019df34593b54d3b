"""Statistics from the platform's own data (searches, hits, notices, messages, members,
operations), the Secretariat's staff diversity, and the annual report."""
