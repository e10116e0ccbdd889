"""Forms of the public site: the anonymous comment on a progress update (R25)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from commitments.models import Comment


class CommentForm(forms.Form):
    """R25: name, e-mail (never shown) and text; ``website`` is a honeypot left empty by people."""

    author_name = forms.CharField(label=_("Your name"), max_length=120)
    author_email = forms.EmailField(
        label=_("Your e-mail"), help_text=_("Never shown; used only if the commune must reach you.")
    )
    body = forms.CharField(
        label=_("Your comment"),
        max_length=Comment._meta.get_field("body").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # R25: bots fill every field; the field is hidden from people and from screen readers.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, update_id=None, **kwargs):
        prefix = f"c{update_id}" if update_id else None
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get(self.add_prefix("website")))
