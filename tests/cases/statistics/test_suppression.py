"""Small-cell suppression: no count under 5 can be worked out from a published table.

The proof is independent of the method: for every figure published as "<5", a search over all
whole-number tables that agree with everything a reader sees finds one where that figure has
another value. Random tables (fixed seeds, so a failure can be replayed) cover the shapes the
statistics publish: one row with its total, regions by categories with every total, and
overlapping categories whose totals are not published."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

import pytest

from mcm.cases.statistics.suppression import Count, Position, State, Table, suppress

# -- an independent reader: every table consistent with what is published -------------------------


def _range(table: Table, position: Position, floors: Mapping, caps: Mapping, bound: int) -> range:
    """The values a reader allows for a figure, cut at `bound` to keep the search finite."""
    count = table.at(position)
    cap = min(caps.get(position, bound), bound)
    if count.state is State.SHOWN:
        return range(count.value, count.value + 1)
    if count.state is State.SMALL:
        return range(1, min(4, cap) + 1)
    if count.state is State.HIDDEN:
        return range(5, cap + 1)
    return range(floors.get(position, 0), cap + 1)


def another_value_possible(
    cells: Sequence[Sequence[int]],
    table: Table,
    target: Position,
    floors: Mapping = {},
    caps: Mapping = {},
) -> bool:
    """Whether some table a reader cannot tell apart from the true one gives `target` another
    value: a depth-first search over the unknown inner cells, totals checked as they close."""
    rows, columns = len(cells), len(cells[0])
    bound = sum(map(sum, cells)) + 12
    truth = {(i, j): cells[i][j] for i in range(rows) for j in range(columns)}
    truth |= {(i, columns): sum(cells[i]) for i in range(rows)}
    truth |= {(rows, j): sum(cells[i][j] for i in range(rows)) for j in range(columns)}
    truth[rows, columns] = sum(map(sum, cells))
    allowed = {p: _range(table, p, floors, caps, bound) for p in truth}
    inner = [(i, j) for i in range(rows) for j in range(columns)]
    chosen: dict[Position, int] = {}

    def fits(position: Position, value: int, closed: bool) -> bool:
        span = allowed[position]
        return span.start <= value < span.stop if closed else value < span.stop

    def search(k: int) -> bool:
        if k == len(inner):
            grand = sum(chosen.values())
            if not fits((rows, columns), grand, True):
                return False
            for j in range(columns):
                if not fits((rows, j), sum(chosen[i, j] for i in range(rows)), True):
                    return False
            values = dict(chosen)
            values |= {(i, columns): sum(chosen[i, j] for j in range(columns)) for i in range(rows)}
            values |= {(rows, j): sum(chosen[i, j] for i in range(rows)) for j in range(columns)}
            values[rows, columns] = grand
            return values[target] != truth[target]
        position = inner[k]
        i, j = position
        options = sorted(allowed[position], key=lambda v: (v != truth[position], v))
        for value in options:
            chosen[position] = value
            row_sum = sum(chosen.get((i, jj), 0) for jj in range(columns))
            column_sum = sum(chosen.get((ii, j), 0) for ii in range(rows))
            ok = fits((i, columns), row_sum, j == columns - 1) and fits(
                (rows, j), column_sum, False
            )
            if ok and search(k + 1):
                del chosen[position]
                return True
        chosen.pop(position, None)
        return False

    return search(0)


def assert_protected(cells, table: Table, floors: Mapping = {}, caps: Mapping = {}) -> None:
    """Every figure published as "<5" could have another value."""
    rows, columns = len(cells), len(cells[0])
    if table.withheld:
        return
    for i in range(rows + 1):
        for j in range(columns + 1):
            if table.at((i, j)).state is State.SMALL:
                assert another_value_possible(cells, table, (i, j), floors, caps), (
                    cells,
                    (i, j),
                    _picture(table, rows, columns),
                )


def assert_no_line_with_one_unknown(table: Table, rows: int, columns: int) -> None:
    """The simple rule a reader checks first: no row or column (totals included) leaves a "<5"
    as its only unpublished figure, which would be its total minus the others."""
    unknown = {State.SMALL, State.HIDDEN, State.ABSENT}
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(columns + 1)]
    for line in lines:
        states = [table.at(p).state for p in line]
        assert states.count(State.SMALL) != 1 or sum(s in unknown for s in states) > 1, _picture(
            table, rows, columns
        )


def _picture(table: Table, rows: int, columns: int) -> list[list[str]]:
    marks = {State.SMALL: "<5", State.HIDDEN: "x", State.ABSENT: ".", State.WITHHELD: "-"}
    return [
        [
            str(table.at((i, j)).value) if table.at((i, j)).shown else marks[table.at((i, j)).state]
            for j in range(columns + 1)
        ]
        for i in range(rows + 1)
    ]


def _random_cells(rng: random.Random, rows: int, columns: int) -> list[list[int]]:
    """Counts as statistics have them: many zeros and small numbers, some larger."""
    pick = [0, 0, 1, 1, 2, 3, 4, 5, 5, 6, 7, 9, 12, 20]
    return [[rng.choice(pick) for _ in range(columns)] for _ in range(rows)]


def _row(*marks: int | str, total: int) -> Table:
    """A one-row table as a naive method would publish it: ints shown, "<5" and "x" hidden."""
    states = {"<5": State.SMALL, "x": State.HIDDEN}
    cells = tuple(Count(State.SHOWN, m) if isinstance(m, int) else Count(states[m]) for m in marks)
    absent = Count(State.ABSENT)
    return Table((cells,), (Count(State.SHOWN, total),), (absent,) * len(marks), absent)


def test_the_reader_finds_what_a_naive_method_leaves_open() -> None:
    """The search is no formality: it works out a lone "<5", a 1 hidden beside a 5, and two 1s."""
    assert not another_value_possible([[3, 8, 9]], _row("<5", 8, 9, total=20), (0, 0))
    assert not another_value_possible([[1, 5, 9]], _row("<5", "x", 9, total=15), (0, 0))
    assert not another_value_possible([[1, 1, 9]], _row("<5", "<5", 9, total=11), (0, 1))
    assert another_value_possible([[2, 1, 9]], _row("<5", "<5", 9, total=12), (0, 1))


# -- what a reader sees ----------------------------------------------------------------------------


def test_counts_from_one_to_four_are_small_and_zero_is_shown() -> None:
    table = suppress([[0, 3, 8, 9]], column_totals=False)
    states = [c.state for c in table.cells[0]]
    assert states[0] is State.SHOWN and table.cells[0][0].value == 0
    assert states[1] is State.SMALL and table.cells[0][1].value is None
    assert table.row_totals[0].value == 20


def test_a_lone_small_cell_takes_a_partner_that_keeps_it_uncertain() -> None:
    # 1 + 5 = 6 would give both away (a "<5" is at least 1, a withheld figure at least 5), so
    # the 10 is withheld instead: 1 to 4 and 10 to 7 remain possible.
    cells = [[1, 5, 10]]
    table = suppress(cells, column_totals=False)
    assert [c.state for c in table.cells[0]] == [State.SMALL, State.SHOWN, State.HIDDEN]
    assert table.row_totals[0].value == 16
    assert_protected(cells, table)


def test_two_ones_alone_would_give_each_other_away() -> None:
    cells = [[1, 1, 10, 7]]
    table = suppress(cells, column_totals=False)
    assert [c.state for c in table.cells[0]] == [
        State.SMALL,
        State.SMALL,
        State.SHOWN,
        State.HIDDEN,
    ]
    assert_protected(cells, table)


def test_when_nothing_else_protects_it_the_total_is_withheld() -> None:
    cells = [[1, 5]]
    table = suppress(cells, column_totals=False)
    assert table.row_totals[0].state is State.HIDDEN
    assert_protected(cells, table)


def test_small_totals_are_small_too() -> None:
    table = suppress([[1, 0, 2], [9, 8, 7]])
    assert table.row_totals[0].state is State.SMALL
    assert table.total.value is not None or table.total.state is State.HIDDEN


def test_two_way_table_withholds_a_rectangle() -> None:
    cells = [[3, 9, 12], [8, 10, 11], [7, 6, 14]]
    table = suppress(cells)
    assert table.cells[0][0].state is State.SMALL
    hidden = [(i, j) for i in range(3) for j in range(3) if table.cells[i][j].state is State.HIDDEN]
    assert len(hidden) == 3  # the cheapest rectangle through the 3
    assert table.total.value == 80 and all(c.shown for c in table.row_totals)
    assert_protected(cells, table)


def test_overlapping_categories_publish_no_total_but_their_floor_counts() -> None:
    # 20 cases, each with at least one form: physical 16, one other form 4. A reader knows the
    # forms cover at least 20 cases, so a lone "<5" would be at least 4: it takes a partner.
    cells = [[16, 4, 0]]
    floors = {(0, 3): 20}
    caps = {(0, j): 20 for j in range(3)}
    table = suppress(cells, row_totals=False, column_totals=False, floors=floors, caps=caps)
    assert table.cells[0][1].state is State.SMALL
    assert table.cells[0][0].state is State.HIDDEN
    assert_protected(cells, table, floors, caps)


def test_a_table_nothing_can_protect_is_withheld() -> None:
    # A reader who knows each of the 4 cases has exactly one form would know the 4.
    cells = [[4]]
    table = suppress(cells, row_totals=False, column_totals=False, floors={(0, 1): 4})
    assert table.withheld
    assert all(c.value is None for c in (table.cells[0][0], table.total))


def test_kept_totals_are_never_withheld_and_the_table_goes_instead() -> None:
    # Other tables publish the 6: nothing in this row can protect the 1 without it.
    table = suppress([[1, 5]], column_totals=False, keep=[(0, 2)])
    assert table.withheld
    protected = suppress([[1, 5, 9]], column_totals=False, keep=[(0, 3)])
    assert protected.row_totals[0].value == 15
    assert [c.state for c in protected.cells[0]] == [State.SMALL, State.SHOWN, State.HIDDEN]


def test_kept_totals_in_two_way_tables() -> None:
    rng = random.Random(11)
    for _ in range(40):
        cells = _random_cells(rng, rng.randint(1, 3), rng.randint(2, 3))
        rows, columns = len(cells), len(cells[0])
        keep = [(i, columns) for i in range(rows)] + [(rows, columns)]
        table = suppress(cells, keep=keep)
        if not table.withheld:
            assert all(c.state is not State.HIDDEN for c in table.row_totals)
            assert table.total.state is not State.HIDDEN
        assert_protected(cells, table)


def test_refuses_ragged_or_negative_tables() -> None:
    with pytest.raises(ValueError):
        suppress([[1, 2], [3]])
    with pytest.raises(ValueError):
        suppress([[-1]])


# -- random tables: every small figure keeps at least two possible values --------------------------


@pytest.mark.parametrize("seed", range(6))
def test_random_single_rows_leak_nothing(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        cells = _random_cells(rng, 1, rng.randint(1, 6))
        table = suppress(cells, column_totals=False)
        assert_no_line_with_one_unknown(table, 1, len(cells[0]))
        assert_protected(cells, table)


@pytest.mark.parametrize("seed", range(6))
def test_random_two_way_tables_leak_nothing(seed: int) -> None:
    rng = random.Random(100 + seed)
    for _ in range(40):
        cells = _random_cells(rng, rng.randint(1, 3), rng.randint(1, 3))
        table = suppress(cells)
        assert_no_line_with_one_unknown(table, len(cells), len(cells[0]))
        assert_protected(cells, table)


@pytest.mark.parametrize("seed", range(4))
def test_random_overlapping_categories_leak_nothing(seed: int) -> None:
    rng = random.Random(200 + seed)
    for _ in range(40):
        rows, columns = rng.randint(1, 3), rng.randint(1, 3)
        cells = _random_cells(rng, rows, columns)
        # Each row is a region of n cases; every case has at least one category.
        cases = [max([*row, 1]) + rng.choice([0, 0, 1, 3]) for row in cells]
        cases = [min(n, sum(row)) if sum(row) else 0 for n, row in zip(cases, cells, strict=True)]
        floors = {(i, columns): n for i, n in enumerate(cases) if n >= 5}
        caps = {(i, j): n for i, n in enumerate(cases) if n >= 5 for j in range(columns)}
        table = suppress(cells, row_totals=False, floors=floors, caps=caps)
        assert_protected(cells, table, floors, caps)


def test_every_figure_of_a_published_table_is_either_exact_or_marked() -> None:
    rng = random.Random(7)
    for _ in range(50):
        cells = _random_cells(rng, 3, 4)
        table = suppress(cells)
        for i in range(4):
            for j in range(5):
                count = table.at((i, j))
                if count.shown:
                    assert count.value is not None and not 0 < count.value < 5
                else:
                    assert count.value is None
