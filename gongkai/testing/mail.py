"""A real SMTP server for tests (aiosmtpd on 127.0.0.1): mail goes through Django's SMTP backend
and the network, not the in-memory outbox, so what a real mail server would refuse fails here."""

from __future__ import annotations

import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SmtpServer:
    host: str = "127.0.0.1"
    port: int = field(default_factory=_free_port)
    received: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler interface
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def bodies(self) -> list[str]:
        return [m.get_body(("plain",)).get_content() for m in self.received]


def smtp_server_started():
    from aiosmtpd.controller import Controller

    server = SmtpServer()
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    return server, controller
