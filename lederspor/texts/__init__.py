"""Tekster (issue #16 §1): the registry of texts HR staff edit on pages — mail texts, the letter to
the host, the course certificate, guide paragraphs — with preview and version history."""
