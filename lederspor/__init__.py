"""Lederspor: leadership-development programmes and competence development for a municipality."""
