"""Serving the explorer with uvicorn, with a deadline for each request's headers (slowloris).

uvicorn's h11 protocol waits for a request's headers without end: a client that opens connections
and sends a byte now and then holds them, and at `limit_concurrency` every other client gets 503.
`GuardedH11Protocol` closes a connection whose request headers are not complete HEADER_SECONDS after
it opened (or after its previous answer), so one slow client cannot starve the others.
"""

from __future__ import annotations

import asyncio
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_SECONDS = 10.0
# Connections (and requests) at once before new ones get 503: far above what slow clients can hold
# within HEADER_SECONDS from one machine's worth of sockets, while each costs a few kB.
MAX_CONNECTIONS = 1000


class GuardedH11Protocol(H11Protocol):
    """h11 with a deadline on every request's headers."""

    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()  # the next request on this connection gets its own deadline

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(HEADER_SECONDS, self._headers_too_slow)

    def _headers_too_slow(self) -> None:
        # IDLE: the client has not finished sending a request line and headers since the deadline was set.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


def run(app: Any, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        http=GuardedH11Protocol,  # type: ignore[arg-type]
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        server_header=False,
    )
