"""What a click on a chart means: drill-down from a bar or a cell to the filter it stands for.

Each clickable point of a figure carries, as the first item of its Plotly ``customdata``, a
reference in the URL's own words (``pillar=5``, ``agency=03000000&pillar=5``). A selection event
comes back from the browser, so it is input like any other: :func:`drill` turns it into filter
values only by looking each one up among the known filter options, and returns those options,
never the text it was sent. A point with anything unknown in it is dropped whole: a heat-map
cell of an agency nobody knows must not narrow the view to its pillar alone.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from urllib.parse import parse_qsl, urlencode

# Group columns of the figures → the sidebar filter (URL parameter) that a click on them sets.
PARAMS: dict[str, str] = {
    "plan_pillar": "pillar",
    "eval_dimension": "eval",
    "plan_dimension_code": "dim",
    "agency_code": "agency",
}
MAX_POINTS = 100  # a click selects one point, shift-click a few; a longer list is not a person's
MAX_REF = 200  # characters: an agency code and a pillar need 30


def point_ref(groups: Mapping[str, Hashable], missing: Hashable = None) -> str:
    """The reference a point carries, from its group columns; ``""`` (no drill-down) when a group
    is ``missing``, as for the ``—`` bar of indicators without a pillar.

    >>> point_ref({"agency_code": "03000000", "plan_pillar": 5})
    'agency=03000000&pillar=5'
    >>> point_ref({"plan_pillar": "—"}, missing="—")
    ''
    """
    pairs = []
    for column, value in groups.items():
        if value is None or value == missing or column not in PARAMS:
            return ""
        pairs.append((PARAMS[column], str(value)))
    return urlencode(pairs)


def _refs(event: object) -> list[str]:
    """The references of the selected points; anything not shaped like a selection is skipped."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points") if isinstance(selection, Mapping) else None
    if not isinstance(points, Sequence) or isinstance(points, str):
        return []
    refs = []
    for point in points[:MAX_POINTS]:
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, Sequence) and not isinstance(custom, str) and custom:
            custom = custom[0]
        if isinstance(custom, str) and 0 < len(custom) <= MAX_REF:
            refs.append(custom)
    return refs


def _point(ref: str, known: Mapping[str, Mapping[str, Hashable]]) -> list[tuple[str, Hashable]] | None:
    """One reference as (parameter, known option) pairs, or None when any part is unknown."""
    try:
        pairs = parse_qsl(ref, strict_parsing=True, max_num_fields=len(PARAMS))
    except ValueError:
        return None
    found = []
    for param, raw in pairs:
        offered = known.get(param, {})
        if raw not in offered:
            return None
        found.append((param, offered[raw]))
    return found or None


def drill(event: object, options: Mapping[str, Sequence[Hashable]]) -> dict[str, tuple[Hashable, ...]]:
    """The filters a selection event sets: URL parameter → values, each one of ``options[param]``.

    ``options`` are the sidebar's (``{"pillar": [5, 7], "agency": ["03000000"], …}``). Points
    that agree add up (shift-click on two pillars sets both); an empty result changes nothing.

    >>> click = {"selection": {"points": [{"customdata": ["pillar=5", 100.0]}]}}
    >>> drill(click, {"pillar": [5, 7]})
    {'pillar': (5,)}
    >>> drill({"selection": {"points": [{"customdata": ["pillar=5<b>"]}]}}, {"pillar": [5, 7]})
    {}
    """
    known = {param: {str(o): o for o in options.get(param, ())} for param in PARAMS.values()}
    chosen: dict[str, dict[Hashable, None]] = {}
    for ref in _refs(event):
        for param, option in _point(ref, known) or ():
            chosen.setdefault(param, {})[option] = None
    return {param: tuple(values) for param, values in chosen.items()}
