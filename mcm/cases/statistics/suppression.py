"""Small-cell suppression: no published table lets anyone work out a count from 1 to 4.

The method, for a table of counts with rows, columns and their totals:

- **Zero is shown.** A zero says that nobody is in a cell; it singles no one out, most cells of a
  municipality's tables are zero, and a hidden zero in a line with a published total could be
  worked out anyway. Counts from 1 to 4 (cells and totals alike) are published as "<5".
- **Complementary suppression, checked exactly.** Think of the table with its totals as one
  grid in which every row and every column adds up. What a reader knows is: every published
  figure, that a "<5" is between 1 and 4, that a withheld figure (shown as a multiplication
  sign) is 5 or more, plus any bound the caller declares (``caps``: a cell cannot exceed the
  number of cases; ``floors``: the categories of a line cover at least that many cases).
  Those are the constraints of a flow problem on the bipartite graph of lines (rows and
  columns) whose edges are the unpublished figures; the true table is one solution. A small
  figure can be worked out exactly when no other solution changes it, that is when its edge
  lies on no cycle of the residual graph — checked by a breadth-first search. While some
  small figure can be worked out, the cheapest further figure (an inner cell before a total,
  the smallest first; or, failing a single one, the cheapest three closing a rectangle) is
  withheld. The matrix of such problems is totally unimodular, so the check is exact for
  whole-number tables: a small figure that passes has at least two possible values.
- **Totals shared with other tables** (the number of cases of a region, which its age bands,
  risk levels and quarters all add up to or are bounded by) are named in ``keep``: never
  withheld, so that every table is protected on its own, given figures all tables publish.
- If no choice protects a small figure (only tiny, contrived tables), the whole table is
  withheld.

The reader modelled knows the published tables and the meaning of the marks, not the order in
which the method chooses what to withhold; that order favours withholding small inner cells.
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

THRESHOLD = 5
INFINITY = float("inf")

Position = tuple[int, int]  # in the grid with totals: (i, columns) is row i's total, and so on
_Line = tuple[str, int]  # ("r", i) or ("c", j)
_Arcs = dict[_Line, list[tuple[_Line, Position]]]


class State(enum.StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 1 to 4, published as "<5"
    HIDDEN = "hidden"  # 5 or more, withheld so that a small figure cannot be worked out
    ABSENT = "absent"  # a total the table does not publish (its categories overlap)
    WITHHELD = "withheld"  # the whole table is withheld


@dataclass(frozen=True)
class Count:
    """One published figure: its value only when it is shown."""

    state: State
    value: int | None = None

    @property
    def shown(self) -> bool:
        return self.state is State.SHOWN


@dataclass(frozen=True)
class Table:
    """A table as it may be published: cells[i][j], row totals, column totals, grand total."""

    cells: tuple[tuple[Count, ...], ...]
    row_totals: tuple[Count, ...]
    column_totals: tuple[Count, ...]
    total: Count
    withheld: bool = False

    def at(self, position: Position) -> Count:
        """A figure by its place in the grid with totals."""
        i, j = position
        rows, columns = len(self.cells), len(self.column_totals)
        if i == rows and j == columns:
            return self.total
        if i == rows:
            return self.column_totals[j]
        if j == columns:
            return self.row_totals[i]
        return self.cells[i][j]


class _Grid:
    """The table with its totals, what a reader knows of each figure, and the exactness check."""

    def __init__(
        self,
        values: dict[Position, int],
        states: dict[Position, State],
        size: tuple[int, int],
        floors: Mapping[Position, int],
        caps: Mapping[Position, int],
        threshold: int,
        kept: Iterable[Position] = (),
    ) -> None:
        self.values, self.states = values, states
        self.rows, self.columns = size
        self.floors, self.caps, self.threshold = floors, caps, threshold
        self.kept = frozenset(kept)  # never withheld to protect another figure

    def _bounds(self, position: Position) -> tuple[float, float]:
        """What a reader knows of an unpublished figure: its lowest and highest possible value."""
        state = self.states[position]
        floor, cap = self.floors.get(position, 0), self.caps.get(position, INFINITY)
        if state is State.SMALL:
            return max(1, floor), min(self.threshold - 1, cap)
        if state is State.HIDDEN:
            return max(self.threshold, floor), cap
        return floor, cap

    def _sign(self, position: Position) -> int:
        """Totals of rows and columns count negatively, so that every line adds up to zero."""
        i, j = position
        return -1 if (i == self.rows) != (j == self.columns) else 1

    def _flow(self, position: Position) -> tuple[int, float, float]:
        """The figure as a flow on its edge, with its bounds."""
        low, high = self._bounds(position)
        value = self.values[position]
        return (value, low, high) if self._sign(position) == 1 else (-value, -high, -low)

    def arcs(self) -> _Arcs:
        """The residual graph: from a line to another, each way an unpublished figure can move."""
        arcs: _Arcs = {}
        for position, state in self.states.items():
            if state is State.SHOWN:
                continue
            row, column = ("r", position[0]), ("c", position[1])
            flow, low, high = self._flow(position)
            if flow < high:
                arcs.setdefault(row, []).append((column, position))
            if flow > low:
                arcs.setdefault(column, []).append((row, position))
        return arcs

    def moves(self, position: Position, arcs: _Arcs | None = None) -> tuple[bool, bool]:
        """Whether a reader must allow this unpublished figure one more, and one less."""
        arcs = arcs if arcs is not None else self.arcs()
        row, column = ("r", position[0]), ("c", position[1])
        flow, low, high = self._flow(position)
        more = flow < high and _reaches(arcs, column, row, position)
        less = flow > low and _reaches(arcs, row, column, position)
        return (more, less) if self._sign(position) == 1 else (less, more)

    def exposed(self, position: Position, arcs: _Arcs | None = None) -> bool:
        """Whether a reader can work out this unpublished figure exactly."""
        return not any(self.moves(position, arcs))

    def protects(self, extra: Iterable[Position], target: Position) -> bool:
        """Whether withholding these figures too would protect the target."""
        extra = list(extra)
        for position in extra:
            self.states[position] = State.HIDDEN
        try:
            return not self.exposed(target)
        finally:
            for position in extra:
                self.states[position] = State.SHOWN

    def cost(self, position: Position) -> tuple[int, int, Position]:
        """Inner cells before totals, the grand total last; smaller values first."""
        i, j = position
        rank = (i == self.rows) + (j == self.columns)
        return rank, self.values[position], position


def _reaches(
    arcs: _Arcs,
    start: tuple[str, int],
    goal: tuple[str, int],
    skip: Position,
) -> bool:
    seen, queue = {start}, deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            return True
        for following, position in arcs.get(node, ()):
            if position != skip and following not in seen:
                seen.add(following)
                queue.append(following)
    return False


def _cover(grid: _Grid, target: Position) -> list[Position]:
    """The cheapest figures to withhold so that the target can no longer be worked out."""
    candidates = sorted(
        (
            p
            for p, s in grid.states.items()
            if s is State.SHOWN and grid.values[p] >= grid.threshold and p not in grid.kept
        ),
        key=grid.cost,
    )
    for position in candidates:
        if grid.protects([position], target):
            return [position]
    allowed = set(candidates)
    a, b = target
    rectangles = []
    for i in range(grid.rows + 1):
        for j in range(grid.columns + 1):
            corners = [(a, j), (i, j), (i, b)]
            if i == a or j == b:
                continue
            fresh = [p for p in corners if grid.states[p] is State.SHOWN]
            if all(p in allowed for p in fresh):
                rectangles.append((sorted(grid.cost(p) for p in fresh), fresh))
    for _cost, fresh in sorted(rectangles):
        if fresh and grid.protects(fresh, target):
            return fresh
    in_line = [p for p in candidates if p[0] == a or p[1] == b]
    return in_line or candidates


def suppress(
    cells: Sequence[Sequence[int]],
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    floors: Mapping[Position, int] | None = None,
    caps: Mapping[Position, int] | None = None,
    keep: Iterable[Position] = (),
    threshold: int = THRESHOLD,
) -> Table:
    """The table as it may be published. Totals are the sums of the cells; the grand total is
    published when both row and column totals are. ``keep`` names figures never withheld to
    protect another (totals other tables publish too); ``floors`` and ``caps`` are bounds that
    readers know anyway."""
    values, rows, columns = _with_totals(cells)
    published = {(i, j) for i in range(rows) for j in range(columns)}
    if row_totals:
        published |= {(i, columns) for i in range(rows)}
    if column_totals:
        published |= {(rows, j) for j in range(columns)}
    if row_totals and column_totals:
        published.add((rows, columns))
    states: dict[Position, State] = {}
    for position, value in values.items():
        if position not in published:
            states[position] = State.ABSENT
        elif 0 < value < threshold:
            states[position] = State.SMALL
        else:
            states[position] = State.SHOWN
    grid = _Grid(values, states, (rows, columns), floors or {}, caps or {}, threshold, keep)
    while True:
        arcs = grid.arcs()
        exposed = [
            p for p, s in sorted(states.items()) if s is State.SMALL and grid.exposed(p, arcs)
        ]
        if not exposed:
            return _table(values, states, rows, columns)
        more = _cover(grid, exposed[0])
        if not more:
            return withheld_table(rows, columns)
        for position in more:
            states[position] = State.HIDDEN


def _with_totals(cells: Sequence[Sequence[int]]) -> tuple[dict[Position, int], int, int]:
    """Every figure of the grid with totals, and the numbers of rows and columns."""
    rows = len(cells)
    columns = len(cells[0]) if rows else 0
    if any(len(row) != columns for row in cells) or any(v < 0 for row in cells for v in row):
        raise ValueError("a table of non-negative counts with rows of equal length is expected")
    values: dict[Position, int] = {}
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            values[i, j] = int(value)
        values[i, columns] = sum(row)
    for j in range(columns):
        values[rows, j] = sum(cells[i][j] for i in range(rows))
    values[rows, columns] = sum(values[i, columns] for i in range(rows))
    return values, rows, columns


def _count(value: int, state: State) -> Count:
    return Count(state, value if state is State.SHOWN else None)


def _table(
    values: dict[Position, int], states: dict[Position, State], rows: int, columns: int
) -> Table:
    def at(position: Position) -> Count:
        return _count(values[position], states[position])

    return Table(
        cells=tuple(tuple(at((i, j)) for j in range(columns)) for i in range(rows)),
        row_totals=tuple(at((i, columns)) for i in range(rows)),
        column_totals=tuple(at((rows, j)) for j in range(columns)),
        total=at((rows, columns)),
    )


def withheld_table(rows: int, columns: int) -> Table:
    """A table of which nothing is published."""
    nothing = Count(State.WITHHELD)
    return Table(
        cells=tuple((nothing,) * columns for _ in range(rows)),
        row_totals=(nothing,) * rows,
        column_totals=(nothing,) * columns,
        total=nothing,
        withheld=True,
    )
