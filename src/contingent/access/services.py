"""Who may do what: the only place permission is decided. Services call `require`; pages and the API
never decide on their own."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from contingent.access.classification import OPEN_LEVELS, Classification
from contingent.access.models import ApiToken
from contingent.access.roles import PERMISSIONS, SEES_EVERYWHERE, Role


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


# -- confidentiality -------------------------------------------------------------------------------
# A model opts in with a `classification` field; its scope is (owner team, instance) read from the fields
# named in `visibility_scope_fields` (default: owner_team or team, and instance). A model without its own
# classification may take its parent's with `visibility_via = "<foreign key>"` (a dependency is as
# confidential as its dependent item, an assessment as its item).


def _scope_fields(model: type[models.Model]) -> tuple[str | None, str | None]:
    declared = getattr(model, "visibility_scope_fields", None)
    if declared is not None:
        return declared
    names = {f.name for f in model._meta.get_fields()}
    team = next((n for n in ("owner_team", "team") if n in names), None)
    return team, ("instance" if "instance" in names else None)


def _classified(model: type[models.Model]) -> bool:
    return any(f.name == "classification" for f in model._meta.get_fields())


def confidential_possible(model: type[models.Model]) -> bool:
    """Whether `visible` may hide rows of this model (it has a classification, its own or its parent's)."""
    return getattr(model, "visibility_via", None) is not None or _classified(model)


def _sees_all(user: Actor, level: str) -> bool:
    return any(
        g.team_id is None and g.instance_id is None and g.role in SEES_EVERYWHERE[level] for g in grants_of(user)
    )


def _scoped_grants(user: Actor) -> list[Grant]:
    return [g for g in grants_of(user) if g.team_id is not None or g.instance_id is not None]


def visible(user: Actor, queryset: QuerySet) -> QuerySet:
    """The rows of `queryset` the user may see: confidential and private ones only with a role in them."""
    model = queryset.model
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    via = getattr(model, "visibility_via", None)
    if via is not None:
        parent = model._meta.get_field(via).related_model
        return queryset.filter(**{f"{via}__in": visible(user, parent._default_manager.all())})
    if not _classified(model):
        return queryset
    team_field, instance_field = _scope_fields(model)
    condition = Q(classification__in=OPEN_LEVELS)
    for level in (Classification.CONFIDENTIAL, Classification.PRIVATE):
        if _sees_all(user, level):
            condition |= Q(classification=level)
            continue
        for g in _scoped_grants(user):
            if (g.team_id is not None and team_field is None) or (g.instance_id is not None and instance_field is None):
                continue
            scope = Q(classification=level)
            if g.team_id is not None:
                scope &= Q(**{f"{team_field}_id": g.team_id})
            if g.instance_id is not None:
                scope &= Q(**{f"{instance_field}_id": g.instance_id})
            condition |= scope
    return queryset.filter(condition)


# What a record the reader may not see is called where a visible one depends on it (no name, key or link).
STAND_IN_NAME = "Confidential item"


def hidden_ids(user: Actor, queryset: QuerySet) -> frozenset[int]:
    """The ids of the rows of `queryset` the user may not see, in one query (the complement of `visible`)."""
    if not confidential_possible(queryset.model):
        return frozenset()
    shown = visible(user, queryset.model._default_manager.all()).values("pk")
    return frozenset(queryset.exclude(pk__in=shown).values_list("pk", flat=True))


def can_see(user: Actor, obj: models.Model) -> bool:
    """The rule of `visible` for one object already loaded."""
    if not user.is_authenticated or not user.is_active:
        return False
    via = getattr(type(obj), "visibility_via", None)
    if via is not None:
        return can_see(user, getattr(obj, via))
    level = getattr(obj, "classification", None)
    if level is None or level in OPEN_LEVELS:
        return True
    if _sees_all(user, level):
        return True
    if hasattr(obj, "visibility_scope"):
        team_id, instance_id = obj.visibility_scope()
    else:
        team_field, instance_field = _scope_fields(type(obj))
        team_id = getattr(obj, f"{team_field}_id") if team_field else None
        instance_id = getattr(obj, f"{instance_field}_id") if instance_field else None
    return any(g.covers(team_id, instance_id) for g in _scoped_grants(user))


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
