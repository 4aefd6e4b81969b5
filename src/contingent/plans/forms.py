"""Forms of the plan pages; the services hold the rules, these only parse."""

from typing import Any

from django import forms

from contingent.bia.models import ImpactAssessment
from contingent.inventory.models import Item
from contingent.org.models import Person, Team
from contingent.plans.models import Plan, RunbookStep
from contingent.web.fields import human_durations


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["key", "title", "kind", "team", "instance", "owner", "reviewers", "classification"]
        help_texts = {"team": "the team whose plan it is (the infrastructure team for the global DR plan)"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.active()  # type: ignore[attr-defined]
        self.fields["owner"].queryset = Person.objects.active()  # type: ignore[attr-defined]
        self.fields["reviewers"].queryset = Person.objects.active()  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["kind"].disabled = True


class SectionForm(forms.Form):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        help_text="plain text; blank lines separate paragraphs, lines starting with “- ” are bullets",
    )
    items = forms.ModelMultipleChoiceField(
        Item.objects.active(), required=False, label="Services, processes, assets, suppliers"
    )
    assessments = forms.ModelMultipleChoiceField(
        ImpactAssessment.objects.active().select_related("item"), required=False, label="Impact assessments"
    )
    people = forms.ModelMultipleChoiceField(Person.objects.active(), required=False)
    teams = forms.ModelMultipleChoiceField(Team.objects.active(), required=False)
    plans = forms.ModelMultipleChoiceField(Plan.objects.active(), required=False, label="Other plans")


class StepForm(forms.ModelForm):
    predecessors = forms.ModelMultipleChoiceField(
        RunbookStep.objects.none(), required=False, label="Waits on", help_text="steps that must finish first"
    )

    class Meta:
        model = RunbookStep
        formfield_callback = human_durations
        fields = [
            "key", "title", "phase", "team", "role", "optimistic", "likely", "pessimistic", "predecessors",
            "instructions", "verification", "safeguards", "evidence", "service",
        ]  # fmt: skip
        labels = {"likely": "Expected duration", "evidence": "Evidence to capture"}
        help_texts = {
            "instructions": "written so an appropriately skilled engineer without knowledge of the system can follow",
        }

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = RunbookStep.objects.select_related("plan").exclude(pk=self.instance.pk)
        self.fields["predecessors"].queryset = others  # type: ignore[attr-defined]
        self.fields["predecessors"].label_from_instance = lambda s: f"{s.qualified_key} — {s.title}"  # type: ignore[attr-defined]
        self.fields["team"].queryset = Team.objects.active()  # type: ignore[attr-defined]
        self.fields["service"].queryset = Item.objects.active().exclude(kind=Item.Kind.SUPPLIER)  # type: ignore[attr-defined]
        for name, label in (
            ("optimistic", "Optimistic"),
            ("likely", "Expected duration"),
            ("pessimistic", "Pessimistic"),
        ):
            self.fields[name].required = True
            self.fields[name].label = label


class ReferenceForm(forms.Form):
    target = forms.ModelChoiceField(Plan.objects.active(), label="Plan to orchestrate")
    handoff = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)


class TransitionForm(forms.Form):
    action = forms.CharField()
    comment = forms.CharField(required=False)
