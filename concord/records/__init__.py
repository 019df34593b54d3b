"""The police databases: persons, travel documents, vehicles, works of art, firearms,
vessels and assets."""
