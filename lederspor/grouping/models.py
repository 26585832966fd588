"""Network groups composed "så mangfoldigt som muligt" (seed 002 §6, seed 000; issue #4 §2)."""
