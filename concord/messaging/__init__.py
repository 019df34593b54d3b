"""Secure messaging between bureaus (I-24/7, NEXUS): mailboxes, cases, encrypted and signed
messages with handling codes, deliveries and receipts, attachments, push to national systems."""
