"""Who may see the class view: the link's token, our own Host, our own Origin.

Every `coach serve` makes a fresh random token. The printed link carries it
as ``?t=...``; the first request with it gets an HttpOnly, SameSite=Strict
cookie and is sent on to the clean URL, so the token leaves the address bar
(and any screenshot of it). Every later request must bring the cookie.

Before the token is even looked at, a request must name *us*: its Host must
be the address and port this connection reached (a DNS-rebinding page names
its own host), and an Origin header, when there is one, must be our own
origin (another page's script is refused, not just left unable to read).
Browsers also say where a request comes from (``Sec-Fetch-Site``): from
another site only a followed link to the page itself is let through. Refusals
are a bare 403 with no details. Only GET and HEAD exist.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

TOKEN_PARAM = "t"
ALLOWED_METHODS = ("GET", "HEAD")

CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Shown when the link was opened from another site (a web chat, say): a
# SameSite=Strict cookie is not sent on a redirect that another site started,
# so we hop to the clean URL from a page of our own instead.
_HOP_PAGE = (
    '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=/">'
    "<title>coach</title>"
)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def new_token() -> str:
    return secrets.token_urlsafe(24)


def our_authority(request: web.Request) -> str | None:
    """``ip:port`` this connection reached (the bound address), or None if gone."""
    transport = request.transport
    if transport is None:
        return None
    sockname = transport.get_extra_info("sockname")
    if not isinstance(sockname, tuple) or len(sockname) < 2:
        return None
    host, port = sockname[0], sockname[1]
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}"


def host_allowed(host_header: str | None, authority: str) -> bool:
    """The Host header names exactly our address and port (port 80 may be left out)."""
    if not host_header:
        return False
    host = host_header.strip().lower()
    if host == authority:
        return True
    return authority.endswith(":80") and host == authority[: -len(":80")]


def origin_allowed(origin: str | None, authority: str) -> bool:
    """No Origin header, or exactly our own origin (``null`` is not ours)."""
    if origin is None:
        return True
    return origin.strip().lower() in (
        f"http://{authority}",
        f"http://{authority}".removesuffix(":80"),
    )


def fetch_allowed(request: web.Request) -> bool:
    """Browsers say where a request comes from (Fetch Metadata): from another site
    (or another port of this host, which is the "same site") only a link followed
    to the page itself is let through; a script or an embed gets nothing, even
    without an Origin header (a ``no-cors`` GET carries none)."""
    site = request.headers.get("Sec-Fetch-Site")
    if site not in ("cross-site", "same-site"):
        return True
    return request.headers.get("Sec-Fetch-Mode") == "navigate" and request.path == "/"


def cookie_name(authority: str) -> str:
    """Cookies ignore ports: two servers on one host must not share one."""
    return "coach_view_" + "".join(ch if ch.isalnum() else "_" for ch in authority)


def _same(offered: str, token: str) -> bool:
    """Constant-time comparison that also takes non-ASCII input (never raises)."""
    return secrets.compare_digest(offered.encode("utf-8", "replace"), token.encode("utf-8"))


def refuse(status: int = 403) -> web.Response:
    return web.Response(status=status, text=f"{status}\n")


def guard(token: str) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """The aiohttp middleware that refuses every request that is not ours."""

    @web.middleware
    async def check(request: web.Request, handler: Handler) -> web.StreamResponse:
        authority = our_authority(request)
        if authority is None or not host_allowed(request.headers.get("Host"), authority):
            return refuse()
        if not origin_allowed(request.headers.get("Origin"), authority):
            return refuse()
        if not fetch_allowed(request):
            return refuse()
        name = cookie_name(authority)
        offered = request.query.get(TOKEN_PARAM)
        if offered is not None:
            if request.path != "/" or not _same(offered, token):
                return refuse()
        elif not _same(request.cookies.get(name, ""), token):
            return refuse()
        if request.method not in ALLOWED_METHODS:
            response = refuse(405)
            response.headers["Allow"] = ", ".join(ALLOWED_METHODS)
            return response
        if offered is not None:
            return _enter(request, name, token)
        return await handler(request)

    return check


def _enter(request: web.Request, name: str, token: str) -> web.Response:
    """The token was right: set the cookie and go to the clean URL."""
    if request.headers.get("Sec-Fetch-Site", "none") in ("cross-site", "same-site"):
        response = web.Response(text=_HOP_PAGE, content_type="text/html")
    else:
        response = web.Response(status=303, headers={"Location": "/"})
    response.set_cookie(name, token, path="/", httponly=True, samesite="Strict")
    return response


async def add_security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """``on_response_prepare``: every response, refusals and the stream included."""
    for key, value in SECURITY_HEADERS.items():
        response.headers.setdefault(key, value)
