"""Small SVG line charts drawn on the server (no JavaScript, no images from
elsewhere). Each chart is paired with a table of the same figures."""

import datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from django.utils.html import escape
from django.utils.translation import get_language, get_language_bidi

WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 40

# Each line chart is drawn twice, for a phone and for a wider screen (the CSS
# shows one): an SVG scales its text with its width, so one drawing cannot
# keep its labels at least 12 px tall on a 320 px phone and still look right
# on a desktop. Width in SVG units, font size, most labels on the day axis.
NARROW = (260, 15, 3)
WIDE = (WIDTH, 14, 7)


def day_label(value):
    """An ISO day ("2026-11-30") as the page's language writes a short day
    (11/30, 30.11., 30/11), from Babel's CLDR data."""
    try:
        day = datetime.date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    try:
        locale = Locale.parse((get_language() or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = Locale.parse("en")
    return format_skeleton("Md", day, locale=locale)


def _labelled(labels, most):
    """The indexes whose label is drawn: at most ``most``, evenly spread, the
    last always, and never the same label twice (several ratings on one day
    share one label)."""
    n = len(labels)
    step = max(1, -(-n // most))
    wanted = sorted({*range(0, n, step), n - 1})
    while len(wanted) > most:
        wanted.pop(-2)
    shown, last = [], None
    for i in wanted:
        if labels[i] != last:
            shown.append(i)
            last = labels[i]
    return set(shown)


def _mirror(width):
    """On a right-to-left page a chart reads from the right, as the text does:
    time runs leftwards and the value axis stands on the right. Every x is
    drawn through the function returned; text is placed, never flipped, and
    its anchors ("start", "end") follow the direction returned, as the page's
    words do (Arabic dates carry direction marks that need it)."""
    if get_language_bidi():
        return (lambda x: width - x), "rtl"
    return (lambda x: x), "ltr"


def _line_svg(points, title, maximum, size, css):
    width, font, most = size
    height = HEIGHT if width == WIDTH else 200
    plot_w = width - LEFT - RIGHT
    plot_h = height - TOP - BOTTOM
    n = len(points)
    mx, direction = _mirror(width)

    def x(i):
        return mx(LEFT + (plot_w * i / (n - 1) if n > 1 else plot_w / 2))

    def y(v):
        return TOP + plot_h - plot_h * max(0, min(v, maximum)) / maximum

    parts = [
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" direction="{direction}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for tick in range(0, maximum + 1, max(1, maximum // 5)):
        ty = y(tick)
        parts.append(
            f'<line x1="{mx(LEFT)}" y1="{ty:.1f}" x2="{mx(width - RIGHT)}" y2="{ty:.1f}" stroke="#d5dde2" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{mx(LEFT - 8)}" y="{ty + 5:.1f}" font-size="{font}" text-anchor="end" fill="#4a5a66">{tick}</text>'
        )
    coords = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, (_label, v) in enumerate(points))
    if n > 1:
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="#1f5f7a" stroke-width="3" stroke-linejoin="round"/>'
        )
    labels = [day_label(label) for label, _v in points]
    shown = _labelled(labels, most)
    for i, (_label, v) in enumerate(points):
        parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="5" fill="#1f5f7a"/>')
        if i in shown:
            # The first and last labels hug the plot's edges, so they are
            # never cut off at the side of a narrow drawing.
            anchor = (
                "start"
                if i == 0 and n > 1
                else "end"
                if i == n - 1 and n > 1
                else "middle"
            )
            parts.append(
                f'<text x="{x(i):.1f}" y="{height - 12}" font-size="{font}" text-anchor="{anchor}" fill="#4a5a66">{escape(labels[i])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(points, title, maximum=10):
    """``points``: a list of ``(ISO day, value)``; values from 0 to ``maximum``."""
    if not points:
        return ""
    return _line_svg(points, title, maximum, NARROW, "chart--narrow") + _line_svg(
        points, title, maximum, WIDE, "chart--wide"
    )


def bar_chart(bars, title, hide_below=0):
    """Bars for ``(label, count)`` pairs; counts from 1 to ``hide_below - 1`` are
    not drawn and read "<N" (so no bar can point to one person)."""
    if not bars:
        return ""
    height, left, bottom, top = 220, 40, 36, 16
    plot_h = height - top - bottom
    highest = max(
        [count for _label, count in bars if count >= hide_below] or [max(hide_below, 1)]
    )
    band = (WIDTH - left - 16) / len(bars)
    mx, direction = _mirror(WIDTH)
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" direction="{direction}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{mx(left)}" y1="{top + plot_h}" x2="{mx(WIDTH - 16)}" y2="{top + plot_h}" stroke="#4a5a66"/>',
    ]
    for i, (label, count) in enumerate(bars):
        w = band * 0.7
        # The bar's left edge: mirrored, its right edge becomes the left.
        x = min(mx(left + i * band + band * 0.15), mx(left + i * band + band * 0.85))
        if count >= hide_below:
            h = plot_h * count / highest
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="#1f5f7a"/>'
            )
            value = str(count)
        else:
            value = f"<{hide_below}" if count else "0"
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{top + plot_h - 4 - (plot_h * count / highest if count >= hide_below else 0):.1f}" font-size="12" text-anchor="middle" fill="#1d2a33">{escape(value)}</text>'
        )
        parts.append(
            f'<text x="{x + w / 2:.1f}" y="{height - 14}" font-size="12" text-anchor="middle" fill="#4a5a66">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
