"""Preview server: build, serve output/ under the base path, rebuild on change, reload open pages.

A background thread watches content/, templates/, static/, i18n/ and site.toml with
watchfiles (debounced). Each successful rebuild bumps a version; a failed one keeps
the last good site on disk and records the error. Pages get a small script that
listens on ``/__livereload`` (server-sent events): it reloads on a new version and
shows the error as an overlay when a build fails.

The server only ever sends files that resolve inside the output folder.
"""

from __future__ import annotations

import gc
import http.server
import json
import mimetypes
import posixpath
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit, urlunsplit

from builder.pipeline.orchestrator import BuildMemo, BuildReport, build, warm
from builder.config import SiteConfig, load_config
from builder.errors import SiteError

LIVERELOAD_PATH = "/__livereload"
LIVERELOAD_JS = "/__livereload.js"
_SCRIPT_TAG = f'<script src="{LIVERELOAD_JS}"></script>'.encode()
_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
}
_CLIENT_JS = (Path(__file__).parent / "theme" / "livereload.js").read_bytes()


@dataclass
class BuildState:
    """What the server knows about the latest build; guarded by its condition variable."""

    version: int = 0
    error: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def succeeded(self) -> None:
        with self.changed:
            self.version += 1
            self.error = ""
            self.changed.notify_all()

    def failed(self, message: str) -> None:
        with self.changed:
            self.error = message
            self.changed.notify_all()

    def snapshot(self) -> tuple[int, str]:
        with self.changed:
            return self.version, self.error

    def wait(self, seen: tuple[int, str], timeout: float) -> tuple[int, str]:
        with self.changed:
            self.changed.wait_for(lambda: (self.version, self.error) != seen, timeout=timeout)
            return self.version, self.error


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    if suffix.startswith(".pf_"):  # Pagefind's index fragments
        return "application/octet-stream"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def resolve_request(root: Path, base_path: str, raw_path: str) -> Path | None:
    """The file a request path names inside ``root``, or None: traversal, escapes and symlinks out are refused."""
    path = unquote(urlsplit(raw_path).path)
    if "\x00" in path or "\\" in path or not path.startswith(base_path):
        return None
    rel = path[len(base_path) :]
    parts = rel.split("/")
    if any(part in ("..", ".") for part in parts):
        return None
    rel = posixpath.normpath("/" + rel).lstrip("/")
    real_root = root.resolve()
    target = (real_root / rel).resolve() if rel not in ("", ".") else real_root
    if target != real_root and real_root not in target.parents:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def make_handler(root: Path, base_path: str, state: BuildState, live: bool) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "builder-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal shows builds, not hits
            pass

        def do_HEAD(self) -> None:
            self.do_GET(head=True)

        def do_GET(self, head: bool = False) -> None:
            path = urlsplit(self.path).path
            if live and path == LIVERELOAD_JS:
                return self._send(200, "text/javascript; charset=utf-8", _CLIENT_JS, head)
            if live and path == LIVERELOAD_PATH:
                return self._events()
            if path in ("", "/") and base_path != "/":
                self.send_response(302)
                self.send_header("Location", base_path)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = resolve_request(root, base_path, self.path)
            if target is None:
                return self._not_found(head)
            body = target.read_bytes()
            if live and target.suffix == ".html":
                body = body.replace(b"</body>", _SCRIPT_TAG + b"</body>", 1)
            return self._send(200, content_type(target), body, head)

        def _not_found(self, head: bool) -> None:
            page = root / "404.html"
            body = page.read_bytes() if page.is_file() else b"<h1>404</h1>"
            if live:
                body = body.replace(b"</body>", _SCRIPT_TAG + b"</body>", 1)
            self._send(404, "text/html; charset=utf-8", body, head)

        def _send(self, status: int, ctype: str, body: bytes, head: bool) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            seen = state.snapshot()
            try:
                self._event(seen)
                while not getattr(self.server, "stopping", False):
                    now = state.wait(seen, timeout=15)
                    if now == seen:
                        self.wfile.write(b": keep-alive\n\n")
                        self.wfile.flush()
                        continue
                    seen = now
                    self._event(seen)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _event(self, snapshot: tuple[int, str]) -> None:
            version, error = snapshot
            data = json.dumps({"version": version, "error": error}, ensure_ascii=False)
            self.wfile.write(f"data: {data}\n\n".encode())
            self.wfile.flush()

    return Handler


class PreviewServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    stopping = False


def watched_paths(config: SiteConfig, config_path: Path) -> list[Path]:
    paths = [config_path, config.content_dir, config.templates_dir, config.static_dir, config.root / "i18n"]
    return [p for p in paths if p.exists()]


# Where base_url names one of these, it is the local preview's address (site.toml's default is
# http://127.0.0.1:8000/): the preview builds with the address it really serves on.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})


@dataclass(frozen=True, slots=True)
class Settings:
    """What decides the settings of every build the preview makes: site.toml (read again each time),
    the --base-url override and the address the server listens on."""

    config_path: Path
    base_url: str | None
    host: str
    port: int

    def load(self) -> SiteConfig:
        config = load_config(self.config_path)
        config = config.with_base_url(self.base_url) if self.base_url else config
        return served_at(config, self.host, self.port)


def served_at(config: SiteConfig, host: str, port: int) -> SiteConfig:
    """``config`` with a local preview address as base_url (http://127.0.0.1:8000/) moved to the
    address served on (``serve --port 8765``: http://127.0.0.1:8765/), so the citations, canonical
    links, feeds and dataset.json of the preview name the pages it serves; any other base_url as
    it is. A server listening on every address keeps base_url's host."""
    parts = urlsplit(config.base_url)
    if not parts.scheme or parts.hostname not in LOOPBACK:
        return config
    name = parts.hostname if host in _ANY_ADDRESS else host
    name = f"[{name}]" if ":" in name else name
    url = urlunsplit(("http", f"{name}:{port}", parts.path or "/", "", ""))
    return config if url == config.base_url else config.with_base_url(url)


