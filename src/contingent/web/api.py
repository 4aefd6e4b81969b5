"""The REST API's shared machinery: authentication, error shapes, and one generic set of endpoints
(list with filters, read, create, patch, retire, history) configured per record type."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import create_model

from contingent.access.services import user_for_token, visible
from contingent.audit.services import history_of


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(APIKeyCookie):
    """The web UI's session; unsafe methods need the CSRF token as in the rest of Django."""

    param_name = "sessionid"

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[FieldError] = []


class EventOut(Schema):
    sequence: int
    at: str
    actor: str
    action: str
    changes: dict


def history_rows(obj: Any) -> list[dict[str, Any]]:
    """A record's audit history as EventOut rows, newest first."""
    return [
        {"sequence": e.sequence, "at": e.at.isoformat(), "actor": e.actor_name, "action": e.action, "changes": e.changes}
        for e in history_of(obj)
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [{"field": f, "message": m} for f, msgs in exc.message_dict.items() for m in msgs]
        else:
            errors = [{"field": "", "message": m} for m in exc.messages]
        summary = "; ".join(f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors)
        return api.create_response(request, {"detail": summary, "errors": errors}, status=422)

    @api.exception_handler(NinjaValidationError)
    def bad_shape(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = []
        for e in exc.errors:
            loc = [str(p) for p in e.get("loc", []) if p not in ("body", "payload", "query") and "[" not in str(p)]
            errors.append({"field": ".".join(loc), "message": e.get("msg", "invalid")})
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return api.create_response(request, {"detail": summary, "errors": errors}, status=422)

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "not allowed", "errors": []}, status=403)

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": str(exc) or "not found", "errors": []}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return api.create_response(
            request, {"detail": "sign in, or send 'Authorization: Bearer <token>'", "errors": []}, status=401
        )


def partial(schema: type[Schema]) -> type[Schema]:
    """The same fields, all optional: the body of a PATCH."""
    fields = {name: (f.annotation | None, None) for name, f in schema.model_fields.items()}
    return create_model(f"{schema.__name__}Patch", __base__=Schema, **fields)  # type: ignore[call-overload]


@dataclass
class Endpoint:
    """One record type exposed as /<path>/ with list, read, create, patch, retire and history."""

    path: str
    noun: str
    queryset: Callable[[], QuerySet]
    out: type[Schema]
    body: type[Schema]
    create: Callable[[Any, dict[str, Any]], Any]
    update: Callable[[Any, Any, dict[str, Any]], Any]
    retire: Callable[[Any, Any, str], Any] | None
    search: list[str] = field(default_factory=lambda: ["name"])
    filters: dict[str, str] = field(default_factory=dict)  # query parameter -> ORM lookup
    to_data: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: data
    present: Callable[[Any, Any], Any] = lambda obj, user: obj  # (record, reader) -> API shape

    def get(self, pk: int, user: Any) -> Any:
        """The record if it exists and the user may see it; missing and confidential look the same (404)."""
        obj = visible(user, self.queryset()).filter(pk=pk).first()
        if obj is None:
            raise Http404(f"no {self.noun} with id {pk}")
        return obj

    def register(self, router: Router) -> None:
        ep, tag = self, [self.path]
        ident = self.path.replace("-", "_").replace("/", "_")  # unique operationIds: clients are generated from them
        filter_params = ", ".join(sorted(self.filters))
        patch_body = partial(self.body)
        page_out = create_model(
            f"{self.out.__name__}Page", __base__=Schema, count=(int, ...), items=(list[self.out], ...)
        )  # type: ignore[valid-type]

        @router.get(
            f"/{self.path}/",
            operation_id=f"list_{ident}",
            response=page_out,
            tags=tag,
            summary=f"List {self.path}",
            description=f"Filter with q (search), retired=true, and: {filter_params or 'none'}. Paginate with limit (max 1000) and offset.",
        )
        def list_(request: HttpRequest, q: str = "", retired: bool = False, limit: int = 100, offset: int = 0) -> Any:
            qs = visible(request.user, ep.queryset())
            if not retired:
                qs = qs.filter(retired_at__isnull=True)
            if q:
                cond = Q()
                for name in ep.search:
                    cond |= Q(**{f"{name}__icontains": q})
                qs = qs.filter(cond)
            for param, lookup in ep.filters.items():
                if param in request.GET:
                    qs = qs.filter(**{lookup: request.GET[param]})
            limit = max(1, min(limit, 1000))
            qs = qs.order_by("pk")
            return {"count": qs.count(), "items": [ep.present(o, request.user) for o in qs[offset : offset + limit]]}

        @router.get(
            f"/{self.path}/{{int:pk}}",
            response={200: self.out, 404: ErrorOut},
            tags=tag,
            summary=f"Read a {self.noun}",
            operation_id=f"read_{ident}",
        )
        def read(request: HttpRequest, pk: int) -> Any:
            return ep.present(ep.get(pk, request.user), request.user)

        @router.post(
            f"/{self.path}/",
            operation_id=f"create_{ident}",
            response={201: self.out, 403: ErrorOut, 422: ErrorOut},
            tags=tag,
            summary=f"Create a {self.noun}",
        )
        def create(request: HttpRequest, payload: self.body) -> Any:  # type: ignore[valid-type]
            obj = ep.create(request.user, ep.to_data(payload.dict()))
            return 201, ep.present(ep.get(obj.pk, request.user), request.user)

        @router.patch(
            f"/{self.path}/{{int:pk}}",
            operation_id=f"change_{ident}",
            response={200: self.out, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
            tags=tag,
            summary=f"Change a {self.noun}",
        )
        def patch(request: HttpRequest, pk: int, payload: patch_body) -> Any:  # type: ignore[valid-type]
            obj = ep.get(pk, request.user)
            ep.update(request.user, obj, ep.to_data(payload.dict(exclude_unset=True)))
            return ep.present(ep.get(pk, request.user), request.user)

        if self.retire is not None:

            @router.post(
                f"/{self.path}/{{int:pk}}/retire",
                operation_id=f"retire_{ident}",
                response={200: self.out, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
                tags=tag,
                summary=f"Retire a {self.noun}",
            )
            def retire(request: HttpRequest, pk: int, reason: str = "") -> Any:
                ep.retire(request.user, ep.get(pk, request.user), reason)  # type: ignore[misc]
                return ep.present(ep.get(pk, request.user), request.user)

        @router.get(
            f"/{self.path}/{{int:pk}}/history",
            operation_id=f"history_{ident}",
            response={200: list[EventOut], 404: ErrorOut},
            tags=tag,
            summary=f"Audit history of a {self.noun}",
        )
        def history(request: HttpRequest, pk: int) -> Any:
            return history_rows(ep.get(pk, request.user))
