"""Cross-border operations: invitations, targets, results reports, rates to USD."""
