"""A real headless Chromium (Debian's package) driven by Playwright against a live server."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from skilled_township.accounts.roles import Role

from .. import factories

# Playwright's synchronous API keeps an event loop in the test thread; the ORM calls made by the tests
# themselves (creating data) are plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Assertions wait as long as page actions do: a first schema or page render on a busy two-core machine can take
# several seconds, which is slowness, not a failure of what the test checks.
expect.set_options(timeout=10_000)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
#: ``BrowserSession.open_menu(ACCOUNT_MENU)`` opens the account menu.
ACCOUNT_MENU = "account"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class BrowserSession:
    """One browser context; remembers console errors and any request that left the live server."""

    def __init__(self, browser, live_server, device: dict, name: str):
        self.base = live_server.url
        self.context = browser.new_context(locale="zh-CN", **device)
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)
        self.name = name
        self.is_phone = bool(device.get("is_mobile"))
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("request", lambda r: None if r.url.startswith(self.base) else self.foreign_requests.append(r.url))

    def open(self, path: str):
        return self.page.goto(self.base + path)

    def sign_in(self, username: str, password: str = factories.PASSWORD) -> None:
        self.open("/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.locator("main form").get_by_role("button", name="登录").click()

    def open_menu(self, group: str | None = None) -> None:
        """On a phone the whole menu, every group under its heading, sits in the off-canvas panel behind the
        navbar toggler. On a desktop each group is a dropdown of the navbar: ``group`` names the one to open
        (``ACCOUNT_MENU`` for the account menu: language, password, sign out)."""
        if self.is_phone:
            if not self.page.locator("#main-nav.show").count():
                self.page.locator(".navbar-toggler").click()
                self.page.locator("#main-nav.show").wait_for()
        elif group == ACCOUNT_MENU:
            self.page.get_by_test_id("account-menu").click()
        elif group is not None:
            self.page.locator("#main-nav .dropdown-toggle", has_text=group).click()

    def close(self, failed: bool) -> None:
        if failed:
            ARTIFACTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(ARTIFACTS / f"{self.name}.png"), full_page=True)
        self.context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.failed_call = report.failed
    return report


@pytest.fixture(params=["desktop", "phone"])
def session(request, browser, live_server):
    device = PHONE if request.param == "phone" else DESKTOP
    session = BrowserSession(browser, live_server, device, request.node.name.replace("/", "_"))
    yield session
    session.close(getattr(request.node, "failed_call", False))


@pytest.fixture
def phone_session(request, browser, live_server):
    session = BrowserSession(browser, live_server, PHONE, request.node.name.replace("/", "_"))
    yield session
    session.close(getattr(request.node, "failed_call", False))


@pytest.fixture
def e2e_world(transactional_db):
    city = factories.region("431200000000", "怀化市")
    county = factories.region("431226000000", "麻阳苗族自治县", city)
    gaocun = factories.region("431226101000", "高村镇", county)
    lvjiaping = factories.region("431226102000", "吕家坪镇", county)
    factories.region("431226101201", "锦和村", gaocun)
    factories.region("431226102201", "吕家坪村", lvjiaping)
    factories.pilot(gaocun)
    admin = factories.user("org_admin", Role.ORG_ADMIN, city)
    return {"city": city, "gaocun": gaocun, "lvjiaping": lvjiaping, "org_admin": admin}
