"""Public application form for volunteers (R4)."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from communes.forms import HoneypotMixin
from communes.models import Call
from communes.validators import validate_application_document
from volunteers.models import Language, VolunteerApplication


class VolunteerApplicationForm(HoneypotMixin, forms.ModelForm):
    """R4: the eight criteria plus identity. R8: the passport's expiry date only, no number."""

    REQUIRED = (
        "first_name",
        "last_name",
        "email",
        "nationality",
        "country_of_residence",
        "gender",
        "languages",
        "competence_domain",
        "passport_expires_on",
        "motivation",
        "cv",
    )

    languages = forms.TypedMultipleChoiceField(
        label=_("Languages you work in"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = VolunteerApplication
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "nationality",
            "country_of_residence",
            "gender",
            "languages",
            "competence_domain",
            "available_for_mission",
            "passport_expires_on",
            "open_data_experience",
            "training_modules",
            "local_governance_knowledge",
            "civic_tech_knowledge",
            "motivation",
            "cv",
        ]
        widgets = {
            "passport_expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "open_data_experience": forms.Textarea(attrs={"rows": 4}),
            "training_modules": forms.Textarea(attrs={"rows": 3}),
            "local_governance_knowledge": forms.Textarea(attrs={"rows": 3}),
            "civic_tech_knowledge": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "cv": forms.ClearableFileInput(attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf"}),
        }
        help_texts = {
            "passport_expires_on": _(
                "Only the expiry date: we never ask for the passport number. It must be valid at "
                "least 1 year after the mission starts."
            ),
            "available_for_mission": _(
                "Tick if you are available for the whole mission period (6 months)."
            ),
            "cv": _("PDF or office document, 5 MB at most."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.REQUIRED:
            self.fields[name].required = True
        self.fields["cv"].validators.append(validate_application_document)


class ApplicationImportForm(forms.Form):
    """R5: a CSV file of applications received elsewhere, for one call for volunteers."""

    call = forms.ModelChoiceField(
        label=_("Call"),
        queryset=Call.objects.for_volunteers().select_related("cohort").order_by("-opens_at"),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8, comma or semicolon separated, with the columns of the README."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise forms.ValidationError(_("Send a .csv file."))
        if file.size > settings.APPLICATION_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("The file is too large."))
        head = file.read(2048)
        file.seek(0)
        if b"\x00" in head:
            raise forms.ValidationError(_("This is not a text (CSV) file."))
        return file
