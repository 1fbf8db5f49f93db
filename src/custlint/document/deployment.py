"""A production record: a commit that reached a production environment, and when (a deploy log
line or a GitHub deployment)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Deployment:
    sha: str
    environment: str
    time: str
    id: str = ""
