"""The committed enum stub is what the library's lists generate today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

GENERATOR = Path(__file__).resolve().parents[1] / "generate_stubs.py"


def test_enum_stub_is_current() -> None:
    spec = importlib.util.spec_from_file_location("generate_stubs", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.STUB.read_text() == module.render(), "run: python python/generate_stubs.py"
