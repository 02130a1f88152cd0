from django import forms
from django.apps import AppConfig

from apps.common.validators import ProhibitControlCharacters


class CommonConfig(AppConfig):
    name = "apps.common"
    verbose_name = "Dùng chung"

    def ready(self) -> None:
        # One rule for every form of every app (issue 16, "text hygiene at the edge"): a text
        # field refuses control characters, naming them, beside the field. Added to the class
        # default so that forms written later get it without having to remember it.
        validator = ProhibitControlCharacters()
        if validator not in forms.CharField.default_validators:
            forms.CharField.default_validators = [
                *forms.CharField.default_validators,
                validator,
            ]
