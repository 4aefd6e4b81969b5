"""Generic pages for every record type: list (filter, search, paginate), detail (with history), create,
edit and retire. Each record type is configured once with a `RecordType`; no page is copy-pasted."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from contingent.access.services import can, can_anywhere, visible
from contingent.audit.services import history_of
from contingent.lib.durations import format_duration


@dataclass
class Column:
    label: str
    value: Callable[..., Any]
    link: bool = False
    viewer: bool = False  # value(obj, user): what it shows depends on what the user may see

    def show(self, obj: Any, user: Any) -> Any:
        return self.value(obj, user) if self.viewer else self.value(obj)


@dataclass
class Filter:
    name: str
    label: str
    lookup: str
    choices: Callable[[], list[tuple[str, str]]]


@dataclass
class RecordType:
    slug: str
    title: str
    singular: str
    queryset: Callable[[], QuerySet]
    columns: list[Column]
    form: type[forms.ModelForm]
    create: Callable[..., Model] | None
    update: Callable[..., Model] | None
    retire: Callable[..., Model] | None
    search: list[str] = field(default_factory=lambda: ["name"])
    filters: list[Filter] = field(default_factory=list)
    detail_template: str | None = None
    detail_context: Callable[[HttpRequest, Any], dict[str, Any]] | None = None
    intro: str = ""
    page_size: int = 50
    new_instance: Callable[[], Model] | None = None  # a blank record with fixed fields (an item's kind)
    heading: Callable[[Any, Any], str] | None = None  # (obj, user) -> title, when str(obj) may name hidden records

    def url(self, view: str, pk: int | None = None) -> str:
        name = f"{self.slug}-{view}"
        return reverse(name, args=[pk]) if pk is not None else reverse(name)

    def get(self, pk: int, user: Any) -> Any:
        """The record if it exists and the user may see it; missing and confidential look the same (404)."""
        obj = visible(user, self.queryset()).filter(pk=pk).first()
        if obj is None:
            raise Http404(f"No such {self.singular.lower()}")
        return obj

    def urls(self) -> list:
        return [
            path(f"{self.slug}/", login_required(self.list_view), name=f"{self.slug}-list"),
            path(f"{self.slug}/new/", login_required(self.create_view), name=f"{self.slug}-create"),
            path(f"{self.slug}/<int:pk>/", login_required(self.detail_view), name=f"{self.slug}-detail"),
            path(f"{self.slug}/<int:pk>/edit/", login_required(self.edit_view), name=f"{self.slug}-edit"),
            path(f"{self.slug}/<int:pk>/retire/", login_required(self.retire_view), name=f"{self.slug}-retire"),
        ]

    # -- pages -------------------------------------------------------------------------------------

    def filtered(self, request: HttpRequest) -> QuerySet:
        qs = visible(request.user, self.queryset())
        if request.GET.get("retired") != "1":
            qs = qs.filter(retired_at__isnull=True)
        query = request.GET.get("q", "").strip()
        if query:
            condition = Q()
            for name in self.search:
                condition |= Q(**{f"{name}__icontains": query})
            qs = qs.filter(condition)
        for f in self.filters:
            value = request.GET.get(f.name)
            if value:
                qs = qs.filter(**{f.lookup: value})
        return qs

    def list_view(self, request: HttpRequest) -> HttpResponse:
        page = Paginator(self.filtered(request), self.page_size).get_page(request.GET.get("page"))
        rows = [(obj, [c.show(obj, request.user) for c in self.columns]) for obj in page.object_list]
        params = request.GET.copy()
        params.pop("page", None)
        context = {
            "rt": self,
            "page": page,
            "rows": rows,
            "filters": [(f, f.choices(), request.GET.get(f.name, "")) for f in self.filters],
            "query": request.GET.get("q", ""),
            "show_retired": request.GET.get("retired") == "1",
            "params": params.urlencode(),
            "can_create": self.create is not None and can_anywhere(request.user, self.permission),
        }
        template = "web/list_rows.html" if request.headers.get("HX-Request") else "web/list.html"
        return render(request, template, context)

    @property
    def permission(self) -> str:
        return self.queryset().model.change_permission

    def may_change(self, request: HttpRequest, obj: Any) -> bool:
        return not obj.is_retired and can(request.user, self.permission, *obj.permission_scope())

    def detail_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get(pk, request.user)
        form = self.form(instance=obj)
        fields = [(form[name].label, display_value(obj, name, request.user)) for name in form.fields]
        context = {
            "rt": self,
            "obj": obj,
            "fields": fields,
            "history": history_of(obj)[:50],
            "may_change": self.may_change(request, obj),
            "heading": self.heading(obj, request.user) if self.heading else str(obj),
        }
        if self.detail_context:
            context.update(self.detail_context(request, obj))
        from contingent.evidence.views import record_evidence

        context.update(record_evidence(request, obj))
        return render(request, "web/detail.html", context)

    def create_view(self, request: HttpRequest) -> HttpResponse:
        if self.create is None or not can_anywhere(request.user, self.permission):
            raise PermissionDenied("Your roles do not allow you to add these records.")
        instance = self.new_instance() if self.new_instance else None
        form = restrict_choices(self.form(request.POST or None, initial=request.GET.dict(), instance=instance), request)
        if request.method == "POST" and form.is_valid():
            obj = self._save(request, form, lambda data: self.create(request.user, **data))  # type: ignore[misc]
            if obj is not None:
                messages.success(request, f"{self.singular} “{obj}” created.")
                return redirect(self.url("detail", obj.pk))
        return render(request, "web/form.html", {"rt": self, "form": form, "obj": None})

    def edit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get(pk, request.user)
        if self.update is None or not self.may_change(request, obj):
            raise PermissionDenied("Your roles do not allow you to change this record.")
        form = restrict_choices(self.form(request.POST or None, instance=self.get(pk, request.user)), request)
        if request.method == "POST" and form.is_valid():
            saved = self._save(request, form, lambda data: self.update(request.user, obj, **data))  # type: ignore[misc]
            if saved is not None:
                messages.success(request, f"{self.singular} “{saved}” saved.")
                return redirect(self.url("detail", saved.pk))
        return render(request, "web/form.html", {"rt": self, "form": form, "obj": obj})

    def retire_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = self.get(pk, request.user)
        if request.method != "POST" or self.retire is None:
            return redirect(self.url("detail", pk))
        try:
            self.retire(request.user, obj, request.POST.get("reason", ""))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{self.singular} “{obj}” retired.")
        return redirect(self.url("detail", pk))

    def _save(self, request: HttpRequest, form: forms.ModelForm, action: Callable) -> Any:
        data = {name: form.cleaned_data[name] for name in form.fields}
        try:
            return action(data)
        except ValidationError as error:
            attach_errors(form, error)
            return None


def restrict_choices(form: forms.BaseForm, request: HttpRequest) -> Any:
    """Pickers offer only records the user may see, so a confidential name never shows in a drop-down."""
    for choice_field in form.fields.values():
        queryset = getattr(choice_field, "queryset", None)
        if queryset is not None:
            choice_field.queryset = visible(request.user, queryset)  # type: ignore[attr-defined]
    return form


def attach_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError at the field it names (or at the top of the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(
            name if name in form.fields else None,
            messages_ if name in form.fields else [f"{name}: {m}" for m in messages_],
        )


def display_value(obj: Any, name: str, user: Any = None) -> Any:
    getter = getattr(obj, f"get_{name}_display", None)
    if getter:
        return getter()
    value = getattr(obj, name, "")
    if hasattr(value, "all"):
        related = value.all() if user is None else visible(user, value.all())
        hidden = value.count() - related.count() if user is not None else 0
        shown = [str(v) for v in related] + ([f"{hidden} confidential"] if hidden else [])
        return ", ".join(shown) or "—"
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, timedelta):
        return format_duration(value)
    return value
