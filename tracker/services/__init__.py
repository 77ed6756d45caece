"""Use cases: each takes the acting user, checks permission, changes state and commits."""


class ServiceError(Exception):
    """Base for errors a person can act on; views turn them into pages with the right status."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class PermissionDenied(ServiceError):
    status = 403


class NotFound(ServiceError):
    status = 404


class Invalid(ServiceError):
    """The input was wrong; the message says what and where."""

    status = 422


class Conflict(ServiceError):
    """Someone else changed the same thing first."""

    status = 409
