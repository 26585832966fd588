"""Forms for the organisation pages: the CSV/XLSX import upload."""

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from lederspor.core.uploads import MB, UploadLimits, check_upload

#: largest accepted import file, in bytes (5 MB; never more than `LEDERSPOR_UPLOAD_MAX_MB`)
IMPORT_MAX_BYTES = 5 * MB
IMPORT_SUFFIXES = (".csv", ".xlsx")


class ImportForm(forms.Form):
    """Upload of a units or persons file (docs/import.md), optionally as a dry run and/or a
    full load (missing persons or units become inactive; issue #17 §2)."""

    KIND_CHOICES = [("units", _("Enheder")), ("persons", _("Personer"))]

    kind = forms.ChoiceField(
        label=_("Hvad vil du importere?"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        initial="units",
    )
    file = forms.FileField(
        label=_("Fil"),
        help_text=_(
            "En .csv- (UTF-8) eller .xlsx-fil på højst 5 MB. Første linje er overskrifter."
        ),
        widget=forms.FileInput(attrs={"accept": ",".join(IMPORT_SUFFIXES)}),
    )
    dry_run = forms.BooleanField(
        label=_("Kun afprøv (gem ikke noget)"),
        required=False,
        help_text=_("Kontrollér filen og se, hvad der ville ske, uden at gemme."),
    )

    full = forms.BooleanField(
        label=_("Fuld indlæsning (deaktivér dem, der mangler i filen)"),
        required=False,
        help_text=_(
            "Filen er hele organisationen: personer (eller enheder), der ikke står i filen, "
            "bliver inaktive. Intet slettes, og de bliver aktive igen, hvis de kommer tilbage."
        ),
    )

    def clean_file(self) -> UploadedFile[bytes]:
        """Reject files that are not .csv or .xlsx, files over 5 MB, and an XLSX whose archive
        is past the limits (`core.uploads.check_upload`: a zip bomb is refused here, before
        anything parses it)."""
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        name = upload.name or ""
        if not name.lower().endswith(IMPORT_SUFFIXES):
            raise forms.ValidationError(_("Vælg en .csv- eller .xlsx-fil."), code="suffix")
        limits = UploadLimits.from_settings(max_bytes=IMPORT_MAX_BYTES)
        check_upload(upload, name=name, size=upload.size, limits=limits)  # ValidationError
        return upload
