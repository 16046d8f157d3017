"""The build cache: results keyed by the hash of what produced them, in one SQLite file.

Everything here can be thrown away: a missing, stale or unreadable cache only
makes the next build slower. It lives in ``<site>/.cache/build/`` and holds

- ``work``: each article's parsed record, tags, dates and text features, keyed by
  the hash of its file, of the knowledge base it was tagged with (an earlier one while
  the changes since cannot touch it) and of this code's version;
- ``pages``: the fingerprint of every file the last build wrote (output path →
  hash of everything the file was made from), so an unchanged page is carried over
  from the previous output instead of being rendered again;
- ``meta``: the input manifest (every input file's size and modification time), so a
  build with nothing changed stops after one ``stat`` per file; the knowledge base the
  last build tagged with, so a change to it tags again only the articles it can touch; and the
  last build's related lists with the hash of what they were made from, and its co-mention and copy
  counts with the version of each article counted (a rebuild patches them).
"""

from __future__ import annotations

import json
import pickle
import sqlite3
from pathlib import Path
from typing import Any, Iterable

# Bump when a cached record's meaning changes (new fields, other extraction rules).
CACHE_VERSION = "20"  # 20: light tags without their evidence, stored apart per (article, entry); 19: records pickled under their new module paths (builder.site.records…); 18: Entity.context and origin, family and context rules; 17: Article.author; 16: TextFeatures of the opening, with a shingle count; 15: one mention per apposition, Tag.evidence in the light copy; 14: the paragraph link joined by a no-break space; 13: Tag.paragraphs; 12: DateSeen placed in time


# An entry's evidence in an article (the mention its page quotes) is stored under
# f"{EVIDENCE}{entity}:{work key}", and kept while its article's work key is.
EVIDENCE = "evidence/"


def evidence_key(entity: str, work: str) -> str:
    return f"{EVIDENCE}{entity}:{work}"


class Pickled(bytes):
    """A record already pickled by the code that made it (an extraction worker pickles each record
    once): :meth:`BuildCache.put_many` stores the bytes as they are."""

    @classmethod
    def of(cls, value: Any) -> "Pickled":
        return cls(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class BuildCache:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "cache.sqlite"
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # corrupt: a cache is disposable
            self.path.unlink(missing_ok=True)
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA busy_timeout=30000")  # extraction workers and the dataset writer write in turn
        for table in ("work", "pages", "meta"):
            db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, value BLOB)")
        db.execute("SELECT count(*) FROM work").fetchone()
        return db

    # Work records -------------------------------------------------------------

    def get(self, key: str) -> Any | None:
        row = self._db.execute("SELECT value FROM work WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            return pickle.loads(row[0])
        except Exception:  # written by other code: treat as missing
            return None

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, blob in self.raw_many(keys).items():
            try:
                found[key] = pickle.loads(blob)
            except Exception:
                continue
        return found

    def raw_many(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The stored bytes of the records found, not unpickled (to compare two records)."""
        found: dict[str, bytes] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(self._db.execute(f"SELECT key, value FROM work WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, items: Iterable[tuple[str, Any]]) -> None:
        """Store records; a :class:`Pickled` value (pickled by a worker process) is stored as it is."""
        rows = [(key, value if isinstance(value, Pickled) else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
                for key, value in items]
        if rows:
            with self._transaction():
                self._db.executemany("INSERT OR REPLACE INTO work (key, value) VALUES (?, ?)", rows)

    def prune_work(self, keep: set[str]) -> None:
        """Drop records no current article uses (the cache does not grow without end)."""
        stale = [key for (key,) in self._db.execute("SELECT key FROM work")
                 if key not in keep and not (key.startswith(EVIDENCE) and key.split(":", 1)[1] in keep)]
        with self._transaction():
            self._db.executemany("DELETE FROM work WHERE key = ?", ((k,) for k in stale))

    # Page fingerprints and the manifest ---------------------------------------

    def fingerprints(self) -> dict[str, str]:
        return {key: value for key, value in self._db.execute("SELECT key, value FROM pages")}

    def output_changing(self, old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
        """Called before any file of ``output/`` changes; returns the fingerprint rows left standing.

        Until the output is whole again the cache vouches only for the files this build leaves as they
        were (``old`` rows that ``new`` keeps): the others' rows, the manifest and the output mark go,
        in one transaction. A build stopped while its files go in (moved in one by one, or swapped in
        whole) then leads the next one to build, stage the whole site and carry over only the files
        whose rows stood."""
        standing = {rel: fingerprint for rel, fingerprint in old.items() if new.get(rel) == fingerprint}
        with self._transaction():
            self._db.executemany("DELETE FROM pages WHERE key = ?", ((k,) for k in old if k not in standing))
            self._db.execute("DELETE FROM meta WHERE key IN ('manifest', 'output_whole')")
        return standing

    def output_in_place(self, fingerprints: dict[str, str], standing: dict[str, str], manifest: dict) -> None:
        """The output is whole again: the fingerprint rows ``standing`` lacked are written (an edit at
        10,000 articles: 20 rows, not 11,865), then the output mark and the manifest, in one transaction."""
        with self._transaction():
            self._db.executemany("INSERT OR REPLACE INTO pages (key, value) VALUES (?, ?)",
                                 sorted((k, v) for k, v in fingerprints.items() if standing.get(k) != v))
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('output_whole', '1')")
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('manifest', ?)",
                             (json.dumps(manifest, sort_keys=True),))

    def manifest(self) -> dict | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = 'manifest'").fetchone()
        return json.loads(row[0]) if row else None

    def knowledge(self) -> Any | None:
        """What :meth:`save_knowledge` kept of the last good build, or None (none, or unreadable)."""
        return self._kept("knowledge")

    def save_knowledge(self, value: Any) -> None:
        """The knowledge base the last good build tagged with, and where each article's records are."""
        self._keep("knowledge", value)

    def related(self, key: str) -> Any | None:
        """The related lists saved under ``key`` (:func:`model.related_key`), or None. The key is
        compared before the lists are unpickled (0.05 s at 10,000 articles, for nothing when the
        tags changed)."""
        kept = self._kept("related")
        if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key):
            return None
        try:
            return pickle.loads(kept[1])
        except Exception:  # written by other code: as if there were none
            return None

    def save_related(self, key: str, related: Any) -> None:
        """The last build's related lists and the key of what they were made from (one set is kept)."""
        self._keep("related", (key, pickle.dumps(related, protocol=pickle.HIGHEST_PROTOCOL)))

    def model_counts(self) -> Any | None:
        """The last good build's corpus-wide counts (:class:`~builder.pipeline.patching.ModelCounts`), or None."""
        return self._kept("model")

    def save_model_counts(self, value: Any) -> None:
        self._keep("model", value)

    def _kept(self, name: str) -> Any | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (name,)).fetchone()
        try:
            return pickle.loads(row[0]) if row else None
        except Exception:  # written by other code: as if there were none
            return None

    def _keep(self, name: str, value: Any) -> None:
        with self._transaction():
            self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                             (name, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)))

    def output_whole(self) -> bool:
        """Whether ``output/`` is exactly what the last good build left there: false before the first
        build and while a build moves files in (a build stopped then must not update it in place)."""
        return self._db.execute("SELECT 1 FROM meta WHERE key = 'output_whole'").fetchone() is not None

    def close(self) -> None:
        self._db.close()

    def _transaction(self):
        db = self._db

        class _Tx:
            def __enter__(self):
                db.execute("BEGIN")

            def __exit__(self, kind, *_):
                db.execute("ROLLBACK" if kind else "COMMIT")

        return _Tx()
