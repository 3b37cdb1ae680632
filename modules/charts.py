"""Small SVG line charts drawn on the server (no JavaScript, no images from
elsewhere). Each chart is paired with a table of the same figures."""

from django.utils.html import escape

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 40


def line_chart(points, title, maximum=10):
    """``points``: a list of ``(label, value)``; values from 0 to ``maximum``."""
    if not points:
        return ""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = len(points)

    def x(i):
        return LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v):
        return TOP + plot_h - plot_h * max(0, min(v, maximum)) / maximum

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, maximum + 1, max(1, maximum // 5)):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#d5dde2" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" font-size="12" text-anchor="end" fill="#4a5a66">{tick}</text>'
        )
    coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_label, v) in enumerate(points))
    if n > 1:
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#1f5f7a" stroke-width="3" stroke-linejoin="round"/>'
        )
    step = max(1, n // 8)
    for i, (label, v) in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="5" fill="#1f5f7a"/>')
        if i % step == 0 or i == n - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" font-size="12" text-anchor="middle" fill="#4a5a66">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)
