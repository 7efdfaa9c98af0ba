"""Shared fixtures: the model as the library exports it, and the Nova API samples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import pytest

import server_lifecycle as sl

#: The repository's copy of Nova's API samples (tests/data/api-samples/).
SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "data" / "api-samples"


@pytest.fixture(scope="session")
def model() -> Dict[str, Any]:
    return sl.export()


def sample_servers() -> List[Dict[str, Any]]:
    """Every server object in the Nova samples, with the file it came from as `_file`."""
    servers = []
    for path in sorted(SAMPLES.glob("*.json")):
        body = json.loads(path.read_text())
        for server in body.get("servers", []) + ([body["server"]] if "server" in body else []):
            servers.append(dict(server, _file=path.name))
    assert len(servers) >= 10, f"too few samples under {SAMPLES}"
    return servers
