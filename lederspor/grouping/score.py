"""The diversity score of a grouping and the "why it is diverse" texts (issue #4 §2).

Score: the sum of Gower dissimilarities over pairs inside groups (the solver's objective without
the rotation penalty). Baseline: the exact expected score of a uniformly random grouping with the
same group sizes. A pair (i, j) shares a group with probability Σ_g C(s_g, 2) / C(n, 2), so by
linearity of expectation E = Σ_g C(s_g, 2) × mean_{i<j} d_ij.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lederspor.optimize.dissimilarity import Mode


def grouping_score(
    distances: np.ndarray, groups: Sequence[int] | np.ndarray
) -> tuple[float, float]:
    """(objective, random baseline) of the assignment `groups` (group index per person).

    `distances` is the (n, n) symmetric dissimilarity matrix with a zero diagonal.
    """
    d = np.asarray(distances, dtype=float)
    g = np.asarray(groups)
    n = len(g)
    if n < 2:
        return 0.0, 0.0
    same = g[:, None] == g[None, :]
    np.fill_diagonal(same, False)
    objective = 0.5 * float(d[same].sum())
    off_diagonal_mean = (float(d.sum()) - float(np.trace(d))) / (n * (n - 1))
    sizes = np.unique(g, return_counts=True)[1]
    pairs_inside = float((sizes * (sizes - 1) / 2).sum())
    return objective, pairs_inside * off_diagonal_mean


def improvement_pct(objective: float | None, baseline: float | None) -> float | None:
    """(objective / baseline − 1) × 100, or None when there is no baseline."""
    if objective is None or not baseline:
        return None
    return (objective / baseline - 1.0) * 100.0


def value_mix(values: Sequence[object], *, numeric: bool) -> str:
    """One criterion's mix in a group as short Danish text: "Pædagog 2, Lærer 1" or "3–25"."""
    known = [v for v in values if v is not None and v != ""]
    unknown = len(values) - len(known)
    if numeric:
        text = f"{min(known)}–{max(known)}" if known else "–"  # type: ignore[type-var]
    else:
        counts = Counter(known)
        text = ", ".join(
            f"{v} {c}" for v, c in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        )
    if unknown:
        extra = _("Uoplyst %(count)s") % {"count": unknown}
        text = f"{text}, {extra}" if text and text != "–" else extra
    return text


def _distinct(values: Sequence[object]) -> int:
    return len({v for v in values if v is not None and v != ""})


def _varies(values: Sequence[object]) -> bool:
    """True when the known values differ; a criterion where every member has the same value, or
    nobody has one, says nothing about why the group is diverse."""
    return _distinct(values) >= 2


def _span(values: Sequence[object]) -> tuple[object, object] | None:
    known = [v for v in values if v is not None]
    return (min(known), max(known)) if known else None  # type: ignore[type-var]


def _count_phrase(key: str, count: int) -> str:
    """E.g. "4 forvaltninger": each phrase is written out in its own ngettext call, so that
    makemessages finds it (it reads only literal strings)."""
    if key == "department":
        text = ngettext("%(count)s forvaltning", "%(count)s forvaltninger", count)
    elif key == "workplace":
        text = ngettext("%(count)s arbejdsplads", "%(count)s arbejdspladser", count)
    elif key == "profession":
        text = ngettext("%(count)s faggruppe", "%(count)s faggrupper", count)
    else:
        text = ngettext("%(count)s JTI-type", "%(count)s JTI-typer", count)
    return text % {"count": count}


def why_diverse(columns: Mapping[str, Sequence[object]], modes: Mapping[str, str]) -> list[str]:
    """Short phrases (in the active language) on a group's mix for the criteria in use, e.g.
    ["4 forvaltninger", "aldersspænd 31–58 år"]. `columns` holds the members' values per key
    (and "_age" with ages in years). Criteria without variation in the group or without data are
    left out."""
    used = {
        k
        for k, mode in modes.items()
        if mode != Mode.IGNORE and _varies(columns.get("_age" if k == "age_band" else k, []))
    }
    phrases: list[str] = []
    for key in ("department", "workplace", "profession"):
        if key in used:
            phrases.append(_count_phrase(key, _distinct(columns[key])))
    if "gender" in used:
        counts = Counter(columns["gender"])
        women, men = counts.get(str(_("Kvinde")), 0), counts.get(str(_("Mand")), 0)
        phrases.append(_("kvinder: %(women)s, mænd: %(men)s") % {"women": women, "men": men})
    if "age_band" in used and (span := _span(columns["_age"])):
        phrases.append(_("aldersspænd %(low)s–%(high)s år") % {"low": span[0], "high": span[1]})
    if "seniority" in used and (span := _span(columns["seniority"])):
        phrases.append(_("anciennitet %(low)s–%(high)s år") % {"low": span[0], "high": span[1]})
    if "leader_experience" in used:
        leaders = sum(1 for v in columns["leader_experience"] if v == str(_("Ja")))
        phrases.append(_("%(count)s med ledererfaring") % {"count": leaders})
    if "jti" in used and (k := _distinct(columns["jti"])) >= 2:
        phrases.append(_count_phrase("jti", k))
    return phrases
