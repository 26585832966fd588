"""Models of trainee."""
