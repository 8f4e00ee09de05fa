"""A small OParl 1.1 client: fetch objects, walk paginated lists, read papers.

Everything the council information system answers is untrusted: only http(s) URLs are
followed, every answer must be a JSON object, and any failure (timeout, refused
connection, an error status, broken JSON, a list whose `next` loops) becomes an
`OParlError`, which the sync records instead of letting it reach a page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

import requests

USER_AGENT = "Beteiligungsportal OParl client"


class OParlError(Exception):
    """The council information system could not be read; the message says why."""


def is_web_url(value) -> bool:
    """An absolute http(s) URL with a host: the only kind followed or linked."""
    if not isinstance(value, str) or len(value) > 500:
        return False
    parts = urlsplit(value.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _text(value, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _url(value) -> str:
    return value.strip() if is_web_url(value) else ""


def parse_datetime(value) -> datetime | None:
    """An OParl `date-time` (ISO 8601 with offset) as aware UTC; None when absent or bad."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_date(value) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


@dataclass
class ConsultationData:
    organization: str = ""
    meeting_name: str = ""
    meeting_start: datetime | None = None
    meeting_cancelled: bool = False
    meeting_url: str = ""
    role: str = ""
    authoritative: bool | None = None
    result: str = ""


@dataclass
class PaperData:
    oparl_id: str
    deleted: bool = False
    reference: str = ""
    name: str = ""
    paper_type: str = ""
    date: date | None = None
    web_url: str = ""
    main_file: dict | None = None
    auxiliary_files: list[dict] = field(default_factory=list)
    modified: datetime | None = None
    consultations: list[ConsultationData] = field(default_factory=list)


