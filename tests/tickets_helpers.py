"""Helpers shared by the ticket tests: ticket files and configs written into temp dirs."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

PROBLEM_KPI = """## Customer problem
Shoppers abandon checkout because they cannot see when an order arrives.

## KPI
Checkout completion from 61% to 65% within 6 weeks.
"""


def ticket(folder: Path, tid: str, *, status: str = "open", title: str | None = None, body: str = PROBLEM_KPI,
           extra: str = "", toml: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    title = title or "Shoppers cannot see delivery windows"
    if toml:
        text = f'+++\nid = "{tid}"\ntitle = "{title}"\nstatus = "{status}"\n{extra}+++\n{body}'
    else:
        text = f"---\nid: {tid}\ntitle: {title}\nstatus: {status}\n{extra}---\n{body}"
    path = folder / f"{tid.replace('#', '')}.md"
    path.write_text(text)
    return path


def config(folder: Path, tickets: str = "", top: str = "") -> Path:
    path = folder / ".custlint.toml"
    path.write_text(f"{top}\n[tickets]\n{tickets}\n")
    return path
