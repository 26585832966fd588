"""The participant's logbook (seed 002 §7): private entries that can be shared."""
