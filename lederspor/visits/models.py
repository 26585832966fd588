"""Job visits between two leaders (seed 001; issue #4 §3)."""
