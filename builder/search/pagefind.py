"""The Pagefind service: search records in, a piece's index files out, through Pagefind's own
process (its Python API's binary), started once per call and spoken to in its JSON protocol."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
from collections import deque
from typing import Iterable

from builder.search import chunks as searchchunks
from builder.errors import SiteError

RUNTIME = ("pagefind.js", "wasm.unknown.pagefind")  # shared by all pieces, kept in the first
_KEEP = ("pagefind-entry.json", "index", "filter")  # what the browser reads from a piece


def _kept(name: str) -> bool:
    """Whether a file Pagefind makes stays in a piece: what the browser reads, and the texts."""
    return name in (*_KEEP, *RUNTIME, "t") or (name.startswith("pagefind.") and name.endswith(".pf_meta"))


def index_records(records: Iterable[dict]) -> tuple[dict[str, str], dict[str, bytes]]:
    """Index Pagefind records (url, content, language, meta, filters, sort) with one Pagefind
    process: url → record id, and the files a piece keeps (relative path → bytes), in memory.

    The files come back in the reply (``GetFiles``), not written by Pagefind (``WriteFiles``): the
    same bytes, without a file made for each record's fragment (the texts stand for them) and the
    UI only to be deleted, nor a wait for writes that go on after the reply; and the word index is
    re-cut before anything is written. A piece of 494 records: Pagefind's CPU 1.95 → 1.46 s (1.36 s
    with the records sent as UTF-8)."""
    with _Service() as service:
        index_id = service.call({"type": "NewIndex", "config": None})["index_id"]
        service.call_many(  # each record made as it is sent: Pagefind indexes the last ones meanwhile
            {"type": "AddRecord", "index_id": index_id, **record} for record in records
        )
        replied = service.call({"type": "GetFiles", "index_id": index_id})["files"]
    url_ids, files = {}, {}  # a record without a word has no fragment, and no id
    for file in replied:
        path = file["path"]
        if path.startswith("fragment/"):  # gzip(signature + JSON); the record id is the file's name
            data = gzip.decompress(base64.b64decode(file["content"]))
            if data.startswith(searchchunks.SIGNATURE):
                data = data[len(searchchunks.SIGNATURE) :]
            url_ids[json.loads(data)["url"]] = path[len("fragment/") :].rsplit(".", 1)[0]
        elif _kept(path.split("/", 1)[0]):
            files[path] = base64.b64decode(file["content"])
    if "pagefind-entry.json" not in files:
        raise SiteError("the search index came back incomplete", None,
                        "build again; if it recurs, build with --no-search")
    return url_ids, files


class _Service:
    """Pagefind's indexing service (``pagefind --service``), spoken to directly.

    The same protocol as the ``pagefind`` Python package (base64 JSON messages
    ending in ","), without its 0.1 s pause before every reply, which made 10,000
    records take 17 minutes. One process per piece: its memory goes when it exits.
    """

    _BATCH = 64  # requests in flight; their replies (~200 bytes) stay well under a pipe buffer

    def __enter__(self) -> "_Service":
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SiteError("search indexing could not run: no pagefind binary", None, "reinstall with `make site`")
        self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 0
        self._buffer = bytearray()  # read from Pagefind: replies not yet handed back from _start on
        self._start = 0
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.process.kill()
            self.process.wait()

    def call(self, payload: dict) -> dict:
        return self.call_many([payload])[0]

    def call_many(self, payloads: Iterable[dict]) -> list[dict]:
        """Send every request and return the replies in order. ``payloads`` may be a generator:
        requests are written while Pagefind works on the earlier ones (at most two batches in
        flight), so making the next records overlaps indexing the last ones."""
        replies: list[dict] = []
        waiting: deque[int] = deque()  # ids sent and not yet handed back, oldest first
        got: dict[int, dict] = {}

        def collect(keep: int) -> None:
            if keep:
                self.process.stdin.flush()
            while len(waiting) > keep:
                while waiting[0] not in got:
                    reply = self._read()
                    got[reply.get("message_id") or next(i for i in waiting if i not in got)] = reply["payload"]
                payload = got.pop(waiting.popleft())
                if payload.get("type") == "Error":
                    raise SiteError(f"search indexing failed: {payload.get('message')}", None,
                                    "build with --no-search to skip the index")
                replies.append(payload)

        for payload in payloads:
            self.next_id += 1
            message = {"message_id": self.next_id, "payload": payload}
            # UTF-8, not \\u escapes: Pagefind parses less (its AddRecord CPU 0.68 → 0.62 s a piece)
            try:
                data = json.dumps(message, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError as exc:  # a lone surrogate, written as an escape in a YAML file
                raise SiteError(f"search indexing failed: text that is not valid Unicode ({exc.object[exc.start:exc.end]!r})",
                                None, "find that escape (\\ud800-\\udfff) in content/ and remove it") from None
            self.process.stdin.write(base64.b64encode(data) + b",")
            waiting.append(self.next_id)
            if len(waiting) >= 2 * self._BATCH:
                collect(self._BATCH)
        self.process.stdin.flush()
        collect(0)
        return replies

    def _read(self) -> dict:
        """The next reply. Replies end with ","; only the bytes just read are searched for it (a reply
        of files is several MB, read 64 KB at a time), and the replies already read are skipped, not
        copied away (one read holds hundreds of short ones)."""
        buffer, searched = self._buffer, self._start
        while (end := buffer.find(b",", searched)) < 0:
            chunk = self.process.stdout.read1(65536)
            if not chunk:
                raise SiteError("search indexing failed: the pagefind service stopped", None,
                                "build with --no-search to skip the index")
            del buffer[: self._start]  # what was read before this reply
            self._start = 0
            searched = len(buffer)
            buffer += chunk
        reply = json.loads(base64.b64decode(buffer[self._start : end]))
        self._start = end + 1
        return reply


def pagefind_version() -> str:
    try:
        from importlib.metadata import version

        return version("pagefind")
    except Exception:  # pragma: no cover
        return "unknown"

