"""custlint: make customer obsession checkable."""

__version__ = "0.1.0"
