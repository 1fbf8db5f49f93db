"""The audit report's charts: inline SVG, drawn from numbers, every label escaped.

Lines can be told apart without colour: each series has its own colour *and* dash pattern and
marker, a legend that draws the same stroke, and a direct label at its last point (labels pushed
apart so that they never overlap). The first series is drawn widest, with the largest markers, and
the later ones thinner and dashed over it: where the customer-problem and KPI lines agree (they
often do) both still show, the customer-problem line around the KPI line's dashes. A point
of a small period (fewer commits than ``small``) is not drawn on the line (no 0%/100% spike from
three commits): the line breaks there and a hollow marker on the axis says how many commits it had.
"""

from __future__ import annotations

from html import escape

from custlint.reporters.audit_text import count as _count

W, H = 880, 250  # chart size in SVG units
PAD_L, PAD_R, PAD_T, PAD_B = 48, 165, 14, 34  # the right margin holds the direct labels
# colour-blind-safe pairs (Okabe-Ito), with a dash and a marker each
STYLES = (
    ("#0072b2", "", "circle"),  # blue, solid
    ("#d55e00", "8 4", "square"),  # vermilion, dashed
    ("#009e73", "2 3", "diamond"),  # green, dotted
    ("#cc79a7", "10 3 2 3", "triangle"),  # purple, dash-dot
)
LABEL_GAP = 16  # SVG units between two direct labels (a 12-unit bold line of text is about 15 high)
MAX_TICKS = 10


def _nice(top: float) -> float:
    """A round axis maximum at or above ``top`` (1, 2, 2.5, 5 times a power of ten)."""
    import math

    if top <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(top))
    for m in (1, 2, 2.5, 5, 10):
        if m * mag >= top:
            return m * mag
    return 10 * mag


def ticks(labels: list[str], n: int = MAX_TICKS) -> list[int]:
    """Which x labels to print: at most ``n``, evenly spaced, the last one among them when it fits."""
    if len(labels) <= n:
        return list(range(len(labels)))
    step = -(-len(labels) // n)
    return list(range(0, len(labels), step))


def _x(i: int, n: int, kind: str) -> float:
    iw = W - PAD_L - PAD_R
    if kind == "bar":
        return PAD_L + iw * (i + 0.5) / max(n, 1)
    return PAD_L + (iw * i / (n - 1) if n > 1 else iw / 2)


def _frame(ymax: float, yfmt, labels: list[str], kind: str) -> list[str]:
    parts = []
    ih = H - PAD_T - PAD_B
    for k in range(5):
        v = ymax * k / 4
        y = PAD_T + ih - ih * k / 4
        parts.append(f'<line class="grid" x1="{PAD_L}" x2="{W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="axis" x="{PAD_L - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(yfmt(v))}</text>')
    shown = ticks(labels)
    for i in shown:
        x = _x(i, len(labels), kind)
        # a line chart's first and last points sit on the plot's edges: their labels start or end there,
        # clear of the y axis's labels and of the direct labels on the right
        anchor = "middle"
        if kind == "line" and len(labels) > 1:
            anchor = "start" if i == 0 else "end" if i == len(labels) - 1 else "middle"
        parts.append(
            f'<text class="axis" x="{x:.1f}" y="{H - PAD_B + 16}" text-anchor="{anchor}">{escape(labels[i])}</text>'
        )
    return parts


def svg(label: str, parts: list[str]) -> str:
    return (
        f'<svg class="chart" viewBox="0 0 {W} {H}" role="img" aria-label="{escape(label)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(label)}</title>' + "".join(parts) + "</svg>"
    )


def _marker(shape: str, x: float, y: float, r: float, color: str, title: str, hollow: bool = False) -> str:
    fill = "none" if hollow else color
    stroke = f' stroke="{color}" stroke-width="1.5"'
    t = f"<title>{escape(title)}</title>"
    if shape == "square":
        return f'<rect class="series" x="{x - r:.1f}" y="{y - r:.1f}" width="{2 * r:.1f}" height="{2 * r:.1f}" fill="{fill}"{stroke}>{t}</rect>'
    if shape in ("diamond", "triangle"):
        pts = (
            f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} {x - r * 1.3:.1f},{y:.1f}"
            if shape == "diamond"
            else f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.2:.1f},{y + r:.1f} {x - r * 1.2:.1f},{y + r:.1f}"
        )
        return f'<polygon class="series" points="{pts}" fill="{fill}"{stroke}>{t}</polygon>'
    return f'<circle class="series" cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}"{stroke}>{t}</circle>'


def spread(ys: list[float], lo: float, hi: float, gap: float = LABEL_GAP) -> list[float]:
    """Label heights near ``ys``, at least ``gap`` apart and within ``lo``..``hi`` (the order kept)."""
    order = sorted(range(len(ys)), key=lambda i: ys[i])
    out = [0.0] * len(ys)
    prev = lo - gap
    for i in order:
        out[i] = max(ys[i], prev + gap)
        prev = out[i]
    if order and out[order[-1]] > hi:  # pushed past the bottom: move the stack up as far as needed
        out[order[-1]] = hi
        for j in range(len(order) - 2, -1, -1):
            out[order[j]] = min(out[order[j]], out[order[j + 1]] - gap)
    return out


