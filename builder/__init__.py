"""A static research-site generator for Arabic news corpora.

The stages are packages: ``ingestion`` (raw files and record exports → content/articles), ``extract``
(Arabic matching, dates, discovery), ``site`` (content → the cross-linked model and its routes),
``render`` (templates, charts, feeds, the dataset), ``search`` (the Pagefind index in pieces) and
``pipeline`` (the build that runs them, its cache and workers); ``cli``, ``serve``, ``check`` and
``scaffold`` are the commands.

What a Python caller may use is listed in ``__all__``: everything else is internal and may change.
The names load on first use, so importing one part of the package does not import the rest.
"""

import importlib as _importlib

__version__ = "0.1.0"

_PUBLIC = {
    "build": "builder.pipeline.orchestrator",
    "BuildReport": "builder.pipeline.report",
    "SiteConfig": "builder.config",
    "load_config": "builder.config",
    "SiteError": "builder.errors",
    "ingest": "builder.ingestion.command",
    "new_site": "builder.scaffold",
    "check_site": "builder.check",
}

__all__ = ["__version__", *sorted(_PUBLIC)]


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        value = getattr(_importlib.import_module(_PUBLIC[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'builder' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
