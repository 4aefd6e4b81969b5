import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the fixtures make are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(page):
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


@pytest.fixture(autouse=True)
def catalogues(django_db_blocker):
    """Transactional tests flush the tables, including the data migrations load (region catalogue,
    recovery tiers); put them back so every browser test starts from a freshly installed Contingent."""
    import importlib

    from django.apps import apps

    from contingent.bia.models import RecoveryTier
    from contingent.inventory.models import Region

    with django_db_blocker.unblock():
        if not Region.objects.exists():
            importlib.import_module("contingent.inventory.migrations.0003_load_azure_region_catalogue").load(apps, None)
        if not RecoveryTier.objects.exists():
            importlib.import_module("contingent.bia.migrations.0003_default_recovery_tiers").load(apps, None)
