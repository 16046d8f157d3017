"""A static research-site generator for Arabic news corpora."""

__version__ = "0.1.0"