def _rebuild(settings: Settings, search: bool, state: BuildState, say: Callable[[str], None],
             memo: BuildMemo) -> SiteConfig | None:
    started = time.perf_counter()
    try:
        config = settings.load()
        report: BuildReport = build(config, search=search, memo=memo)
    except SiteError as exc:
        state.failed(exc.render())
        say(f"build failed, still serving the last good site:\n{exc.render()}")
        return None
    except Exception as exc:  # a bug must not stop the watcher: show it, keep serving, retry on the next save
        detail = "".join(traceback.format_exception(exc))
        state.failed(f"internal error (please report it):\n{detail}")
        say(f"build crashed, still serving the last good site:\n{detail}")
        return None
    _freeze()
    state.succeeded()
    if report.unchanged:  # was "rebuilt 0 pages": nothing was
        say(f"nothing changed since the last build ({report.articles} articles checked)")
    else:
        say(f"rebuilt {report.pages} pages in {time.perf_counter() - started:.2f}s")
    return config


def _freeze() -> None:
    """The memo's records (hundreds of thousands of objects at 10,000 articles) live on between builds:
    frozen, the collections the server's own work sets off no longer walk them all (0.2–0.5 s each,
    often at the start of the next rebuild). The build leaves no cycles (the collect finds none); an
    object frozen is still freed when the next build drops it."""
    gc.collect()
    gc.freeze()


def _warm(settings: Settings, memo: BuildMemo, say: Callable[[str], None]) -> None:
    """Read the last build's records into ``memo`` (the first build found nothing changed, so it read
    none), so the first rebuild after a save reads one. Anything wrong is left to that rebuild to say."""
    started = time.perf_counter()
    try:
        held = warm(settings.load(), memo)
    except SiteError:  # only a head start: the next build reads what it needs itself, and says what is wrong
        return
    except Exception as exc:  # a bug: said, and the server goes on (the next build starts from the cache)
        say(f"could not read the articles into memory (please report it): {exc!r}")
        return
    _freeze()
    say(f"{held} articles read into memory for quick rebuilds in {time.perf_counter() - started:.2f}s")


def worth_a_rebuild(path: Path, output: Path) -> bool:
    """Whether a change to ``path`` can change the site: not the output itself, nor an editor's own
    files (backups, swap files, Emacs's ``.#name`` lock and ``#name#`` auto-save, which the build
    leaves out anyway: each made a rebuild that found nothing changed)."""
    name = path.name
    return not (
        output in path.parents or path == output or name.startswith((".output", ".#"))
        or name.endswith(("~", ".swp", ".tmp")) or (name.startswith("#") and name.endswith("#"))
        or "__pycache__" in path.parts
    )


def watch_loop(config: SiteConfig, settings: Settings, search: bool, state: BuildState,
               stop: threading.Event, say: Callable[[str], None], memo: BuildMemo) -> None:
    """Rebuild on each batch of changes. When the memo is empty at the first quiet second (the first
    build found nothing changed), it is filled then: the watcher is running by then, so a file saved
    meanwhile is not missed, it is rebuilt next."""
    from watchfiles import watch

    output = config.output_dir.resolve()

    def relevant(_change, path: str) -> bool:
        return worth_a_rebuild(Path(path), output)

    quiet_before = False
    for changes in watch(*watched_paths(config, settings.config_path), watch_filter=relevant, stop_event=stop,
                         debounce=200, step=50, rust_timeout=1000, yield_on_timeout=True):
        if not changes:  # a quiet second
            if not quiet_before and not memo.works:
                _warm(settings, memo, say)
            quiet_before = True
            continue
        names = sorted({Path(p).name for _, p in changes})
        say(f"changed: {', '.join(names[:5])}{' …' if len(names) > 5 else ''}")
        _rebuild(settings, search, state, say, memo)


def serve(config_path: Path, host: str = "127.0.0.1", port: int = 8000, base_url: str | None = None,
          search: bool = True, say: Callable[[str], None] = print, ready: Callable[[PreviewServer], None] | None = None) -> int:
    """Build, serve and watch until interrupted. Returns the process exit status.

    The port is taken before the first build: that build already knows the address it serves on
    (``--port 0`` included) and a port in use is said before a build's wait."""
    config = load_config(config_path)
    config = config.with_base_url(base_url) if base_url else config
    state = BuildState()
    handler = make_handler(config.output_dir, config.base_path, state, live=True)
    try:
        server = PreviewServer((host, port), handler)
    except OSError as exc:
        raise SiteError(f"cannot listen on {host}:{port}: {exc.strerror}", None, "choose another with --port") from None
    settings = Settings(config_path, base_url, host, server.server_address[1])
    memo = BuildMemo()  # the last build's article records, kept in memory for the next one
    try:
        first = _rebuild(settings, search, state, say, memo)
    except BaseException:
        server.server_close()
        raise
    if first is None and not (config.output_dir / "index.html").is_file():
        say("fix the error above; the server starts anyway and rebuilds on the next save")
    config.output_dir.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(target=watch_loop, args=(config, settings, search, state, stop, say, memo), daemon=True)
    try:
        watcher.start()
        say(f"serving http://{host}:{server.server_address[1]}{config.base_path} (Ctrl-C to stop)")
        if ready:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        say("stopping")
    finally:
        server.stopping = True
        stop.set()
        with state.changed:
            state.changed.notify_all()
        server.server_close()
        watcher.join(timeout=3)
    return 0

