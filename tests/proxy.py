"""A TCP proxy the test controls, in front of the real PostgreSQL server: it forwards, refuses
(every connection is cut and new ones are reset, as when the server is down), or stops answering
(connections stay open and new ones are accepted, but nothing is forwarded either way, as when the
server hangs or the network drops packets). Back to ``forward`` and held connections carry on."""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
from collections.abc import Iterator

FORWARD, REFUSE, SILENT = "forward", "refuse", "silent"


class Proxy:
    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.mode = FORWARD
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = threading.Event()
        threading.Thread(target=self._accept, name="proxy-accept", daemon=True).start()

    def set(self, mode: str) -> None:
        self.mode = mode
        if mode == REFUSE:
            with self._lock:
                for sock in list(self._open):
                    _reset(sock)
                self._open.clear()

    def close(self) -> None:
        self._closed.set()
        self.set(REFUSE)
        self._listener.close()

    def _accept(self) -> None:
        while not self._closed.is_set():
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == REFUSE:
                _reset(client)
                continue
            threading.Thread(target=self._serve, args=(client,), name="proxy-conn", daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            _reset(client)
            return
        with self._lock:
            self._open.update((client, server))
        peers = {client: server, server: client}
        try:
            while not self._closed.is_set():
                if self.mode != FORWARD:  # SILENT: hold everything, read nothing
                    if self.mode == REFUSE:
                        return
                    self._closed.wait(0.05)
                    continue
                ready, _, _ = select.select(list(peers), [], [], 0.05)
                for sock in ready:
                    if self.mode != FORWARD:
                        break
                    data = sock.recv(65536)
                    if not data:
                        return
                    peers[sock].sendall(data)
        except OSError:
            return
        finally:
            with self._lock:
                self._open.difference_update((client, server))
            for sock in (client, server):
                with contextlib.suppress(OSError):
                    sock.close()


def _reset(sock: socket.socket) -> None:
    """Closes with a TCP reset, as a stopped server's host answers."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


@contextlib.contextmanager
def proxy_to(host: str, port: int) -> Iterator[Proxy]:
    proxy = Proxy((host, port))
    try:
        yield proxy
    finally:
        proxy.close()
