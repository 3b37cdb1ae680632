"""The one rule for every figure shown to staff or exported: small counts
are suppressed, with enough other cells that no total or difference gives
them back, and only completed weeks are counted.

A table is rows (e.g. languages) by columns (e.g. a question's answers),
with a total for each row, each column and the whole. The rule:

1. A count from 1 to k-1 is hidden (k is ``settings.MIN_CELL``, 10 unless
   configured). A row or column whose total is below k is hidden whole,
   zeros too (a zero there would say what the few others answered).
2. Every row and column, with its total, has no hidden figure or at least two,
   so subtracting the shown figures from a total never leaves one alone.
3. No hidden figure may follow from the shown ones by any combination of
   the tables' sums (checked exactly, by linear algebra); while one does,
   the smallest shown figure beside it is hidden as well.

Zeros are not hidden by step 1 (an option nobody picked discloses nobody)
but may be hidden as complements.
"""

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.conf import settings

TOTAL = "__total__"


def min_cell() -> int:
    return settings.MIN_CELL


def is_small(count: int, k: int | None = None) -> bool:
    return 0 < count < (k or min_cell())


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def last_completed_week(today: datetime.date) -> datetime.date:
    """The Monday of the last week that has ended: the current week is never
    counted, so no figure moves while a visitor is on the site."""
    return week_start(today) - datetime.timedelta(weeks=1)


@dataclass
class Table:
    """Counts by (row, column) with their totals, and which are hidden.

    ``rows`` and ``columns`` are keys in display order; ``sums`` says
    whether a row's cells add up to its total (not so for pick-any questions,
    where one respondent may pick several answers: their rows' totals are
    respondents, and only the columns add up)."""

    rows: list
    columns: list
    counts: dict
    row_totals: dict
    rows_add_up: bool = True
    hidden: set = field(default_factory=set)

    def value(self, row, column):
        if row == TOTAL and column == TOTAL:
            return sum(self.row_totals.values())
        if column == TOTAL:
            return self.row_totals.get(row, 0)
        if row == TOTAL:
            return sum(self.counts.get((r, column), 0) for r in self.rows)
        return self.counts.get((row, column), 0)

    def shown(self, row, column):
        """The count, or None if it is hidden."""
        if (row, column) in self.hidden:
            return None
        return self.value(row, column)

    # --- the lines (sums) an onlooker knows ---------------------------------

    def lines(self):
        """Each known sum as (the cells that add up, the cell that is their total)."""
        found = []
        for column in [*self.columns, TOTAL]:
            found.append(([(r, column) for r in self.rows], (TOTAL, column)))
        if self.rows_add_up:
            for row in [*self.rows, TOTAL]:
                found.append(([(row, c) for c in self.columns], (row, TOTAL)))
        else:
            # Only the whole adds up: the grand total is the sum of row totals.
            found.append(([(r, TOTAL) for r in self.rows], (TOTAL, TOTAL)))
        return found

    def all_cells(self):
        return [(r, c) for r in [*self.rows, TOTAL] for c in [*self.columns, TOTAL]]


def _primary(table, k):
    for row in [*table.rows, TOTAL]:
        if table.value(row, TOTAL) < k:
            table.hidden.update((row, c) for c in [*table.columns, TOTAL])
    for column in [*table.columns, TOTAL]:
        if table.value(TOTAL, column) < k and table.value(TOTAL, column) > 0:
            table.hidden.update((r, column) for r in [*table.rows, TOTAL])
    for cell in table.all_cells():
        if is_small(table.value(*cell), k):
            table.hidden.add(cell)


def _smallest_shown(table, cells):
    """The shown cell with the smallest count (non-zero first), or None."""
    shown = [cell for cell in cells if cell not in table.hidden]
    if not shown:
        return None
    return min(shown, key=lambda cell: (table.value(*cell) == 0, table.value(*cell)))


def _pairs(table):
    """Hide a second figure in each line that has exactly one hidden."""
    changed = True
    while changed:
        changed = False
        for cells, total in table.lines():
            line = [*cells, total]
            if sum(1 for cell in line if cell in table.hidden) == 1:
                extra = _smallest_shown(table, cells) or _smallest_shown(table, line)
                if extra is not None:
                    table.hidden.add(extra)
                    changed = True


def _reduced(matrix):
    """``matrix`` in reduced row echelon form, exactly: {pivot column: row}."""
    rows = [list(row) for row in matrix]
    pivots = {}
    rank, width = 0, len(rows[0]) if rows else 0
    for col in range(width):
        pivot = next((i for i in range(rank, len(rows)) if rows[i][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][col]
        rows[rank] = [a / lead for a in rows[rank]]
        for i in range(len(rows)):
            if i != rank and rows[i][col] != 0:
                factor = rows[i][col]
                rows[i] = [
                    a - factor * b for a, b in zip(rows[i], rows[rank], strict=True)
                ]
        pivots[col] = rank
        rank += 1
    return {col: rows[i] for col, i in pivots.items()}


def determined(table):
    """Hidden cells whose value follows exactly from the shown figures.

    A hidden cell follows from the known sums when its unit vector lies in
    the space the sums span. In reduced row echelon form that is so exactly
    when the cell's column has a pivot whose row has no other non-zero entry
    (any vector of the space is the sum of the pivot rows weighted by its
    own pivot entries). One reduction answers for every cell at once, where
    a rank per cell took minutes on a survey with many questions."""
    hidden = sorted(table.hidden, key=str)
    index = {cell: i for i, cell in enumerate(hidden)}
    matrix = []
    for cells, total in table.lines():
        row = [Fraction(0)] * len(hidden)
        for cell in cells:
            if cell in index:
                row[index[cell]] += 1
        if total in index:
            row[index[total]] -= 1
        if any(row):
            matrix.append(row)
    if not matrix:
        return list(hidden)
    pivot_rows = _reduced(matrix)
    return [
        cell
        for cell, i in index.items()
        if i in pivot_rows and sum(1 for a in pivot_rows[i] if a != 0) == 1
    ]


def suppress(table: Table, k: int | None = None) -> Table:
    """Apply the rule to ``table`` (in place) and return it."""
    k = k or min_cell()
    _primary(table, k)
    _pairs(table)
    while table.hidden:
        exposed = determined(table)
        if not exposed:
            break
        cell = exposed[0]
        near = [
            c
            for cells, total in table.lines()
            if cell in [*cells, total]
            for c in [*cells, total]
        ]
        extra = _smallest_shown(table, near) or _smallest_shown(
            table, table.all_cells()
        )
        if extra is None:
            break
        table.hidden.add(extra)
        _pairs(table)
    return table
