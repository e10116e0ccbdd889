"""The one exception services raise when a rule refuses an action."""

from django.core.exceptions import ValidationError


class ApplicationError(Exception):
    """A rule of the domain refused the action; ``message`` is shown to the user as is.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    @classmethod
    def from_validation_error(
        cls, error: ValidationError, *, field: str | None = None
    ) -> "ApplicationError":
        """All messages of a model ValidationError, as one sentence for the user."""
        return cls(" ".join(error.messages), field=field)

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: [self.message]})
        return ValidationError(self.message)
