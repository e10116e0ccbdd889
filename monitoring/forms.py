"""Forms of the monitoring workspace: the assessment by kind (R26, IRM scales) and the reply."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Assessment, CommitmentAssessment

# R19: the co-creation requirements the initial assessment judges.
CO_CREATION_REQUIREMENTS = (
    ("forum", _("Forum: a participation space is in place")),
    ("regularity", _("Regularity: meetings with non-governmental stakeholders")),
    ("multi_stakeholder", _("Multi-stakeholder: government and non-government take part")),
    ("endorsement", _("Endorsement: non-governmental stakeholders approved the plan")),
)

FIELDS_BY_KIND = {
    Assessment.Kind.INITIAL: ["summary", "recommended_practices"],
    Assessment.Kind.END_OF_COMMITMENT: ["summary", "completion_level", "early_results"],
    Assessment.Kind.FINAL_LEARNING: ["summary", "lessons"],
}


class AssessmentForm(forms.ModelForm):
    """R26: the fields of the assessment's kind; the initial one adds the R19 findings."""

    class Meta:
        model = Assessment
        fields = [
            "summary",
            "recommended_practices",
            "completion_level",
            "early_results",
            "lessons",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "recommended_practices": forms.Textarea(attrs={"rows": 4}),
            "lessons": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.instance.kind
        for name in list(self.fields):
            if name not in FIELDS_BY_KIND[kind]:
                del self.fields[name]
        if kind == Assessment.Kind.INITIAL:
            findings = self.instance.co_creation_findings or {}
            for key, label in CO_CREATION_REQUIREMENTS:
                found = findings.get(key, {})
                self.fields[f"{key}_met"] = forms.BooleanField(
                    label=label, required=False, initial=found.get("met", False)
                )
                self.fields[f"{key}_notes"] = forms.CharField(
                    label=_("Notes"),
                    required=False,
                    initial=found.get("notes", ""),
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def requirement_fields(self):
        """Pairs (met, notes) of bound fields, in the R19 order, for the template."""
        return [
            (self[f"{key}_met"], self[f"{key}_notes"])
            for key, _label in CO_CREATION_REQUIREMENTS
            if f"{key}_met" in self.fields
        ]

    def service_data(self) -> dict:
        """The values the draft service writes (model fields of this kind, findings as JSON)."""
        data = {name: self.cleaned_data[name] for name in FIELDS_BY_KIND[self.instance.kind]}
        if self.instance.kind == Assessment.Kind.INITIAL:
            data["co_creation_findings"] = {
                key: {
                    "met": self.cleaned_data[f"{key}_met"],
                    "notes": self.cleaned_data[f"{key}_notes"],
                }
                for key, _label in CO_CREATION_REQUIREMENTS
            }
        return data


class JudgementForm(forms.ModelForm):
    """R26: relevance to OGP values, verifiability and potential impact of one commitment."""

    class Meta:
        model = CommitmentAssessment
        fields = ["is_relevant", "relevance_notes", "is_verifiable", "potential_impact", "notes"]
        widgets = {
            "relevance_notes": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class ReplyForm(forms.Form):
    """R26: the commune's reply, published beside the assessment."""

    commune_reply = forms.CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ReopenForm(forms.Form):
    """Staff reopen a submitted assessment, with a reason."""

    reason = forms.CharField(
        label=_("Reason for reopening"), widget=forms.Textarea(attrs={"rows": 3})
    )
