"""`recordkit review`: a local web app to check items against their pages and correct them.

Starlette + Jinja2 + htmx (vendored). It serves the files of OUT and page images of the cases'
own documents, nothing else; every request that changes state carries the CSRF token; it
logs no document text.
"""

from __future__ import annotations

import errno
import logging
import secrets
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from recordkit.exceptions import BadArgumentsError
from recordkit.review import views
from recordkit.review.context import CaseContext, NotFound

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
SERVED_OUTPUTS = {
    "timeline.png": "image/png",
    "timeline.svg": "image/svg+xml",
    "review-packet.pdf": "application/pdf",
    "timeline.csv": "text/csv; charset=utf-8",
    "events.json": "application/json",
    "events-corrected.json": "application/json",
    "corrections.json": "application/json",
    "manifest.json": "application/json",
}
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)


@dataclass
class ReviewConfig:
    """What the app serves and who is reviewing."""

    out: Path
    reviewer: str
    cache_dir: Path | None = None
    allowed_hosts: tuple[str, ...] = ("127.0.0.1", "localhost")


class Guard:
    """Pure ASGI middleware: strict CSP, no caching, no referrer, no sniffing.

    A failure is logged by its type and path only, never with a message that could quote a
    document.
    """

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # type: ignore[no-untyped-def]
        """Add the headers to every HTTP response."""

        async def wrapped(message) -> None:  # type: ignore[no-untyped-def]
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"cache-control", b"no-store"),
                    (b"x-frame-options", b"DENY"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                message = {**message, "headers": headers}
            await send(message)

        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, wrapped)
        except Exception as e:
            log.error(
                "internal error (%s) on %s %s", type(e).__name__, scope["method"], scope["path"]
            )
            await PlainTextResponse("internal error (see the server log)", 500)(
                scope, receive, wrapped
            )


def create_app(config: ReviewConfig) -> Starlette:
    """The review app for one OUT folder."""
    out = config.out.resolve()
    loader = jinja2.FileSystemLoader(str(HERE / "templates"))
    templates = Jinja2Templates(env=jinja2.Environment(loader=loader, autoescape=True))
    token = secrets.token_urlsafe(32)
    cases: dict[str, CaseContext] = {}

    lock = threading.Lock()

    def case(request: Request) -> CaseContext:
        case_id = request.path_params["case_id"]
        with lock:
            ctx = cases.get(case_id)
            if ctx is None:
                ctx = CaseContext.open(out, case_id, config.cache_dir)
                cases[case_id] = ctx
            ctx.refresh()
        return ctx

    env = views.Env(templates=templates, token=token, reviewer=config.reviewer, out=out)

    async def batch(request: Request) -> Response:
        return views.batch(env, request)

    async def case_page(request: Request) -> Response:
        return views.case_page(env, request, case(request))

    def item(request: Request) -> Response:
        return views.item_panel(env, request, case(request))

    def page_panel(request: Request) -> Response:
        return views.page_panel(env, request, case(request))

    def page_png(request: Request) -> Response:
        return views.page_png(request, case(request))

    async def output(request: Request) -> Response:
        name = request.path_params["name"]
        ctx = case(request)
        if name not in SERVED_OUTPUTS or not (ctx.case_out / name).is_file():
            raise NotFound("no such output")
        return FileResponse(ctx.case_out / name, media_type=SERVED_OUTPUTS[name])

    async def correct(request: Request) -> Response:
        form = await views.checked_form(request, token)
        return views.correct(env, request, case(request), form)

    async def rebuild(request: Request) -> Response:
        form = await views.checked_form(request, token)
        return views.rebuild(env, request, case(request), form)

    routes = [
        Route("/", batch),
        Route("/favicon.ico", lambda request: Response(status_code=204)),
        Route("/case/{case_id}", case_page),
        Route("/case/{case_id}/item/{item_id}", item),
        Route("/case/{case_id}/page", page_panel),
        Route("/case/{case_id}/page.png", page_png),
        Route("/case/{case_id}/out/{name}", output),
        Route("/case/{case_id}/correct", correct, methods=["POST"]),
        Route("/case/{case_id}/rebuild", rebuild, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    middleware = [
        Middleware(Guard),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts)),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers=views.EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port; a port in use is a bad argument with a plain message."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror as e:
        raise BadArgumentsError(f"--host {host}: not an address of this machine") from e
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as e:
        sock.close()
        if e.errno == errno.EADDRINUSE:
            raise BadArgumentsError(
                f"port {port} on {host} is already in use (another `recordkit review`?): "
                "stop that program or choose another --port"
            ) from e
        raise BadArgumentsError(f"cannot listen on {host}:{port}: {e.strerror}") from e
    return sock


def serve(config: ReviewConfig, host: str, sock: socket.socket) -> None:
    """Run the app on `sock` (see `listen`) until interrupted; no access log (URLs stay out)."""
    import uvicorn

    hosts = tuple(dict.fromkeys((*config.allowed_hosts, host)))
    app = create_app(ReviewConfig(config.out, config.reviewer, config.cache_dir, hosts))
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning"))
    with sock:
        server.run(sockets=[sock])
