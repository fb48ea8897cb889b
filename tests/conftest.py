"""Keep every test away from the developer's own data: the session database, the user
scenario folder and the cache of checked scenarios live in a temporary folder for each test
(subprocesses inherit it)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_user_data(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("CASEWORK_DB", str(home / "casework.db"))
    monkeypatch.delenv("CASEWORK_SCENARIOS", raising=False)