class OParlClient:
    """Reads one OParl endpoint. Objects fetched by URL (meetings, organisations) are kept
    for the client's life, so a sync asks for each committee once."""

    def __init__(self, system_url: str, *, timeout: float, max_pages: int = 500):
        if not is_web_url(system_url):
            raise OParlError("OPARL_URL is no http(s) URL")
        self.system_url = system_url
        self.timeout = timeout
        self.max_pages = max_pages
        self.http = requests.Session()
        self.http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self._objects: dict[str, dict] = {}

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, params: dict | None = None) -> dict:
        """One JSON object from the server."""
        if not is_web_url(url):
            raise OParlError(f"refused to follow {str(url)[:100]!r}: not an http(s) URL")
        try:
            response = self.http.get(url, params=params, timeout=self.timeout, allow_redirects=True)
        except requests.Timeout as error:
            raise OParlError(f"timeout after {self.timeout:g} s: {url}") from error
        except requests.RequestException as error:
            raise OParlError(f"{error.__class__.__name__}: {url}") from error
        if not is_web_url(response.url):
            raise OParlError(f"redirected away from http(s): {url}")
        if response.status_code != 200:
            raise OParlError(f"HTTP {response.status_code}: {url}")
        try:
            data = response.json()
        except ValueError as error:
            raise OParlError(f"no JSON: {url}") from error
        if not isinstance(data, dict):
            raise OParlError(f"not a JSON object: {url}")
        return data

    def object(self, ref) -> dict:
        """An object given inline (a dict) or by its URL, fetched once per client."""
        if isinstance(ref, dict):
            return ref
        if ref not in self._objects:
            self._objects[ref] = self.get(ref)
        return self._objects[ref]

    def walk(self, url: str, params: dict | None = None) -> Iterator[dict]:
        """Every object of an external list, following `links.next` page by page
        (OParl 1.1, "Objektlisten und Paginierung"). Filters go on the first page only;
        the server keeps them in its `next` links."""
        seen: set[str] = set()
        pages = 0
        while url:
            if url in seen:
                raise OParlError(f"list pages loop at {url}")
            if pages >= self.max_pages:
                raise OParlError(f"more than {self.max_pages} list pages")
            seen.add(url)
            pages += 1
            page = self.get(url, params)
            params = None
            data = page.get("data")
            if not isinstance(data, list):
                raise OParlError(f"list page without data: {url}")
            yield from (item for item in data if isinstance(item, dict))
            links = page.get("links") if isinstance(page.get("links"), dict) else {}
            url = links.get("next") or ""

    def paper_lists(self) -> list[str]:
        """The paper list of every body of the system (System.body → Body.paper)."""
        system = self.get(self.system_url)
        bodies = system.get("body")
        if not is_web_url(bodies):
            raise OParlError("the System object names no body list")
        lists = [body.get("paper") for body in self.walk(bodies)]
        return [url for url in lists if is_web_url(url)]

    def papers(self, *, modified_since: datetime | None = None) -> Iterator[dict]:
        params = None
        if modified_since is not None:
            stamp = modified_since.astimezone(UTC).isoformat(timespec="seconds")
            params = {"modified_since": stamp}
        for url in self.paper_lists():
            yield from self.walk(url, params)

    def read_paper(self, raw: dict) -> PaperData | None:
        """A paper with its consultations' meetings and bodies looked up; None for what is
        not a paper with an id."""
        oparl_id = _url(raw.get("id"))
        if not oparl_id:
            return None
        if raw.get("deleted") is True:
            return PaperData(
                oparl_id=oparl_id, deleted=True, modified=parse_datetime(raw.get("modified"))
            )
        consultations = raw.get("consultation")
        return PaperData(
            oparl_id=oparl_id,
            reference=_text(raw.get("reference"), 100),
            name=_text(raw.get("name"), 500),
            paper_type=_text(raw.get("paperType"), 200),
            date=parse_date(raw.get("date")),
            web_url=_url(raw.get("web")),
            main_file=_file(raw.get("mainFile")),
            auxiliary_files=[
                f for f in map(_file, _list(raw.get("auxiliaryFile"))) if f is not None
            ][:50],
            modified=parse_datetime(raw.get("modified")),
            consultations=[self._consultation(c) for c in _list(consultations)[:50]],
        )

    def _consultation(self, ref) -> ConsultationData:
        consultation = self.object(ref) if isinstance(ref, dict) or is_web_url(ref) else {}
        data = ConsultationData(
            role=_text(consultation.get("role"), 200),
            authoritative=consultation.get("authoritative")
            if isinstance(consultation.get("authoritative"), bool)
            else None,
        )
        organizations = _list(consultation.get("organization"))
        if organizations and (isinstance(organizations[0], dict) or is_web_url(organizations[0])):
            data.organization = _text(self.object(organizations[0]).get("name"), 300)
        meeting_ref = consultation.get("meeting")
        if isinstance(meeting_ref, dict) or is_web_url(meeting_ref):
            meeting = self.object(meeting_ref)
            if meeting.get("deleted") is not True:
                data.meeting_name = _text(meeting.get("name"), 300)
                data.meeting_start = parse_datetime(meeting.get("start"))
                data.meeting_cancelled = meeting.get("cancelled") is True
                data.meeting_url = _url(meeting.get("web"))
                if not data.organization:
                    names = _list(meeting.get("organization"))
                    if names and (isinstance(names[0], dict) or is_web_url(names[0])):
                        data.organization = _text(self.object(names[0]).get("name"), 300)
        item_ref = consultation.get("agendaItem")
        if isinstance(item_ref, dict) or is_web_url(item_ref):
            data.result = _text(self.object(item_ref).get("result"), 300)
        return data


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _file(value) -> dict | None:
    """A file (oparl:File) as {"name", "url"}: its web page, else where to get it."""
    if not isinstance(value, dict) or value.get("deleted") is True:
        return None
    url = _url(value.get("accessUrl")) or _url(value.get("downloadUrl")) or _url(value.get("web"))
    if not url:
        return None
    name = _text(value.get("name"), 200) or _text(value.get("fileName"), 200) or "Datei"
    return {"name": name, "url": url}
