"""Which typed numbers are articles: the best increasing run of numbers, sections numbered anew, and
runs the numbering goes on from across a gap left by deleted articles.

``items`` are (position, number, weight) for the top-level numbered heading candidates, in
document order; the weight says how much a candidate looks like a heading (styled, bold,
"Article", titled, followed by a body).

Each step is linear in the number of candidates: a step of a run goes up by at most
``MAX_JUMP``, so the best run ending at a candidate is found among a few numbers, not all
earlier candidates; and sections numbered anew are looked for ``MAX_SECTIONS`` deep at most
(a file of 60 000 numbered lines must not take minutes, nor exhaust the recursion limit).
"""

from __future__ import annotations

MAX_JUMP = 3  # a deleted article may leave a gap in typed numbers; a list restarts lower
_GAP_PENALTY = 1.0
_SKIP_PENALTY = 0.5
_STRONG_WEIGHT = 3.0  # a styled, bold or "Article" heading weighs at least this much
MAX_SECTIONS = 20  # parts numbered anew one after the other: general, particular terms, annexes…
# A run the main one goes on from across a wide gap holds at least this many items and a quarter of the
# main run's: a preamble's list of the contract documents (1 to 5) is no part of the articles.
_MIN_NUMBERED_ON = 6


def _best_run(items: list[tuple[int, int, float]]) -> list[int]:
    """Indexes in ``items`` of the increasing run of numbers with the highest total weight.

    ``items`` are (position, number, weight). A step may skip a few numbers at a cost;
    starting far from 1 costs too, so a lone "12." in the preamble is not an article.
    Stepping over strong headings costs as well: "Conditions particulières" numbered
    from 1 again after "Conditions générales" 1 to 10 is a section of its own, not the
    continuation 11, 12… of the first one.
    """
    strong_before = [0]
    for _, _, weight in items:
        strong_before.append(strong_before[-1] + (weight >= _STRONG_WEIGHT))
    best: list[float] = []
    back: list[int | None] = []
    # For each number, the best earlier candidate to step from: the highest score plus the
    # skip penalty already counted up to it, the earliest on a tie. All values are multiples
    # of 0.5, exact in floating point, so this choice is the one a scan of every pair makes.
    ending: dict[int, tuple[float, int]] = {}
    for j, (_, key, weight) in enumerate(items):
        score, link = weight - 0.5 * min(max(key - 1, 0), 8), None
        step: tuple[float, int] | None = None
        for previous in range(key - MAX_JUMP, key):
            if previous in ending:
                partial, i = ending[previous]
                candidate = partial - _GAP_PENALTY * (key - previous - 1)
                if step is None or candidate > step[0] or (candidate == step[0] and i < step[1]):
                    step = (candidate, i)
        if step is not None and step[0] + weight - _SKIP_PENALTY * strong_before[j] > score:
            score, link = step[0] + weight - _SKIP_PENALTY * strong_before[j], step[1]
        best.append(score)
        back.append(link)
        partial = score + _SKIP_PENALTY * strong_before[j + 1]
        if key not in ending or partial > ending[key][0]:
            ending[key] = (partial, j)
    if not best or max(best) <= 0:
        return []
    chosen: list[int] = []
    at: int | None = best.index(max(best))
    while at is not None:
        chosen.append(at)
        at = back[at]
    return sorted(chosen)


def runs(items: list[tuple[int, int, float]], depth: int = 0) -> set[int]:
    """Positions of the main run of numbers, and of sections numbered anew before or after it.

    A section numbered anew must start at 1 and hold at least two headings as strong as
    the main run's, so a numbered list in the preamble or at the end stays a list. Failing
    that, a long run the main one goes on from (or into) across a wide gap is kept too.
    """
    main = _best_run(items)
    if not main:
        return set()
    chosen = {items[k][0] for k in main}
    floor = min(items[k][2] for k in main)
    first, last = items[main[0]][1], items[main[-1]][1]
    for part, below, above in ((items[: main[0]], 0, first), (items[main[-1] + 1 :], last, None)):
        section = [item for item in part if item[2] >= max(floor, _STRONG_WEIGHT)]
        run = runs(section, depth + 1) if len(section) >= 2 and depth < MAX_SECTIONS else set()
        if run and len(run) >= 2 and min(section[k][1] for k in range(len(section)) if section[k][0] in run) == 1:
            chosen |= run
        else:
            chosen |= _numbered_on(part, floor, below, above, least=max(_MIN_NUMBERED_ON, len(main) // 4))
    return chosen


def _numbered_on(
    part: list[tuple[int, int, float]], floor: float, below: int, above: int | None, least: int
) -> set[int]:
    """Positions of a run in ``part`` that the main run's numbering goes on from, or into, across a gap
    wider than ``MAX_JUMP``: paragraphs 1 to 23, then 35 to 94, where articles were deleted and the
    numbers kept. Its headings look like the main run's (``floor``), it holds ``least`` items at least, and
    before the main run it starts at 1.
    """
    kept = [item for item in part if item[2] >= floor and item[1] > below and (above is None or item[1] < above)]
    run = _best_run(kept)
    if len(run) < least or (above is not None and kept[run[0]][1] != 1):
        return set()
    return {kept[k][0] for k in run}
