"""custlint: make customer obsession checkable."""

__version__ = "0.1.0"

from custlint import accel as _accel  # noqa: E402 - below __version__, the line hatch reads

_accel.enable()  # the compiled judgement, where a build matches the sources (custlint/accel.py)
