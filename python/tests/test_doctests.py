"""The docstrings' examples run (and count: a module without examples fails)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "server_lifecycle",
    "server_lifecycle.nova",
    "server_lifecycle._enums",
    "server_lifecycle._errors",
    "server_lifecycle._observation",
    "server_lifecycle._wait",
]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
