"""Conversation templates and conversations (seed 002 §2–4, §7–8; seed 003; seed 000 follow-up)."""
