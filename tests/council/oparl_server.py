"""An OParl 1.1 server for the tests: real HTTP on 127.0.0.1, objects built after the
object definitions of the OParl 1.1 specification (https://oparl.org/spezifikation/,
chapter "Schema"; the builders name the section they follow), lists paginated and
filtered as its chapter "Objektlisten und Paginierung" says, deleted objects as in
"Gelöschte Objekte". Faults are switched on per test: a slow answer, a 500, broken JSON.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

SCHEMA = "https://schema.oparl.org/1.1/"
OLD = "2026-01-05T09:00:00+01:00"


def stamp(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).isoformat(timespec="seconds")


class OParlServer:
    """One system with one body (the city council of "Beispielstadt") and its papers."""

    def __init__(self, page_size: int = 2):
        self.page_size = page_size
        self.papers: dict[int, dict] = {}
        self.objects: dict[str, dict] = {}
        self.requests: list[str] = []
        # path prefix -> "slow" | "500" | "json"; `delay` is how slow "slow" is.
        self.faults: dict[str, str] = {}
        self.delay = 2.0
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._http.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._http.server_address[1]}/oparl/v1.1"
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> OParlServer:
        self._thread.start()
        self._store(self.system())
        self._store(self.body())
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    @property
    def system_url(self) -> str:
        return self.base

    def _store(self, obj: dict) -> dict:
        self.objects[obj["id"]] = obj
        return obj

    # --- objects (OParl 1.1, chapter "Schema") ---------------------------------------------

    def system(self) -> dict:
        """OParl 1.1, Schema "oparl:System" (#entity-system): the endpoint; `body` is the
        external list of the bodies."""
        return {
            "id": self.base,
            "type": SCHEMA + "System",
            "oparlVersion": SCHEMA,
            "name": "Ratsinformationssystem Beispielstadt",
            "body": f"{self.base}/bodies",
            "website": "https://rat.example.org/",
            "created": OLD,
            "modified": OLD,
        }

    def body(self) -> dict:
        """OParl 1.1, Schema "oparl:Body" (#entity-body): `paper`, `meeting` and
        `organization` are external lists."""
        url = f"{self.base}/body/1"
        return {
            "id": url,
            "type": SCHEMA + "Body",
            "system": self.base,
            "name": "Stadt Beispielstadt",
            "shortName": "Beispielstadt",
            "organization": f"{url}/organizations",
            "person": f"{url}/people",
            "meeting": f"{url}/meetings",
            "paper": f"{url}/papers",
            "legislativeTerm": [],
            "web": "https://rat.example.org/",
            "created": OLD,
            "modified": OLD,
        }

    def organization(self, number: int, name: str, classification: str = "Ausschuss") -> str:
        """OParl 1.1, Schema "oparl:Organization" (#entity-organization): a committee or a
        district council (`classification`)."""
        url = f"{self.base}/organization/{number}"
        self._store(
            {
                "id": url,
                "type": SCHEMA + "Organization",
                "body": f"{self.base}/body/1",
                "name": name,
                "organizationType": "Gremium",
                "classification": classification,
                "created": OLD,
                "modified": OLD,
            }
        )
        return url

    def meeting(self, number: int, name: str, start: str, organization: str, **extra) -> str:
        """OParl 1.1, Schema "oparl:Meeting" (#entity-meeting)."""
        url = f"{self.base}/meeting/{number}"
        self._store(
            {
                "id": url,
                "type": SCHEMA + "Meeting",
                "name": name,
                "start": start,
                "organization": [organization],
                "web": f"https://rat.example.org/sitzung/{number}",
                "created": OLD,
                "modified": OLD,
                **extra,
            }
        )
        return url

    def agenda_item(self, number: int, meeting: str, result: str) -> str:
        """OParl 1.1, Schema "oparl:AgendaItem" (#entity-agendaitem): its `result` says
        what the body resolved."""
        url = f"{self.base}/agendaitem/{number}"
        self._store(
            {
                "id": url,
                "type": SCHEMA + "AgendaItem",
                "meeting": meeting,
                "number": str(number),
                "name": "Beschlussvorlage",
                "public": True,
                "result": result,
                "created": OLD,
                "modified": OLD,
            }
        )
        return url

    def consultation(
        self,
        number: int,
        paper: int,
        *,
        meeting: str,
        organization: str,
        role: str,
        authoritative: bool,
        agenda_item: str | None = None,
    ) -> dict:
        """OParl 1.1, Schema "oparl:Consultation" (#entity-consultation); served on its own
        URL and given inside its paper."""
        obj = {
            "id": f"{self.base}/consultation/{number}",
            "type": SCHEMA + "Consultation",
            "paper": f"{self.base}/paper/{paper}",
            "meeting": meeting,
            "organization": [organization],
            "authoritative": authoritative,
            "role": role,
            "created": OLD,
            "modified": OLD,
        }
        if agenda_item:
            obj["agendaItem"] = agenda_item
        return self._store(obj)

    def file(self, number: int, name: str) -> dict:
        """OParl 1.1, Schema "oparl:File" (#entity-file): `accessUrl` is required."""
        return self._store(
            {
                "id": f"{self.base}/file/{number}",
                "type": SCHEMA + "File",
                "name": name,
                "fileName": f"{number}.pdf",
                "mimeType": "application/pdf",
                "accessUrl": f"https://rat.example.org/dateien/{number}.pdf",
                "created": OLD,
                "modified": OLD,
            }
        )

    def paper(
        self,
        number: int,
        reference: str,
        name: str,
        *,
        consultations: list[dict] = (),
        modified: str = OLD,
        auxiliary: list[dict] = (),
    ) -> dict:
        """OParl 1.1, Schema "oparl:Paper" (#entity-paper): `consultation`, `mainFile` and
        `auxiliaryFile` are given inside the paper."""
        obj = {
            "id": f"{self.base}/paper/{number}",
            "type": SCHEMA + "Paper",
            "body": f"{self.base}/body/1",
            "name": name,
            "reference": reference,
            "date": "2026-01-05",
            "paperType": "Beschlussdrucksache",
            "mainFile": self.file(1000 + number, f"Drucksache {reference}"),
            "auxiliaryFile": list(auxiliary),
            "consultation": list(consultations),
            "web": f"https://rat.example.org/vorlage/{number}",
            "created": OLD,
            "modified": modified,
        }
        self.papers[number] = obj
        return self._store(obj)

    def delete_paper(self, number: int) -> None:
        """OParl 1.1, "Gelöschte Objekte" (#geloeschte-objekte): `id`, `type` and
        `created` stay, `deleted` is true, `modified` is the time of deletion, every other
        attribute is gone."""
        old = self.papers[number]
        self.papers[number] = self._store(
            {
                "id": old["id"],
                "type": old["type"],
                "created": old["created"],
                "modified": stamp(),
                "deleted": True,
            }
        )

    # --- lists (OParl 1.1, "Objektlisten und Paginierung": #paginierung, #filter) -----------

    def _list_page(self, url: str, items: list[dict], query: dict) -> dict:
        """A list page: `data`, `pagination` and `links` with `next` on every page but the
        last; filters given on the first page are kept in the `next` link."""
        since = query.get("modified_since", [None])[0]
        if since:
            limit = datetime.fromisoformat(since)
            items = [o for o in items if datetime.fromisoformat(o["modified"]) >= limit]
        page = int(query.get("page", ["1"])[0])
        pages = max(1, -(-len(items) // self.page_size))
        chunk = items[(page - 1) * self.page_size : page * self.page_size]
        keep = f"&modified_since={since.replace('+', '%2B')}" if since else ""
        links = {"first": f"{url}?page=1{keep}", "self": f"{url}?page={page}{keep}"}
        if page < pages:
            links["next"] = f"{url}?page={page + 1}{keep}"
        return {
            "data": chunk,
            "pagination": {
                "totalElements": len(items),
                "elementsPerPage": self.page_size,
                "currentPage": page,
                "totalPages": pages,
            },
            "links": links,
        }

    def answer(self, path: str, query: dict) -> tuple[int, object]:
        url = f"http://127.0.0.1:{self._http.server_address[1]}{path}"
        if url == f"{self.base}/bodies":
            return 200, self._list_page(url, [self.objects[f"{self.base}/body/1"]], query)
        if url == f"{self.base}/body/1/papers":
            ordered = [self.papers[n] for n in sorted(self.papers)]  # a stable order
            return 200, self._list_page(url, ordered, query)
        if url in self.objects:
            return 200, self.objects[url]
        return 404, {"type": "Error", "message": "not found"}

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                server.requests.append(self.path)
                for prefix, fault in server.faults.items():
                    if self.path.startswith(prefix) or prefix in self.path:
                        if fault == "slow":
                            time.sleep(server.delay)
                        elif fault == "500":
                            return self._send(500, b'{"type": "Error"}')
                        elif fault == "json":
                            return self._send(200, b"{not json")
                status, body = server.answer(parts.path, parse_qs(parts.query))
                self._send(status, json.dumps(body).encode())

            def _send(self, status: int, body: bytes):
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        return Handler
