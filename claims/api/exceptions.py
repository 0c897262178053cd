"""API errors: database-level refusals become JSON answers, never 500 pages."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.services import WorkflowError
from claims.validators import PROGRAM_LIMIT_EXCEEDED
from claims.versioning import RecordGone, VersionConflict


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of your last read of this record, so no one's edit is lost."
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    status_code = 412
    default_detail = "Someone else changed this record since you read it; read it again and reapply your change."
    default_code = "precondition_failed"


class Conflict(APIException):
    status_code = 409
    default_detail = "The record is not in a state this change can start from."
    default_code = "conflict"


def exception_handler(exc, context):
    response = _handle(exc, context)
    request = context.get("request")
    if response is not None and request is not None and not _readable_error_format(request):
        # Errors answer in JSON even under ?format=csv: a CSV of one error row helps no one.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response


def _readable_error_format(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return isinstance(renderer, (JSONRenderer, BrowsableAPIRenderer))


def workflow_refusal(error: WorkflowError) -> APIException:
    """403 for the role, 409 for the record's state, 400 for what the change lacks (on its field, if named)."""
    if error.permission:
        return PermissionDenied(str(error))
    if error.conflict:
        return Conflict(str(error))
    return ValidationError({error.field: [str(error)]} if error.field else str(error))


def _handle(exc, context):
    if isinstance(exc, WorkflowError):
        exc = workflow_refusal(exc)
    elif isinstance(exc, RecordGone):
        exc = NotFound("This record was deleted.")
    elif isinstance(exc, VersionConflict):
        exc = PreconditionFailed()
    response = drf_exception_handler(exc, context)
    if response is not None:
        return response
    if isinstance(exc, (ProtectedError, RestrictedError)):
        blocking = (
            sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
            if isinstance(exc, ProtectedError)
            else []
        )
        detail = "Other records depend on this one" + (f" ({', '.join(blocking)})" if blocking else "") + "."
        return Response({"detail": detail}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        return Response({"detail": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OperationalError) and getattr(exc.__cause__, "sqlstate", None) == PROGRAM_LIMIT_EXCEEDED:
        # Past a limit of PostgreSQL's own, such as 1 MB of words for a search index: nothing was written.
        return Response(
            {"detail": "The data is too large to store: " + str(exc).splitlines()[0]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, (IntegrityError, DataError)):
        # A constraint the serializer could not see (a race, a trigger): the write did not happen.
        return Response(
            {"detail": "The data breaks a database rule: " + str(exc).splitlines()[0]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None
