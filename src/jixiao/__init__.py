"""jixiao (绩效): read, re-score and audit budget-performance forms, offline."""

__version__ = "0.1.0"
