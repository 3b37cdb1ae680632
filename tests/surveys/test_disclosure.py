"""The suppression rule, on any table: no small count is shown, and no
withheld figure can be worked back from the shown ones."""

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from modules.surveys.disclosure import (
    TOTAL,
    Table,
    determined,
    last_completed_week,
    suppress,
)
from tests.surveys.attack import subtraction_attack

K = 10
ROWS = ["en", "fi", "es"]


def published(table):
    """The table as published: every figure, None where withheld."""
    return {
        (row, column): table.shown(row, column)
        for row in [*table.rows, TOTAL]
        for column in [*table.columns, TOTAL]
    }


counts = st.integers(min_value=0, max_value=40)


@st.composite
def tables(draw):
    columns = [f"a{i}" for i in range(draw(st.integers(2, 6)))]
    rows = ROWS[: draw(st.integers(1, 3))]
    cells = {(r, c): draw(counts) for r in rows for c in columns}
    multiple = draw(st.booleans())
    if multiple:
        # Pick-any: a row's total is respondents, at least its largest count.
        totals = {
            r: max(cells[(r, c)] for c in columns) + draw(st.integers(0, 10))
            for r in rows
        }
    else:
        totals = {r: sum(cells[(r, c)] for c in columns) for r in rows}
    return Table(rows, columns, cells, totals, rows_add_up=not multiple)


@settings(max_examples=300, deadline=None)
@given(tables())
def test_no_small_count_is_shown_and_none_can_be_worked_out(table):
    suppress(table, K)
    figures = published(table)
    shown = [value for value in figures.values() if value is not None]
    assert not [value for value in shown if 0 < value < K]
    assert (
        subtraction_attack(
            figures,
            table.rows,
            table.columns,
            total=TOTAL,
            n=TOTAL,
            rows_add_up=table.rows_add_up,
        )
        == {}
    )
    assert determined(table) == []


def test_a_cell_of_3_is_withheld_with_a_complement_in_its_row_and_column():
    cells = {("en", "a"): 3, ("en", "b"): 20, ("fi", "a"): 12, ("fi", "b"): 30}
    table = suppress(Table(["en", "fi"], ["a", "b"], cells, {"en": 23, "fi": 42}), K)
    assert ("en", "a") in table.hidden
    assert ("en", "b") in table.hidden  # the row's complement
    assert ("fi", "a") in table.hidden  # the column's complement
    assert table.shown(TOTAL, TOTAL) == 65


def test_a_language_with_fewer_than_k_answers_shows_nothing_not_even_zeros():
    cells = {("en", "a"): 6, ("en", "b"): 0, ("fi", "a"): 40, ("fi", "b"): 25}
    table = suppress(Table(["en", "fi"], ["a", "b"], cells, {"en": 6, "fi": 65}), K)
    assert table.shown("en", "b") is None
    assert table.shown("en", TOTAL) is None


def test_the_current_week_is_never_counted():
    wednesday = datetime.date(2026, 11, 25)
    assert last_completed_week(wednesday) == datetime.date(2026, 11, 16)
    monday = datetime.date(2026, 11, 23)
    assert last_completed_week(monday) == datetime.date(2026, 11, 16)
