"""Pure Python + NumPy solvers. Typed dataclasses in and out; no Django imports (STYLE.md §1)."""

from lederspor.optimize.mdgp import (
    GroupingProblem,
    GroupingResult,
    InfeasibleGrouping,
    check_feasible,
    check_solvable,
    objective,
    solve_grouping,
)

__all__ = [
    "GroupingProblem",
    "GroupingResult",
    "InfeasibleGrouping",
    "check_feasible",
    "check_solvable",
    "objective",
    "solve_grouping",
]
