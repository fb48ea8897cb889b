"""What the app was started with, and how the interface language is chosen."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from simulator.vocab import LANGS


@dataclass(frozen=True)
class AppConfig:
    """The command-line choices the app runs with.

    Attributes:
        scenario_spec: A scenario id or path: open its briefing instead of home.
        seed: The seed for the client's variant lines (None: a fresh one per session).
        mode: ``coach`` or ``exam`` (None: coach, switchable on the briefing).
        lang: The interface language from ``--lang`` (None: the scenario's, else the locale).
        db: The session database path (None: the store's default).
        resume: A stored session id to resume straight away.
        no_delay: Show the client's answer without the natural pause (tests, benchmarks).
    """

    scenario_spec: str | None = None
    seed: int | None = None
    mode: str | None = None
    lang: str | None = None
    db: str | None = None
    resume: str | None = None
    no_delay: bool = False


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of the user's locale: ``id`` when LC_ALL (else LANG) starts with "id".

    Args:
        environ: The environment to read (default: ``os.environ``).
    """
    env = os.environ if environ is None else environ
    value = env.get("LC_ALL") or env.get("LANG") or ""
    return "id" if value.lower().startswith("id") else "en"


def ui_lang(
    cli_lang: str | None,
    scenario_lang: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """The interface language: ``--lang``, else the scenario's language, else the locale."""
    if cli_lang in LANGS:
        return str(cli_lang)
    if scenario_lang in LANGS:
        return str(scenario_lang)
    return locale_lang(environ)
