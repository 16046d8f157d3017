"""The package's public surface: what ``__all__`` names is there and is what it says; nothing else
is exported by accident (httpx's tests/test_exported_members.py)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import builder


def test_every_public_name_is_there():
    for name in builder.__all__:
        assert getattr(builder, name) is not None, name


def test_the_public_names_are_the_functions_and_types_a_caller_needs():
    assert callable(builder.build) and inspect.isfunction(builder.build)
    assert callable(builder.ingest) and inspect.isfunction(builder.ingest)
    assert inspect.isclass(builder.SiteError) and issubclass(builder.SiteError, Exception)
    assert inspect.isclass(builder.SiteConfig) and inspect.isclass(builder.BuildReport)
    assert builder.build.__module__ == "builder.pipeline.orchestrator"


def test_nothing_else_is_exported():
    """Every public attribute is in __all__ or is one of the package's own modules (set by importing it)."""
    public = {name for name, value in vars(builder).items() if not name.startswith("_")}
    modules = {name for name in public if inspect.ismodule(getattr(builder, name))
               and getattr(builder, name).__name__ == f"builder.{name}"}
    assert public - set(builder.__all__) - modules == set()
    assert sorted(dir(builder)) == dir(builder) and set(builder.__all__) <= set(dir(builder))


def test_an_unknown_name_is_an_attribute_error():
    try:
        builder.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("builder.no_such_name did not raise")


def test_importing_the_config_does_not_import_the_pipeline():
    """The names load lazily: a command that only reads site.toml stays fast."""
    code = "import sys, builder.config; print(any(m.startswith('builder.pipeline') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
