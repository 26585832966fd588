"""Forms of the accounts app."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

#: a code from the authenticator app: six digits (TOTPDevice.digits, django-otp's default)
APP_CODE = re.compile(r"[0-9]{6}")
#: a recovery code: django-otp's StaticToken.random_token(), eight base32 characters (a–z, 2–7)
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")


def normalise_code(value: str) -> str:
    """The code as typed, without spaces and hyphens, in lower case ("ABCD-EFGH" → "abcdefgh";
    recovery codes are shown in two groups of four)."""
    return re.sub(r"[\s-]", "", value).lower()


class TwoFactorSetupForm(forms.Form):
    """The six-digit code the authenticator app shows after scanning the QR code; a correct
    code confirms the app."""

    code = forms.CharField(
        label=_("Kode fra appen"),
        max_length=20,
        help_text=_("De 6 cifre, som appen viser lige nu."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        """Returns the six digits; raises ValidationError for anything else."""
        code = normalise_code(self.cleaned_data["code"])
        if not APP_CODE.fullmatch(code):
            raise forms.ValidationError(_("Skriv de 6 cifre, som appen viser."), code="format")
        return code


class TwoFactorVerifyForm(forms.Form):
    """The second step of a password sign-in: a code from the authenticator app or one of the
    recovery codes."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=20,
        help_text=_(
            "De 6 cifre fra godkendelsesappen – eller en af dine gendannelseskoder, "
            "hvis du ikke har telefonen ved hånden."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_code(self) -> str:
        """Returns the code normalised (`normalise_code`); raises ValidationError unless it is
        six digits or a recovery code's eight characters."""
        code = normalise_code(self.cleaned_data["code"])
        if not (APP_CODE.fullmatch(code) or RECOVERY_CODE.fullmatch(code)):
            raise forms.ValidationError(
                _("Skriv de 6 cifre fra appen eller en gendannelseskode på 8 tegn."),
                code="format",
            )
        return code
