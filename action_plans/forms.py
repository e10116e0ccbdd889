"""Workspace forms for action plans: plan (R13, R20, R21), strategic vision (R22), meetings, endorsements (R19)."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from action_plans.models import ActionPlan, CoCreationMeeting, Endorsement, StrategicVision
from communes.models import Commune


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class PlanForm(forms.ModelForm):
    """R13, R21: the plan's title, summary (with English versions) and period."""

    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "title_en",
            "vision_summary",
            "vision_summary_en",
            "start_date",
            "end_date",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "vision_summary": forms.Textarea(attrs={"rows": 4}),
            "vision_summary_en": forms.Textarea(attrs={"rows": 4}),
        }

    def _post_clean(self):
        # R13 and R20 need the plan's communes: the service checks them.
        pass


class PlanCreateForm(PlanForm):
    """R20: a plan of this commune alone, or a joint plan with 1 to 3 other communes of its country."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Other communes of a joint plan"),
        queryset=Commune.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Leave empty for a plan of your commune alone. A joint plan has 2 to 4 communes of "
            "one country; your commune coordinates it (R20)."
        ),
    )

    class Meta(PlanForm.Meta):
        pass

    def __init__(self, *args, commune: Commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = (
            Commune.objects.members().filter(country=commune.country).exclude(pk=commune.pk)
        )


VISION_SECTIONS: dict[str, tuple[str, list[str]]] = {
    "duration": (_("1. Duration"), ["mandate_end", "plan_end"]),
    "foreword": (_("2. Foreword"), ["foreword"]),
    "vision": (
        _("4. Challenges, opportunities and strategic vision"),
        [
            "long_term_vision",
            "achievements",
            "challenges",
            "medium_term_goals",
            "contribution",
            "policy_alignment",
        ],
    ),
    "engagement": (
        _("5. Engagement and coordination"),
        [
            "lead_institutions",
            "coordination",
            "co_creation_spaces",
            "diversity_measures",
            "participants",
            "number_of_groups",
            "number_of_meetings",
            "continued_collaboration",
        ],
    ),
    "monitoring": (
        _("6. Monitoring"),
        [
            "monitoring_body",
            "monitoring_body_contacts",
            "progress_discussion",
            "progress_follow_up",
            "progress_publication",
        ],
    ),
    "endorsement": (
        _("7-9. Endorsements, documents and consultation"),
        ["endorsing_stakeholders", "documents", "online_consultation_url"],
    ),
}


def vision_form_class(section: str) -> type[forms.ModelForm]:
    """R22: the form of one section of the strategic vision (every field may stay blank)."""
    _title, fields = VISION_SECTIONS[section]
    widgets: dict[str, forms.Widget] = {}
    for name in fields:
        model_field = StrategicVision._meta.get_field(name)
        if isinstance(model_field, models.DateField):
            widgets[name] = DateInput()
        elif isinstance(model_field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 4})
    meta = type("Meta", (), {"model": StrategicVision, "fields": fields, "widgets": widgets})
    return type("VisionSectionForm", (forms.ModelForm,), {"Meta": meta})


class MeetingForm(forms.ModelForm):
    """R19: a co-creation or implementation meeting with its participants and organisations."""

    class Meta:
        model = CoCreationMeeting
        fields = [
            "title",
            "held_on",
            "phase",
            "kind",
            "is_forum",
            "government_participants",
            "non_government_participants",
            "organisations",
            "location",
            "online_url",
            "is_public",
            "description",
        ]
        widgets = {
            "held_on": DateInput(),
            "organisations": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisations"].queryset = organisations


class EndorsementForm(forms.ModelForm):
    """R19: a named non-governmental stakeholder endorses the plan."""

    class Meta:
        model = Endorsement
        fields = ["organisation", "endorsed_on", "person_name", "person_title"]
        widgets = {"endorsed_on": DateInput()}

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
