"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for the session; each test opens contexts sized as a desktop (1366×768) or a
phone (390×844) through ``open_page``, which watches for console errors, script errors and
failed requests, and ``check_page`` asserts the shape of a main page (no sideways scrolling
on a phone, the content near the top, no critical or serious axe-core violation)."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.templatetags.static import static

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
AXE = "web/vendor/axe-4.14.1.min.js"
FONTS = Path(__file__).resolve().parents[2] / "var" / "fonts"
# Where a phone's content (or its 待办) must start: within the first 200 px.
CONTENT_TOP = 200


def _fontconfig(directory: Path) -> dict[str, str]:
    """Chinese text measured with a real Chinese font (the Fandol fonts the project installs
    for its documents), so that widths and overflow are those a person would see."""
    if not FONTS.is_dir():
        return {}
    conf = directory / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"<dir>{FONTS}</dir><cachedir>{directory / 'cache'}</cachedir>"
        "<alias><family>sans-serif</family><prefer><family>FandolHei</family></prefer></alias>"
        "<alias><family>serif</family><prefer><family>FandolSong</family></prefer></alias>"
        "</fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = os.environ.get("GOVOA_CHROMIUM") or shutil.which("chromium")
    if not executable:
        pytest.skip("未安装 Chromium：浏览器测试跳过（scripts/ensure-chromium 可安装）")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself (fixtures) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with tempfile.TemporaryDirectory() as fonts, sync_playwright() as playwright:
        env = {**os.environ, **_fontconfig(Path(fonts))}
        launched = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, env=env
        )
        yield launched
        launched.close()


def _watch(page) -> None:  # type: ignore[no-untyped-def]
    """Record what must not happen: console errors, uncaught script errors, requests that
    fail or answer 4xx/5xx — except the refusals the test expects (``page.refusals``)."""
    page.console_errors = []
    page.problems = []
    page.refusals = set()

    def console(message) -> None:  # type: ignore[no-untyped-def]
        if message.type != "error":
            return
        text = message.text
        if "Failed to load resource" in text and any(f" {s} " in text for s in page.refusals):
            return
        page.console_errors.append(text)

    def response(answer) -> None:  # type: ignore[no-untyped-def]
        if answer.status >= 400 and answer.status not in page.refusals:
            page.problems.append(f"{answer.status} {answer.request.method} {answer.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("response", response)

    def failed(request) -> None:  # type: ignore[no-untyped-def]
        # A request cut short because the page moved on (the favicon of a page left at once)
        # is the browser's choice, not a failure of the server.
        if request.failure != "net::ERR_ABORTED":
            page.problems.append(f"failed {request.method} {request.url}: {request.failure}")

    page.on("requestfailed", failed)


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    _watch(page)
    yield page
    context.close()


@pytest.fixture
def open_page(browser):  # type: ignore[no-untyped-def]
    """``open_page(PHONE)`` → a fresh watched page of that size (its own cookies)."""
    contexts = []

    def open_(viewport: dict[str, int] = DESKTOP):  # type: ignore[no-untyped-def]
        context = browser.new_context(
            viewport=viewport, locale="zh-CN", is_mobile=viewport == PHONE, has_touch=True
        )
        contexts.append(context)
        page = context.new_page()
        page.viewport = viewport
        _watch(page)
        return page

    yield open_
    for context in contexts:
        context.close()


def axe_violations(page, base_url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's critical and serious violations on the page as it stands."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=f"{base_url}{static(AXE)}")
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations
              .filter(v => v.impact === "critical" || v.impact === "serious")
              .map(v => v.impact + " " + v.id + ": " + v.help + " @ " +
                   v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
        }"""
    )
    return list(found)


def check_page(page, base_url: str, *, axe: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A main page as a person sees it: nothing scrolls the page sideways, on a phone the
    content starts within the first 200 px, no critical or serious accessibility violation,
    and nothing went wrong so far."""
    page.wait_for_load_state("networkidle")
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"页面横向溢出 {width} @ {page.url}"
    if getattr(page, "viewport", None) == PHONE:
        top = page.evaluate(
            """() => {
                const target = document.querySelector("main h1") || document.querySelector("main");
                return target.getBoundingClientRect().top + window.scrollY;
            }"""
        )
        assert top < CONTENT_TOP, f"正文从 {top}px 开始 @ {page.url}"
    if axe:
        assert axe_violations(page, base_url) == [], page.url
    assert page.problems == [], page.url
    assert page.console_errors == [], page.url
