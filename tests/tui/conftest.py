"""Shared fixtures: a temporary store, the fixture backend, an app factory."""

from __future__ import annotations

import pytest
from tui_doubles import FixtureBackend, fixture_scenario

from simulator.tui.app import CaseworkApp
from simulator.tui.config import AppConfig

SIZE = (100, 30)


@pytest.fixture
def backend(tmp_path):
    b = FixtureBackend(str(tmp_path / "casework.db"))
    yield b
    b.close()


@pytest.fixture
def make_app(backend, tmp_path):
    """Build an app on the fixture backend: no pause, fixed time strings, export to tmp."""

    def make(scenario=None, **config) -> CaseworkApp:
        config.setdefault("no_delay", True)
        config.setdefault("seed", 1)
        return CaseworkApp(
            AppConfig(**config),
            backend,
            scenario=scenario,
            export_dir=tmp_path,
            time_format=lambda stamp: "2026-11-28 09:00",
        )

    return make


@pytest.fixture
def scenario():
    return fixture_scenario()
