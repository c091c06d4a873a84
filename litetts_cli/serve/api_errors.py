"""Errors in the shape OpenAI clients parse: ``{"error": {message, type, param, code}}``.

The ``openai`` SDK turns the status into an exception class (400 BadRequestError, 401
AuthenticationError, 429 RateLimitError...) and shows ``error.message``; so every
refusal says what was wrong and how to fix it, like the CLI's errors do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from litetts_cli.errors import G2PError, LitettsError, ModelNotFound, UsageError, VoiceNotFound

__all__ = ["ApiError", "error_body", "from_litetts_error", "install_handlers"]

_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    405: "invalid_request_error",
    408: "invalid_request_error",
    413: "invalid_request_error",
    429: "rate_limit_error",
    500: "server_error",
    503: "server_error",
}


class ApiError(Exception):
    """A request the server refuses, with the HTTP status and OpenAI error fields."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        param: str | None = None,
        error_type: str | None = None,
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.param = param
        self.error_type = error_type or _TYPES.get(status, "invalid_request_error")
        self.headers = dict(headers or {})

    def response(self) -> JSONResponse:
        return JSONResponse(
            error_body(self.message, self.error_type, self.param, self.code),
            status_code=self.status,
            headers=self.headers,
        )


def error_body(message: str, error_type: str, param: str | None, code: str | None) -> dict:
    return {"error": {"message": message, "type": error_type, "param": param, "code": code}}


def from_litetts_error(exc: LitettsError, param: str | None = None) -> ApiError:
    """The API error for a library error raised while preparing a request."""
    if isinstance(exc, VoiceNotFound):
        return ApiError(400, exc.one_line(), code="voice_not_found", param="voice")
    if isinstance(exc, G2PError):
        return ApiError(400, exc.one_line(), code="unsupported_language", param=param or "voice")
    if isinstance(exc, ModelNotFound):
        return ApiError(400, exc.one_line(), code="voice_not_installed", param=param or "voice")
    if isinstance(exc, UsageError):
        return ApiError(400, exc.one_line(), code="invalid_value", param=param)
    return ApiError(500, exc.one_line(), code="internal_error")


def install_handlers(app, record: Callable[[ApiError], None] = lambda error: None) -> None:
    """Every error the app can produce, 404 and 405 included, answers in OpenAI's shape;
    ``record`` sees each one (for metrics)."""

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        record(exc)
        return exc.response()

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code)
        message = exc.detail if isinstance(exc.detail, str) else "request refused"
        if exc.status_code == 404:
            message = f"no route {request.method} {request.url.path}; see GET /v1/models and POST /v1/audio/speech"
        error = ApiError(exc.status_code, message, code=code, headers=exc.headers)
        record(error)
        return error.response()

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # Starlette still logs the traceback. The client gets the error in its shape but
        # not the exception's text, which may name server paths (issue 20).
        error = ApiError(500, f"internal error ({type(exc).__name__}); the server log has the details",
                         code="internal_error")
        record(error)
        return error.response()

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        param = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        error = ApiError(400, first.get("msg", "invalid request"), code="invalid_value", param=param)
        record(error)
        return error.response()
