"""Input validators shared by every form (see the control-character rule in apps.common.text)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

from apps.common.text import control_message, find_control


@deconstructible
class ProhibitControlCharacters:
    """Refuses text holding a control character (tab and line breaks allowed)."""

    code = "control_characters"

    def __call__(self, value: Any) -> None:
        char = find_control(str(value)) if value else None
        if char is not None:
            raise ValidationError(control_message(char), code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ProhibitControlCharacters)

    def __hash__(self) -> int:
        return hash(self.code)
