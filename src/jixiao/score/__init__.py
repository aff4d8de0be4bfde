"""Scoring: re-score forms by the official rules of a profile (docs/rules.md R1–R7)."""
