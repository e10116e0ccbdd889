"""Public application form for communes (R3) and the honeypot shared with the volunteer form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from communes.models import CommuneApplication
from communes.validators import validate_application_document

HONEYPOT_FIELD = "homepage"


class HoneypotMixin(forms.Form):
    """R45: a field people never see (hidden by CSS); bots that fill it are refused."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_homepage(self) -> str:
        value = self.cleaned_data.get(HONEYPOT_FIELD, "")
        if value:
            raise forms.ValidationError(_("This form was filled in automatically."))
        return value


class CommuneApplicationForm(HoneypotMixin, forms.ModelForm):
    """R3: every answer is required here; imports may still bring incomplete applications."""

    class Meta:
        model = CommuneApplication
        fields = [
            "commune_name",
            "country",
            "population",
            "mayor_name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "motivation",
            "governance_needs",
            "designated_staff",
            "civil_society_partners",
            "support_letter",
        ]
        widgets = {
            "motivation": forms.Textarea(attrs={"rows": 5}),
            "governance_needs": forms.Textarea(attrs={"rows": 4}),
            "designated_staff": forms.Textarea(attrs={"rows": 3}),
            "civil_society_partners": forms.Textarea(attrs={"rows": 3}),
            "support_letter": forms.ClearableFileInput(
                attrs={"accept": ".pdf,.doc,.docx,.odt,.rtf"}
            ),
        }
        help_texts = {
            "support_letter": _("Signed by the mayor. PDF or office document, 5 MB at most."),
            "governance_needs": _("What would open government change for your citizens?"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.Meta.fields:
            self.fields[name].required = True
        self.fields["support_letter"].validators.append(validate_application_document)
