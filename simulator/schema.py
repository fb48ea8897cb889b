"""JSON Schema (draft 2020-12) of scenarios and rulebooks, for editors' YAML language servers.

Both schemas are generated from the same declarations the validators use
(``simulator.scenario.keys.SCENARIO`` and ``simulator.scoring.rulebook_spec.RULEBOOK_SPEC``),
so an editor and ``casework validate`` agree on shape. References between parts of a file
(a ``goto`` naming a beat that exists) and the graph checks are beyond JSON Schema: the
validator does those.
"""

from __future__ import annotations

from typing import Any

from simulator.errors import CaseworkError

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://casework-simulator.invalid/schema/"
KINDS: tuple[str, ...] = ("scenario", "rulebook")


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    from simulator.scenario.conditions import condition_schema
    from simulator.scenario.keys import SCENARIO

    body = SCENARIO.json_schema()
    return {
        "$schema": DRAFT,
        "$id": BASE_ID + "scenario.json",
        "title": "Casework Simulator scenario",
        **body,
        "$defs": {"condition": condition_schema()},
    }


def rulebook_schema() -> dict[str, Any]:
    """The JSON Schema of a rulebook file.

    Raises:
        CaseworkError: if the rulebook declaration is not part of this installation.
    """
    try:
        from simulator.scoring.rulebook_spec import RULEBOOK_SPEC
    except ImportError as exc:  # pragma: no cover - the scoring package ships it
        raise CaseworkError("casework schema: the rulebook format is not available") from exc
    return {
        "$schema": DRAFT,
        "$id": BASE_ID + "rulebook.json",
        "title": "Casework Simulator rulebook",
        **RULEBOOK_SPEC.json_schema(),
    }


def schema(kind: str) -> dict[str, Any]:
    """The schema of ``kind`` (``scenario`` or ``rulebook``)."""
    if kind == "scenario":
        return scenario_schema()
    if kind == "rulebook":
        return rulebook_schema()
    raise CaseworkError(f"casework schema: unknown kind '{kind}' (scenario or rulebook)")
