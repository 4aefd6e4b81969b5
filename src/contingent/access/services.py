"""Who may do what: the only place permission is decided. Services call `require`; pages and the API
never decide on their own."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from contingent.access.models import ApiToken
from contingent.access.roles import PERMISSIONS, Role


@dataclass(frozen=True)
class Grant:
    role: str
    team_id: int | None = None
    instance_id: int | None = None

    def covers(self, team_id: int | None, instance_id: int | None) -> bool:
        if self.team_id is not None and self.team_id != team_id:
            return False
        return self.instance_id is None or self.instance_id == instance_id


Actor = User | AbstractBaseUser | AnonymousUser


def grants_of(user: Actor) -> tuple[Grant, ...]:
    """The user's role grants, read once per user object: assignments plus the home team's membership."""
    cached = getattr(user, "_contingent_grants", None)
    if cached is not None:
        return cached
    from contingent.org.models import Person, RoleAssignment

    grants: list[Grant] = []
    if user.is_authenticated and user.is_active:
        if getattr(user, "is_superuser", False):
            grants.append(Grant(Role.ADMINISTRATOR))
        person = Person.objects.filter(user=user, retired_at__isnull=True).first()
        if person is not None:
            if person.team_id:
                grants.append(Grant(Role.TEAM_MEMBER, person.team_id))
            for a in RoleAssignment.objects.filter(person=person, retired_at__isnull=True):
                grants.append(Grant(a.role, a.team_id, a.instance_id))
            # A deputy acts for the role holder when needed, so they hold the role's rights too.
            for a in RoleAssignment.objects.filter(deputy=person, retired_at__isnull=True):
                grants.append(Grant(a.role, a.team_id, a.instance_id))
    result = tuple(grants)
    user._contingent_grants = result  # type: ignore[union-attr]
    return result


def has_role(user: Actor, role: str) -> bool:
    return any(g.role == role for g in grants_of(user))


def can(user: Actor, action: str, team_id: int | None = None, instance_id: int | None = None) -> bool:
    """True when one of the user's grants allows `action` on a record owned by team / in instance."""
    allowed = PERMISSIONS[action]
    return any(g.role in allowed and g.covers(team_id, instance_id) for g in grants_of(user))


def can_anywhere(user: Actor, action: str) -> bool:
    """True when the user may do `action` on at least some records (to show or hide a button)."""
    allowed = PERMISSIONS[action]
    return any(g.role in allowed for g in grants_of(user))


def require(user: Actor, action: str, team_id: int | None = None, instance_id: int | None = None) -> None:
    if not user.is_authenticated:
        raise PermissionDenied("Sign in first.")
    if not can(user, action, team_id, instance_id):
        allowed = ", ".join(sorted(Role(r).label for r in PERMISSIONS[action]))
        raise PermissionDenied(f"Your roles do not allow {action} here; it needs one of: {allowed}.")


def create_token(actor: Actor, username: str, name: str = "cli") -> tuple[ApiToken, str]:
    """Create a bearer token for `username`; returns the record and the secret, shown only once."""
    from contingent.audit.services import record_event

    target = User.objects.filter(username=username, is_active=True).first()
    if target is None:
        from django.core.exceptions import ValidationError

        raise ValidationError({"username": f"no active user named '{username}'"})
    if actor is not None and actor != target:
        require(actor, "token.create")
    secret = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(user=target, name=name, prefix=secret[:10], digest=ApiToken.digest_of(secret))
        record_event(actor or target, "create", token, after={"user": username, "name": name})
    return token, secret


def user_for_token(secret: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.digest_of(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
