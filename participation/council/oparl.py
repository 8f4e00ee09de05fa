"""A small OParl 1.1 client: fetch objects, walk paginated lists, read papers.

Everything the council information system answers is untrusted: only http(s) URLs on the
origin of OPARL_URL (scheme, host and port) are followed, redirects included, so the
server cannot make the portal ask other hosts; an answer may take OPARL_TIMEOUT per read
and three times that in all, and may be at most OPARL_MAX_BYTES long; every answer must
be a JSON object; and any failure (timeout, refused connection, an error status, broken
or oversized JSON, a list whose `next` loops) becomes an `OParlError`, which the sync
records instead of letting it reach a page. Links shown to visitors (the council's pages
and files) may point anywhere http(s): they are never fetched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import requests

USER_AGENT = "Beteiligungsportal OParl client"


MAX_REDIRECTS = 3


class OParlError(Exception):
    """The council information system could not be read; the message says why."""


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url.strip())
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:
        port = -1  # a port that is no number: matches no origin
    return parts.scheme, (parts.hostname or "").lower(), port


def _json_object(body: bytes, url: str) -> dict:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError) as error:
        raise OParlError(f"no JSON: {url}") from error
    if not isinstance(data, dict):
        raise OParlError(f"not a JSON object: {url}")
    return data


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

    def __init__(
        self,
        system_url: str,
        *,
        timeout: float,
        max_pages: int = 500,
        max_bytes: int = 5 * 1024 * 1024,
    ):
        if not is_web_url(system_url):
            raise OParlError("OPARL_URL is no http(s) URL")
        self.system_url = system_url
        self.origin = _origin(system_url)
        self.timeout = timeout
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self.http = requests.Session()
        self.http.headers.update({"User-Agent": USER_AGENT, "Accept": "application/json"})
        self._objects: dict[str, dict] = {}

    def close(self) -> None:
        self.http.close()

    def get(self, url: str, params: dict | None = None) -> dict:
        """One JSON object from the server (redirects followed on its own origin only)."""
        for _hop in range(MAX_REDIRECTS + 1):
            if not is_web_url(url) or _origin(url) != self.origin:
                raise OParlError(f"refused to follow {str(url)[:100]!r}: not on {self.origin[1]}")
            response = self._request(url, params)
            if response.status_code in (301, 302, 303, 307, 308):
                url, params = urljoin(url, response.headers.get("Location", "")), None
                continue
            if response.status_code != 200:
                raise OParlError(f"HTTP {response.status_code}: {url}")
            return _json_object(self._body(response, url), url)
        raise OParlError(f"more than {MAX_REDIRECTS} redirects: {url}")

    def _request(self, url: str, params: dict | None) -> requests.Response:
        try:
            return self.http.get(
                url, params=params, timeout=self.timeout, allow_redirects=False, stream=True
            )
        except requests.Timeout as error:
            raise OParlError(f"timeout after {self.timeout:g} s: {url}") from error
        except requests.RequestException as error:
            raise OParlError(f"{error.__class__.__name__}: {url}") from error

    def _body(self, response: requests.Response, url: str) -> bytes:
        """The answer's bytes, read within the size limit and the whole answer's time
        limit (a server dripping a byte at a time never trips the per-read timeout)."""
        deadline = time.monotonic() + 3 * self.timeout
        chunks, size = [], 0
        try:
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                if size > self.max_bytes:
                    raise OParlError(f"answer larger than {self.max_bytes} bytes: {url}")
                if time.monotonic() > deadline:
                    raise OParlError(f"timeout after {3 * self.timeout:g} s in all: {url}")
                chunks.append(chunk)
        except requests.RequestException as error:
            raise OParlError(f"{error.__class__.__name__}: {url}") from error
        finally:
            response.close()
        return b"".join(chunks)

    def object(self, ref) -> dict:
        """An object given inline (a dict) or by its URL, fetched once per client."""
        if isinstance(ref, dict):
            return ref
        if ref not in self._objects:
            self._objects[ref] = self.get(ref)
        return self._objects[ref]

    def part(self, ref) -> dict:
        """A sub-object of a paper (a meeting, a body, an agenda item): one the server
        cannot give (gone, 404, an error) leaves its fields empty instead of failing the
        paper and with it the whole run."""
        if not (isinstance(ref, dict) or is_web_url(ref)):
            return {}
        try:
            return self.object(ref)
        except OParlError:
            return {}

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
            url = links.get("next") if isinstance(links.get("next"), str) else ""

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
        not a paper with an id. Data no paper can hold (dates out of range, odd types)
        fails the run as an OParlError, never as an unexpected exception."""
        try:
            return self._read_paper(raw)
        except (TypeError, ValueError, OverflowError, AttributeError) as error:
            raise OParlError(f"unreadable paper: {error.__class__.__name__}") from error

    def _read_paper(self, raw: dict) -> PaperData | None:
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
        consultation = self.part(ref)
        data = ConsultationData(
            role=_text(consultation.get("role"), 200),
            authoritative=consultation.get("authoritative")
            if isinstance(consultation.get("authoritative"), bool)
            else None,
        )
        organizations = _list(consultation.get("organization"))
        if organizations:
            data.organization = _text(self.part(organizations[0]).get("name"), 300)
        meeting = self.part(consultation.get("meeting"))
        if meeting and meeting.get("deleted") is not True:
            data.meeting_name = _text(meeting.get("name"), 300)
            data.meeting_start = parse_datetime(meeting.get("start"))
            data.meeting_cancelled = meeting.get("cancelled") is True
            data.meeting_url = _url(meeting.get("web"))
            names = _list(meeting.get("organization"))
            if not data.organization and names:
                data.organization = _text(self.part(names[0]).get("name"), 300)
        data.result = _text(self.part(consultation.get("agendaItem")).get("result"), 300)
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