def line_chart(
    label: str,
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    counts: list[int] | None = None,
    small: int = 0,
    unit: str = "commit",
    ymax: float | None = None,
    yfmt=lambda v: f"{v:.0f}",
    vfmt=None,
) -> str:
    """Lines over ``labels``; ``counts[i]``: how many ``unit`` s point i stands on (shown on hover);
    a point with fewer than ``small`` is left off the lines and marked on the axis instead."""
    vfmt = vfmt or yfmt
    if not labels:
        return '<div class="empty">no data in this range</div>'
    few = [counts is not None and counts[i] < small for i in range(len(labels))]
    shown = [v for _, vs in series for i, v in enumerate(vs) if v is not None and not few[i]]
    top = ymax or _nice(max(shown + [1.0]) * 1.05)
    ih = H - PAD_T - PAD_B
    base = PAD_T + ih
    parts = _frame(top, yfmt, labels, "line")
    ends: list[tuple[float, str, str]] = []  # (y, text, colour) of each series' direct label
    n = len(labels)
    r = 2.5 if n > 60 else 3.5
    drawn = []
    for k, (name, values) in enumerate(series):
        color, dash, shape = STYLES[k % len(STYLES)]
        segs: list[list[tuple[float, float]]] = [[]]
        marks = []
        for i, v in enumerate(values):
            if v is None or few[i]:
                if segs[-1]:
                    segs.append([])
                continue
            x, y = _x(i, n, "line"), PAD_T + ih - ih * min(v, top) / top
            segs[-1].append((x, y))
            c = f" of {_count(counts[i], unit)}" if counts is not None else ""
            marks.append(
                _marker(shape, x, y, r + 1.5 if k == 0 else r - 0.5, color, f"{name}, {labels[i]}: {vfmt(v)}{c}")
            )
        lines = [
            f'<polyline class="series" fill="none" stroke="{color}" stroke-width="{4.5 if k == 0 else 2}"'
            f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""} stroke-linejoin="round" '
            f'points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in s)}"/>'
            for s in segs
            if len(s) > 1
        ]
        drawn.append(lines + marks)
        last = next(((i, v) for i, v in reversed(list(enumerate(values))) if v is not None and not few[i]), None)
        if last is not None:
            ends.append((PAD_T + ih - ih * min(last[1], top) / top, f"{name} {yfmt(last[1])}", color))
    for group in drawn:  # the first, widest series first: the thinner dashed ones show over it
        parts.extend(group)
    if counts is not None and small:
        for i in range(n):
            if few[i]:
                x = _x(i, n, "line")
                parts.append(
                    f'<circle class="few" cx="{x:.1f}" cy="{base - 4:.1f}" r="3" fill="none" stroke-width="1.5">'
                    f"<title>{escape(labels[i])}: {escape(_count(counts[i], unit))}, too few for a share</title></circle>"
                )
    ys = spread([y for y, _, _ in ends], PAD_T + 4, base - 8)  # above the x axis's labels
    for (_, text, color), y in zip(ends, ys, strict=True):
        parts.append(f'<text class="direct" x="{W - PAD_R + 8}" y="{y + 4:.1f}" fill="{color}">{escape(text)}</text>')
    return legend(series, small=bool(counts is not None and small and any(few)), small_n=small) + svg(label, parts)


def bar_chart(
    label: str, labels: list[str], series: list[tuple[str, list[float]]], *, yfmt=lambda v: f"{v:.0f}"
) -> str:
    """Stacked bars, the count of each part on hover."""
    if not labels:
        return '<div class="empty">no data in this range</div>'
    sums = [sum(vs[i] for _, vs in series) for i in range(len(labels))]
    top = _nice(max(sums + [1.0]) * 1.05)
    ih = H - PAD_T - PAD_B
    iw = W - PAD_L - PAD_R
    bw = max(1.0, iw / len(labels) * 0.8)
    parts = _frame(top, yfmt, labels, "bar")
    for i, lab in enumerate(labels):
        base = 0.0
        x = _x(i, len(labels), "bar") - bw / 2
        for k, (name, vs) in enumerate(series):
            v = vs[i]
            if v <= 0:
                continue
            h = ih * v / top
            y = PAD_T + ih - ih * base / top - h
            color = STYLES[k % len(STYLES)][0]
            pattern = ' fill-opacity="0.55"' if k else ""
            parts.append(
                f'<rect class="series" x="{x:.1f}" y="{y:.1f}" width="{bw:.1f}" height="{max(h, 0.5):.1f}" '
                f'fill="{color}"{pattern}><title>{escape(lab)}: {escape(name)} {v:,.0f}</title></rect>'
            )
            base += v
    return (legend(series, bars=True) if len(series) > 1 else "") + svg(label, parts)


def legend(series, *, bars: bool = False, small: bool = False, small_n: int = 0) -> str:
    items = []
    for k, (name, _) in enumerate(series):
        color, dash, _shape = STYLES[k % len(STYLES)]
        if bars:
            sample = f'<rect x="0" y="2" width="22" height="10" fill="{color}"{" fill-opacity=0.55" if k else ""}/>'
        else:
            d = f' stroke-dasharray="{dash}"' if dash else ""
            sample = f'<line x1="0" y1="7" x2="28" y2="7" stroke="{color}" stroke-width="3"{d}/>'
        items.append(
            f'<span><svg class="key" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">{sample}</svg>'
            f"{escape(name)}</span>"
        )
    if small:
        items.append(
            '<span><svg class="key" width="28" height="14" viewBox="0 0 28 14" aria-hidden="true">'
            '<circle class="few" cx="14" cy="7" r="4" fill="none" stroke-width="1.5"/></svg>'
            f"fewer than {small_n} commits: no share drawn</span>"
        )
    return f'<div class="legend">{"".join(items)}</div>'
