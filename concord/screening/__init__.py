"""Border screening: matching travellers and documents against notices and watch lists."""
