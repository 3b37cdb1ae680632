"""What a person with a spreadsheet does to a published table: subtract the
shown figures from each total, again and again with what was learnt."""


def subtraction_attack(figures, rows, columns, total="all", n="n", *, rows_add_up=True):
    """The withheld figures (None in ``figures``) that subtraction gives away.

    ``figures`` maps (row, column) to a count or None, for every row and
    ``total``, and every column and ``n`` (the row's total)."""
    known = {cell: value for cell, value in figures.items() if value is not None}
    lines = [([(r, c) for r in rows], (total, c)) for c in [*columns, n]]
    if rows_add_up:
        lines += [([(r, c) for c in columns], (r, n)) for r in [*rows, total]]
    else:
        lines.append(([(r, n) for r in rows], (total, n)))
    learnt = True
    while learnt:
        learnt = False
        for parts, line_total in lines:
            unknown = [cell for cell in [*parts, line_total] if cell not in known]
            if len(unknown) != 1:
                continue
            (cell,) = unknown
            shown = sum(known[c] for c in parts if c in known)
            known[cell] = shown if cell == line_total else known[line_total] - shown
            learnt = True
    return {
        cell: known[cell]
        for cell, value in figures.items()
        if value is None and cell in known
    }
