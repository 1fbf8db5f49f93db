"""Atlassian Document Format (Jira Cloud descriptions) to Markdown-like text.

Headings become ``## Heading`` lines and lists ``- item`` lines, so the section
reader finds "Customer problem" and "KPI" sections the same way as in a ticket
file. Unknown node types keep their text; nothing here ever raises on odd input.
"""

from __future__ import annotations

from typing import Any


def to_text(node: Any) -> str:
    """The text of an ADF document (a dict with ``type: doc``); plain strings pass through."""
    if node is None:
        return ""
    if isinstance(node, str):
        return node
    out: list[str] = []
    _block(node, out, "")
    text = "\n".join(out)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _inline(node: Any) -> str:
    if isinstance(node, str):
        return node
    if not isinstance(node, dict):
        return ""
    kind = node.get("type")
    attrs = _dict(node.get("attrs"))
    if kind == "text":
        text = str(node.get("text", ""))
        for mark in _list(node.get("marks")):
            if isinstance(mark, dict) and mark.get("type") == "code":
                text = f"`{text}`"
            elif isinstance(mark, dict) and mark.get("type") == "link":
                href = mark["attrs"].get("href") if isinstance(mark.get("attrs"), dict) else None
                if href and href != text:
                    text = f"{text} ({href})"
        return text
    if kind == "hardBreak":
        return "\n"
    if kind == "mention":
        return str(attrs.get("text") or "@someone")
    if kind == "emoji":
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard", "embedCard"):
        return str(attrs.get("url") or "")
    if kind == "status":
        return str(attrs.get("text") or "")
    if kind == "date":
        return str(attrs.get("timestamp") or "")
    return "".join(_inline(c) for c in _list(node.get("content")))


def _block(node: Any, out: list[str], indent: str) -> None:
    if not isinstance(node, dict):
        if isinstance(node, str):
            out.append(indent + node)
        return
    kind = node.get("type")
    content = _list(node.get("content"))
    attrs = _dict(node.get("attrs"))
    if kind in ("doc", "panel", "layoutSection", "layoutColumn", "expand", "nestedExpand", "bodiedExtension"):
        if kind in ("expand", "nestedExpand") and attrs.get("title"):
            out.extend(["", f"{indent}**{attrs['title']}**"])
        for child in content:
            _block(child, out, indent)
    elif kind == "heading":
        level = attrs.get("level", 2)
        level = level if isinstance(level, int) and 1 <= level <= 6 else 2
        out.extend(["", "#" * level + " " + "".join(_inline(c) for c in content).strip(), ""])
    elif kind == "paragraph":
        text = "".join(_inline(c) for c in content)
        out.extend(indent + line for line in text.split("\n"))
        out.append("")
    elif kind in ("bulletList", "orderedList", "taskList", "decisionList"):
        for n, item in enumerate(content, 1):
            marker = f"{n}. " if kind == "orderedList" else "- "
            sub: list[str] = []
            children = item.get("content") if isinstance(item, dict) else None
            if isinstance(item, dict) and item.get("type") in ("taskItem", "decisionItem"):
                sub.append("".join(_inline(c) for c in _list(children)))
            else:
                for child in _list(children):
                    _block(child, sub, "")
            sub = [s for s in sub if s.strip()] or [""]
            out.append(indent + marker + sub[0])
            out.extend(indent + "  " + s for s in sub[1:])
        out.append("")
    elif kind == "blockquote":
        sub = []
        for child in content:
            _block(child, sub, "")
        out.extend(indent + "> " + s if s else indent + ">" for s in sub)
        out.append("")
    elif kind == "codeBlock":
        out.append(indent + "```" + str(attrs.get("language") or ""))
        out.extend(indent + line for line in "".join(_inline(c) for c in content).split("\n"))
        out.extend([indent + "```", ""])
    elif kind == "rule":
        out.extend(["", "---", ""])
    elif kind == "table":
        for row in content:
            cells = row.get("content") if isinstance(row, dict) else None
            texts = []
            for cell in _list(cells):
                sub = []
                for child in _list(cell.get("content") if isinstance(cell, dict) else None):
                    _block(child, sub, "")
                texts.append(" ".join(s.strip() for s in sub if s.strip()))
            out.append(indent + "| " + " | ".join(texts) + " |")
        out.append("")
    elif kind in ("mediaSingle", "mediaGroup", "media", "extension"):
        return
    else:  # inline nodes at block level, or types added later: keep their text
        text = _inline(node)
        if text:
            out.append(indent + text)
