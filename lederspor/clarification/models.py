"""Models of clarification."""
