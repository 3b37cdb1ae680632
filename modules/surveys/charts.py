"""A bar chart drawn on the server as SVG (the pattern of journey's charts,
which this app may not import): no JavaScript, nothing from elsewhere. A
withheld figure is drawn as no bar, labelled as withheld, never as a
number."""

from django.utils.html import escape

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 16, 16, 20, 40


def _short(label, width=12):
    label = str(label)
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_chart(bars, title, withheld_label):
    """``bars``: ``(label, count or None)``; None is a withheld figure."""
    if not bars:
        return ""
    plot_h = HEIGHT - TOP - BOTTOM
    highest = max([count for _label, count in bars if count] or [1])
    band = (WIDTH - LEFT - RIGHT) / len(bars)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" '
        f'y2="{TOP + plot_h}" stroke="#4a5a66"/>',
    ]
    for i, (label, count) in enumerate(bars):
        x = LEFT + i * band + band * 0.15
        w = band * 0.7
        h = plot_h * count / highest if count else 0
        if h:
            parts.append(
                f'<rect x="{x:.1f}" y="{TOP + plot_h - h:.1f}" width="{w:.1f}" '
                f'height="{h:.1f}" fill="#1f5f7a"/>'
            )
        value = withheld_label if count is None else str(count)
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{TOP + plot_h - 4 - h:.1f}" '
            f'font-size="11" text-anchor="middle" fill="#1d2a33">{escape(value)}</text>'
        )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{HEIGHT - 14}" font-size="11" '
            f'text-anchor="middle" fill="#4a5a66">{escape(_short(label))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
