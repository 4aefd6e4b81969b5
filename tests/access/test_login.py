"""Signing in: repeated failures lock the username out from that address for a while (a clear page, not a
stack trace), an administrator can lift it, and every response carries the security headers."""

import subprocess
import sys

import pytest
from django.conf import global_settings
from django.test import Client
from tests.conftest import PASSWORD

from contingent.access.login import unlock_user
from contingent.audit.models import AuditEvent
from contingent.cli import main


def sign_in(password: str, username: str = "dev", address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password})


def fail(times: int, username: str = "dev", address: str = "10.0.0.1") -> None:
    for attempt in range(1, times + 1):
        response = sign_in("wrong-password", username, address)
        assert response.status_code == (429 if attempt == 5 else 200), attempt  # the fifth failure locks


def test_the_right_password_signs_in(cast):
    response = sign_in(PASSWORD)
    assert response.status_code == 302 and response.url == "/"


def test_five_failures_lock_the_username_out_even_with_the_right_password(cast, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    fail(4)
    assert sign_in(PASSWORD).status_code == 302, "four failures do not lock"
    fail(5)
    locked = sign_in(PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Sign-in locked" in page and "5 failed attempts" in page and "contingent user unlock dev" in page
    assert "sessionid" not in locked.cookies


def test_the_lockout_is_per_username_and_address(cast):
    fail(5)
    assert sign_in(PASSWORD).status_code == 429
    assert sign_in(PASSWORD, address="10.0.0.2").status_code == 302, "another address may still sign in"
    assert sign_in(PASSWORD, username="infra").status_code == 302, "another user from the same address may"


def test_the_lockout_ends_after_the_cool_off(cast, settings):
    fail(5)
    settings.AXES_COOLOFF_TIME = 0  # the cool-off has passed
    assert sign_in(PASSWORD).status_code == 302


def test_an_administrator_unlocks_from_the_cli(cast, capsys):
    fail(5)
    before = AuditEvent.objects.count()
    assert main(["--user", "admin", "user", "unlock", "dev"]) == 0
    assert "dev unlocked" in capsys.readouterr().out
    assert AuditEvent.objects.count() == before + 1
    assert sign_in(PASSWORD).status_code == 302


def test_only_an_administrator_may_unlock(cast):
    from django.core.exceptions import PermissionDenied

    fail(5)
    with pytest.raises(PermissionDenied):
        unlock_user(cast["bcm"], "dev")
    assert sign_in(PASSWORD).status_code == 429


def test_the_api_takes_no_passwords(cast):
    """The lockout guards the one place a password is accepted; the API has no password door to bypass it."""
    import base64

    basic = base64.b64encode(f"dev:{PASSWORD}".encode()).decode()
    assert Client().get("/api/v1/assets/", HTTP_AUTHORIZATION=f"Basic {basic}").status_code == 401
    assert Client().get("/api/v1/assets/", HTTP_AUTHORIZATION=f"Bearer {PASSWORD}").status_code == 401


def test_signing_in_needs_the_csrf_token(cast):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "dev", "password": PASSWORD})
    assert response.status_code == 403
    assert "sessionid" not in response.cookies


def test_responses_carry_the_security_headers_and_cookie_flags(cast):
    client = Client()
    page = client.get("/login/")
    csp = page.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0], "no inline script"
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert page.headers["Referrer-Policy"] == "same-origin"
    assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in page.headers["Permissions-Policy"]
    signed_in = client.post("/login/", {"username": "dev", "password": PASSWORD})
    session = signed_in.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert 0 < int(session["max-age"]) <= 12 * 3600
    api = client.get("/api/v1/assets/")
    assert "Content-Security-Policy" in api.headers and api.headers["X-Content-Type-Options"] == "nosniff"


def test_production_cookies_are_secure_and_hsts_is_on():
    code = (
        "import contingent.settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000)"
    )
    env = {"CONTINGENT_PRODUCTION": "1", "CONTINGENT_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


def test_passwords_are_hashed_with_a_slow_hash():
    import contingent.settings as project

    hashers = getattr(project, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
    assert hashers[0].rsplit(".", 1)[1] in ("PBKDF2PasswordHasher", "Argon2PasswordHasher", "ScryptPasswordHasher")
