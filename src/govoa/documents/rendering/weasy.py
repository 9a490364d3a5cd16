"""The WeasyPrint engine behind ``pdf``: imported on the first render only."""

import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from govoa.documents.rendering import fonts


def write_pdf(html: str, *, base_dir: Path | None) -> bytes:
    return write(render(html, base_dir=base_dir))


def render(html: str, *, base_dir: Path | None = None) -> Any:
    """Lay out and paginate ``html``: a WeasyPrint ``Document`` whose pages tell where each
    element with an ``id`` fell (``page.anchors``), ready for ``write``."""
    paths = fonts.font_paths()
    roots = fonts.font_roots() + ([base_dir.resolve()] if base_dir else [])
    fetcher = LocalFileFetcher(roots)
    base_url = base_dir.resolve().as_uri() + "/" if base_dir else None
    with _ENGINE_LOCK:
        font_config, stylesheet = _engine(paths)
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        return document.render(stylesheets=[stylesheet], font_config=font_config)


def write(document: Any) -> bytes:
    with _ENGINE_LOCK:
        return bytes(document.write_pdf())


class LocalFileFetcher(URLFetcher):
    """WeasyPrint's fetcher restricted to ``data:`` URLs and files under ``roots``."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = roots

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise ValueError(f"不允许读取该文件：{url}")
        elif parts.scheme != "data":
            raise ValueError(f"不允许访问外部资源：{url}")
        return super().fetch(url, headers)


# One font configuration per process: WeasyPrint copies each @font-face file into its own
# temporary directory once and then reuses it, which is what makes a warm render fast.
# Pango is not known to be thread-safe, so renders in one process take turns.
_ENGINE_LOCK = threading.Lock()
_engine_cache: dict[str, tuple[Any, Any]] = {}


def _engine(paths: dict[str, Path]) -> tuple[Any, Any]:
    key = "|".join(f"{p}:{p.stat().st_mtime_ns}" for p in paths.values())
    if key not in _engine_cache:
        _engine_cache.clear()
        font_config = FontConfiguration()
        stylesheet = weasyprint.CSS(
            string=fonts.font_face_css(),
            font_config=font_config,
            url_fetcher=LocalFileFetcher(fonts.font_roots()),
        )
        _engine_cache[key] = (font_config, stylesheet)
    return _engine_cache[key]
