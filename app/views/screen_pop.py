"""A loopback-only endpoint a softphone calls when a call rings: GET /call?number=…

Bound to 127.0.0.1 only, so nothing off the machine can open intakes. The number is
not logged (it is personal data); the request is answered at once and the intake
opens on the GUI thread through the call_popped signal.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtNetwork import QHostAddress, QTcpServer, QTcpSocket

log = logging.getLogger(__name__)

_MAX_REQUEST = 4096


class ScreenPopServer(QObject):
    """Signals:
    call_popped(str): the phone system reported an incoming call from this number.
    """

    call_popped = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._server = QTcpServer(self)
        self._server.newConnection.connect(self._on_server_new_connection)
        self._buffers: dict[QTcpSocket, bytes] = {}

    def listen(self, port: int) -> bool:
        """Listen on 127.0.0.1:port (0 picks a free port); False if it is taken."""
        ok = self._server.listen(
            QHostAddress(QHostAddress.SpecialAddress.LocalHost), port
        )
        if not ok:
            log.warning(
                "screen pop endpoint not available: %s", self._server.errorString()
            )
        return ok

    def port(self) -> int:
        return self._server.serverPort()

    def close(self) -> None:
        self._server.close()

    @Slot()
    def _on_server_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            if not socket.peerAddress().isLoopback():
                socket.abort()
                continue
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_socket_ready_read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _forget(self, socket: QTcpSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_socket_ready_read(self, socket: QTcpSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        self._buffers[socket] = data
        if b"\r\n\r\n" not in data and len(data) < _MAX_REQUEST:
            return
        status, body, number = _answer(data.split(b"\r\n", 1)[0])
        socket.write(
            f"HTTP/1.0 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        socket.disconnectFromHost()
        if number:
            log.info("screen pop received")
            self.call_popped.emit(number)


def _answer(request_line: bytes) -> tuple[str, bytes, str]:
    try:
        method, target, _version = request_line.decode("ascii").split(" ", 2)
    except (UnicodeDecodeError, ValueError):
        return "400 Bad Request", b"bad request\n", ""
    parts = urlsplit(target)
    if method != "GET" or parts.path != "/call":
        return "404 Not Found", b"use GET /call?number=...\n", ""
    number = (parse_qs(parts.query).get("number") or [""])[0].strip()
    if not number or len(number) > 40:
        return "400 Bad Request", b"number missing\n", ""
    return "200 OK", b"ok\n", number
