"""Workspace forms: quarterly updates (R23), evidence (R24), commitments (R16-R18), comments (R25)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import (
    Commitment,
    CommitmentActor,
    CommitmentChange,
    CompletionLevel,
    Evidence,
    Milestone,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class UpdateForm(forms.Form):
    """R23: one commitment's part of the quarterly update form."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    progress = forms.CharField(
        label=_("Progress this quarter"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    delay_reasons = forms.CharField(
        label=_("Reasons for delays"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    completion_level = forms.ChoiceField(
        label=_("Completion level"),
        choices=[("", _("Choose…")), *CompletionLevel.choices],
        required=False,
    )

    def __init__(self, *args, commitment: Commitment, milestones: list[Milestone], **kwargs):
        super().__init__(*args, **kwargs)
        self.commitment = commitment
        self.milestones = milestones
        for milestone in milestones:
            self.fields[f"milestone_{milestone.pk}"] = forms.ChoiceField(
                label=milestone.description,
                choices=Milestone.Status.choices,
                initial=milestone.status,
                required=True,
            )

    def milestone_fields(self):
        return [self[f"milestone_{m.pk}"] for m in self.milestones]

    def is_blank(self) -> bool:
        """Nothing typed and no milestone status changed: the commitment is left for later."""
        data = self.cleaned_data
        if any(data.get(name) for name in ("progress", "delay_reasons", "next_steps")):
            return False
        if data.get("completion_level"):
            return False
        return all(data[f"milestone_{m.pk}"] == m.status for m in self.milestones)

    def milestone_statuses(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"milestone_{m.pk}"] for m in self.milestones}


class EvidenceForm(forms.Form):
    """R24: an optional file or link added with a form; empty means nothing to add."""

    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, office document, spreadsheet, photo, video or CSV; 10 MB at most."),
    )
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    title = forms.CharField(label=_("Title of the evidence"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of evidence"),
        choices=Evidence.Kind.choices,
        initial=Evidence.Kind.OTHER,
        required=False,
    )
    dated = forms.DateField(label=_("Date of the evidence"), required=False, widget=DateInput())
    is_public = forms.BooleanField(
        label=_("Public"),
        required=False,
        initial=True,
        help_text=_("Restricted evidence is seen by staff and the monitoring body only."),
    )

    def has_evidence(self) -> bool:
        return bool(self.cleaned_data.get("file") or self.cleaned_data.get("url"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file") or cleaned.get("url"):
            if cleaned.get("file") and cleaned.get("url"):
                self.add_error("url", _("Give either a file or a link, not both."))
            if not cleaned.get("title"):
                self.add_error("title", _("Give the evidence a title."))
            if not cleaned.get("dated"):
                self.add_error("dated", _("Give the date of the evidence."))
            if not cleaned.get("kind"):
                self.add_error("kind", _("Choose the kind of evidence."))
        return cleaned


class CommentReplyForm(forms.Form):
    """R25: the commune's reply to a public comment."""

    reply = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 3}))


class CommitmentForm(forms.ModelForm):
    """R16: a commitment's content, with the version it was opened on (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    class Meta:
        model = Commitment
        fields = [
            "commune",
            "title",
            "title_en",
            "start_date",
            "end_date",
            "problem",
            "status_quo",
            "action",
            "action_en",
            "solution",
            "long_term_goal",
            "policy_areas",
            "primary_sectors",
            "ogp_values",
            "budget_amount",
            "budget_currency",
            "staff",
            "months",
            "other_resources",
            "resources_secured",
            "additional_information",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "status_quo": forms.Textarea(attrs={"rows": 3}),
            "action": forms.Textarea(attrs={"rows": 3}),
            "action_en": forms.Textarea(attrs={"rows": 3}),
            "solution": forms.Textarea(attrs={"rows": 3}),
            "long_term_goal": forms.Textarea(attrs={"rows": 3}),
            "other_resources": forms.Textarea(attrs={"rows": 2}),
            "additional_information": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        members = plan.member_communes()
        self.fields["commune"].queryset = self.fields["commune"].queryset.filter(
            pk__in=[c.pk for c in members]
        )
        if len(members) < 2:
            self.fields["commune"].required = True
            self.fields["commune"].empty_label = None
        else:
            self.fields["commune"].empty_label = _("Joint commitment (all the plan's communes)")
        if not self.is_bound:
            self.initial["version"] = self.instance.version if self.instance.pk else 0


class ActorForm(forms.ModelForm):
    class Meta:
        model = CommitmentActor
        fields = [
            "role",
            "organisation_name",
            "branch",
            "contact_name",
            "contact_title",
            "email",
            "role_description",
        ]
        widgets = {"role_description": forms.Textarea(attrs={"rows": 2})}


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m")
        super().__init__(**kwargs)


class MilestoneForm(forms.ModelForm):
    start_month = forms.DateField(
        label=_("start month"), widget=MonthInput(), input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"]
    )
    end_month = forms.DateField(
        label=_("end month"), widget=MonthInput(), input_formats=["%Y-%m", "%m/%Y", "%Y-%m-%d"]
    )

    class Meta:
        model = Milestone
        fields = [
            "description",
            "start_month",
            "end_month",
            "responsible_organisation",
            "contact",
            "status",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


ActorFormSet = forms.inlineformset_factory(
    Commitment, CommitmentActor, form=ActorForm, extra=1, can_delete=True
)
MilestoneFormSet = forms.inlineformset_factory(
    Commitment, Milestone, form=MilestoneForm, extra=1, can_delete=True
)


class ChangeForm(forms.ModelForm):
    """R18: a change of a submitted commitment, with its reason, decision and approvers."""

    class Meta:
        model = CommitmentChange
        fields = ["kind", "description", "reason", "how_decided", "approved_by", "decided_on"]
        widgets = {
            "decided_on": DateInput(),
            "approved_by": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "how_decided": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = organisations
