"""Single sign-on, end to end: Chromium signs in at a real OpenID Connect provider run locally
(panva/oidc-provider, tests/oidc/provider.mjs) and comes back to the live Contingent server through the
authorization-code flow (PKCE, RS256 ID token, userinfo), signed in as the person with that email."""

import pytest
from django.contrib.auth.models import User
from tests.oidc.provider import running_provider

from contingent.access.roles import Role
from contingent.audit.models import AuditEvent
from contingent.org.models import Person, RoleAssignment

pytestmark = pytest.mark.e2e

CLIENT_ID, SECRET = "contingent", "a-test-client-secret"
ACCOUNTS = {  # provider login -> the email address the provider vouches for
    "rafael.sso": "dev@example.com",  # a person who has a Contingent login (the cast's dev)
    "nina.sso": "Nina.Visser@example.com",  # a person without a login yet (email in another case)
    "stranger.sso": "stranger@elsewhere.example",  # nobody Contingent knows
}


@pytest.fixture(scope="module")
def issuer(live_server):
    with running_provider(CLIENT_ID, SECRET, f"{live_server.url}/oidc/callback/", ACCOUNTS) as url:
        yield url


@pytest.fixture
def sso(settings, issuer):
    settings.OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_PROVIDER_NAME = "Entra ID"
    settings.OIDC_CREATE_USERS = False
    return issuer


def sign_on(page, base: str, login: str, shot=None) -> None:
    page.goto(f"{base}/login/")
    if shot:
        shot("sso-login-page")
    page.get_by_role("button", name="Sign in with Entra ID").click()
    page.wait_for_selector("input[name=login]")  # the provider's own sign-in page
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "anything")
    page.click("button[type=submit]")
    page.wait_for_selector("button[type=submit]:has-text('Continue')")  # consent to share email and profile
    page.click("button[type=submit]:has-text('Continue')")
    page.wait_for_load_state("networkidle")


def test_a_person_with_a_login_signs_in_with_their_provider_account(live_server, page, cast, sso, shot):
    sign_on(page, live_server.url, "rafael.sso", shot)
    assert page.url == f"{live_server.url}/"
    assert page.locator("header .user").inner_text().startswith("Rafael")
    shot("sso-signed-in")
    assert User.objects.filter(email__iexact="dev@example.com").count() == 1, "no second account was made"


def test_a_person_without_a_login_gets_one_linked_to_them_with_their_roles(live_server, page, cast, sso, teams):
    nina = Person.objects.create(key="nvisser", name="Nina Visser", email="nina.visser@example.com")
    RoleAssignment.objects.create(person=nina, role=Role.BC_MANAGER)
    events = AuditEvent.objects.count()
    sign_on(page, live_server.url, "nina.sso")
    assert page.url == f"{live_server.url}/"
    nina.refresh_from_db()
    assert nina.user is not None and nina.user.username == "nvisser"
    assert not nina.user.has_usable_password(), "the provider is the only way in for this login"
    assert AuditEvent.objects.count() == events + 1
    assert "Nina Visser" in page.locator("header .user").inner_text()
    # Her roles are her role assignments: the BC Manager may add an assessment.
    page.goto(f"{live_server.url}/assessments/")
    assert page.locator("a[href='/assessments/new/']").count() == 1


def test_someone_contingent_does_not_know_is_refused_with_a_clear_page(live_server, page, cast, sso, shot):
    users = User.objects.count()
    sign_on(page, live_server.url, "stranger.sso")
    assert page.url == f"{live_server.url}/login/refused/"
    text = page.locator("[data-testid=sso-refused]").inner_text()
    assert "No person in Contingent has the email stranger@elsewhere.example" in text
    shot("sso-refused")
    assert User.objects.count() == users, "no account was made"
    page.goto(f"{live_server.url}/assets/")
    assert "/login/" in page.url, "still signed out"


def test_with_automatic_accounts_an_unknown_person_signs_in_with_no_role(live_server, page, cast, sso, settings):
    settings.OIDC_CREATE_USERS = True
    sign_on(page, live_server.url, "stranger.sso")
    assert page.url == f"{live_server.url}/"
    user = User.objects.get(username="stranger@elsewhere.example")
    assert not hasattr(user, "person") or user.person is None


def test_without_a_provider_the_login_page_offers_passwords_only(live_server, page, db):
    page.goto(f"{live_server.url}/login/")
    assert page.get_by_text("Sign in with").count() == 0
    assert page.goto(f"{live_server.url}/oidc/authenticate/").status == 404


def test_a_locked_out_sign_in_shows_a_clear_page(live_server, page, cast, shot):
    page.goto(f"{live_server.url}/login/")
    for _ in range(5):
        page.fill("input[name=username]", "dev")
        page.fill("input[name=password]", "not-the-password")
        page.click("button[type=submit]")
    page.wait_for_selector("[data-testid=locked-out]")
    assert "5 failed attempts to sign in as dev" in page.locator("[data-testid=locked-out]").inner_text()
    shot("login-locked-out")
