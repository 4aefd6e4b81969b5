"""Single sign-on with OpenID Connect (mozilla-django-oidc), for Entra ID / Azure AD or any provider.

The provider's endpoints come from its discovery document (`<issuer>/.well-known/openid-configuration`),
read once per process. The person signing in is found by one claim (email by default): a person with that
email address is given a login (or their existing one is used), so their roles are their RoleAssignments
as for a password login. Nobody matching and no automatic accounts: a page says so; no account is made."""

import functools
import secrets
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
REFUSAL = "contingent_sso_refused"


class Refused(Exception):
    """The provider vouched for someone Contingent may not let in; the message says why, for them."""


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


@functools.cache
def discovery(issuer: str) -> dict[str, Any]:
    response = requests.get(f"{issuer}/.well-known/openid-configuration", timeout=15)
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(f"the discovery document at {issuer} names issuer {document.get('issuer')!r}")
    return document


def oidc_setting(attr: str, *default: Any) -> Any:
    """A mozilla-django-oidc setting; provider endpoints not set explicitly come from discovery."""
    if attr in DISCOVERED and not getattr(settings, attr, None):
        return discovery(settings.OIDC_ISSUER)[DISCOVERED[attr]]
    return import_from_settings(attr, *default)


def sign_on_user(value: str) -> User:
    """The login for the person the provider vouched for (`value` of the configured claim)."""
    from contingent.audit.services import record_event
    from contingent.org.models import Person

    value = value.strip()
    if not value:
        raise Refused(f"The sign-on did not say who you are (no '{settings.OIDC_CLAIM}' claim was sent).")
    if settings.OIDC_MATCH == "username":
        user = User.objects.filter(username=value).first()
        person = getattr(user, "person", None)
    else:
        people = list(Person.objects.filter(retired_at__isnull=True, email__iexact=value).select_related("user"))
        if len(people) > 1:
            raise Refused(f"Several people in Contingent have the email address {value}; ask an administrator.")
        person = people[0] if people else None
        user = person.user if person else None
    if user is not None:
        if not user.is_active:
            raise Refused(f"The Contingent login for {value} is disabled.")
        return user
    if person is None and not settings.OIDC_CREATE_USERS:
        raise Refused(
            f"No person in Contingent has the {settings.OIDC_MATCH} {value}. Ask your BC Manager or an "
            "administrator to add you to the continuity organisation, then sign in again."
        )
    with transaction.atomic():
        user = User(username=_free_username(person.key if person else value), email=person.email if person else "")
        if person is not None:
            user.first_name = person.name[:150]
        user.set_unusable_password()  # signs in through the provider only
        user.save()
        if person is not None:
            person.user = user
            person.save(update_fields=["user", "updated_at"])
        record_event(user, "create", person or user, after={"login": user.username, "via": "single sign-on"})
    return user


def _free_username(wanted: str) -> str:
    name = wanted[:140]
    while User.objects.filter(username=name).exists():
        name = f"{wanted[:130]}-{secrets.token_hex(3)}"
    return name


class SingleSignOnBackend(OIDCAuthenticationBackend):
    """Completes the authorization-code flow; does nothing for password sign-ins or when SSO is off."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # settings are read when a code arrives
        self.UserModel = User

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if request is None or not enabled() or "code" not in request.GET:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        try:
            return sign_on_user(str(claims.get(settings.OIDC_CLAIM) or ""))
        except Refused as refusal:
            self.request.session[REFUSAL] = str(refusal)
            return None


class StartSignOn(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if not enabled():
            raise Http404("single sign-on is not configured")
        super().__init__(*args, **kwargs)


class FinishSignOn(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)


def refused(request: HttpRequest) -> HttpResponse:
    """Where a sign-on that did not let the person in ends: says why, in their words."""
    reason = request.session.pop(REFUSAL, "")
    return render(
        request,
        "registration/sso_refused.html",
        {"reason": reason, "sso_name": settings.OIDC_PROVIDER_NAME},
        status=403,
    )
