"""Polite HTTP fetching for `kroniek watch`: timeouts, size limits, conditional requests, a rate per host.

Only the standard library (urllib): one GET at a time, with

- a user agent naming kroniek and where to read about it;
- a connect/read timeout and a deadline for the whole body (a server trickling bytes is cut off);
- a size limit: a larger Content-Length is refused before the body is read, a body growing past the
  limit is cut off;
- `If-None-Match` / `If-Modified-Since` from the previous response (304: nothing new);
- at most one request per `delay` seconds to the same host;
- redirects followed up to 10 times, loops refused;
- `Robots`: an outlet's robots.txt, read once an hour per host, asked before each page.

A failure is a `FetchError` that says whether trying again later may help (`transient`: timeouts,
refused connections, 5xx, 429) or not (4xx, too large, a redirect loop).

    >>> fetcher = Fetcher(timeout=10, max_bytes=20_000_000, delay=1.0)
    >>> response = fetcher.get("https://outlet.example/feed.xml")  # doctest: +SKIP
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from kroniek import __version__

USER_AGENT = f"kroniek/{__version__} (news event monitor; +https://pypi.org/project/kroniek/)"
ROBOTS_AGENT = "kroniek"  # the name robots.txt rules address
ROBOTS_SECONDS = 3600.0  # how long a host's robots.txt is kept
ROBOTS_MAX_BYTES = 500_000  # RFC 9309 asks crawlers to read at least 500 KiB
ROBOTS_RETRY = 300.0  # a robots.txt that could not be read is tried again after this long
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # after redirects
    status: int  # 200, or 304 (not modified: no body)
    content_type: str  # lower case, without parameters
    body: bytes
    etag: str | None
    last_modified: str | None


class FetchError(Exception):
    """A fetch that failed; `transient` when trying again later may succeed."""

    def __init__(self, url: str, reason: str, transient: bool) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.transient = transient


class Fetcher:
    """GETs with the limits above; `clock` and `sleep` are passed in so tests need not wait."""

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        deadline: float = 60.0,
        max_bytes: int = 20_000_000,
        delay: float = 1.0,
        user_agent: str = USER_AGENT,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.delay = delay
        self.user_agent = user_agent
        self._clock = clock
        self._sleep = sleep
        self._last: dict[str, float] = {}  # host -> when its last request started
        # no proxies from the environment: a monitor fetches what it is told, from where it runs
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
        want: Callable[[str], bool] | None = None,
    ) -> Response:
        """The response to a GET of `url`; raises FetchError.

        `want(content_type)` is asked before the body is read: a False refuses it (for good).
        """
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(url, "not an http(s) url", transient=False)
        headers = {"User-Agent": self.user_agent, "Accept": accept, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_for(urlsplit(url).hostname or "")
        started = self._clock()
        try:
            with self._opener.open(
                urllib.request.Request(url, headers=headers), timeout=self.timeout
            ) as reply:
                content_type = (reply.headers.get_content_type() or "").lower()
                if want is not None and not want(content_type):
                    raise FetchError(url, f"not wanted: {content_type}", transient=False)
                length = reply.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(url, f"too large: {int(length) / 1e6:.1f} MB", transient=False)
                body = self._read(reply, url, started)
                return Response(
                    url=reply.geturl(),
                    status=reply.status,
                    content_type=content_type,
                    body=body,
                    etag=reply.headers.get("ETag"),
                    last_modified=reply.headers.get("Last-Modified"),
                )
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code == 304:
                return Response(url, 304, "", b"", etag, last_modified)
            if exc.code in (301, 302, 303, 307, 308):  # urllib gives up on a loop or a long chain
                raise FetchError(url, f"redirect loop ({exc.code})", transient=False) from exc
            transient = exc.code >= 500 or exc.code in (408, 429)
            raise FetchError(url, f"HTTP {exc.code}", transient=transient) from exc
        except urllib.error.URLError as exc:
            raise FetchError(url, f"cannot connect: {exc.reason}", transient=True) from exc
        except TimeoutError as exc:
            raise FetchError(url, f"timed out after {self.timeout:g} s", transient=True) from exc
        except (ConnectionError, OSError) as exc:
            raise FetchError(url, f"connection failed: {exc}", transient=True) from exc

    def _read(self, reply: object, url: str, started: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        # read1 returns what has arrived: a server trickling a byte a second meets the deadline, where
        # read(n) would wait for n bytes
        read = getattr(reply, "read1", None) or reply.read  # type: ignore[attr-defined]
        while True:
            chunk = read(_CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"too large: over {self.max_bytes / 1e6:.0f} MB", transient=False)
            if self._clock() - started > self.deadline:
                raise FetchError(url, f"too slow: not done after {self.deadline:g} s", transient=True)
            chunks.append(chunk)

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        now = self._clock()
        if last is not None and now - last < self.delay:
            self._sleep(self.delay - (now - last))
        self._last[host] = self._clock()


class Robots:
    """Whether an outlet's robots.txt lets kroniek fetch a url (RFC 9309, as urllib.robotparser reads it).

    A robots.txt that does not exist (4xx) allows everything; one that cannot be read now (timeout,
    5xx) disallows the host until the next try, as the RFC asks.
    """

    def __init__(self, fetcher: Fetcher, agent: str = ROBOTS_AGENT, keep: float = ROBOTS_SECONDS) -> None:
        self.fetcher = fetcher
        self.agent = agent
        self.keep = keep
        self._hosts: dict[str, tuple[float, urllib.robotparser.RobotFileParser | None]] = {}

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        now = self.fetcher._clock()
        cached = self._hosts.get(origin)
        if cached is None or now - cached[0] > self.keep:
            rules = self._read(origin)
            # an unreadable robots.txt is tried again soon, not in an hour
            cached = (now if rules is not None else now - self.keep + ROBOTS_RETRY, rules)
            self._hosts[origin] = cached
        rules = cached[1]
        return rules is not None and rules.can_fetch(self.agent, url)

    def _read(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            response = self.fetcher.get(origin + "/robots.txt", accept="text/plain")
        except FetchError as exc:
            if exc.transient:
                return None  # unreachable now: nothing from this host until it can be read
            rules.parse([])  # no robots.txt (404, 410, ...): everything is allowed
            return rules
        body = response.body[:ROBOTS_MAX_BYTES].decode("utf-8", errors="replace")
        rules.parse(body.splitlines())
        return rules
