"""Fill an empty database with a city: residents, processes, proposals, comments, supports,
partners and contributions, by bulk inserts (COPY on PostgreSQL).

Everything is derived from row numbers, so two runs at one scale give the same data. The
processes go through the services (the same records as on the web); the mass rows are
written directly with the counters the services would have kept, and `counter_mismatches`
proves that they agree with the rows.

Every scale has one "hot" process with `hot_proposals` proposals and, in it, one proposal
with `hot_comments` comments: the pages the benchmark compares across scales.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Table, func, select, text

from participation.backup.services import table_counts
from participation.extensions import db

CHUNK = 20_000


@dataclass(frozen=True)
class Scale:
    name: str
    processes: int
    proposals: int
    comments: int
    residents: int
    supports: int
    partners: int
    contributions: int
    hot_proposals: int = 500
    hot_comments: int = 1_000
    # "Biete"/"Suche" entries of the partners in the marketplace.
    market_entries: int = 0
    # Freiwilligenbörse: published opportunities of the partners and residents' interest.
    opportunities: int = 0
    volunteer_interests: int = 0


SCALES = {
    "city": Scale(
        "city",
        500,
        50_000,
        500_000,
        100_000,
        1_000_000,
        100,
        1_000,
        market_entries=1_000,
        opportunities=5_000,
        volunteer_interests=20_000,
    ),
    "small": Scale(
        "small",
        5,
        500,
        5_000,
        1_000,
        10_000,
        1,
        10,
        market_entries=10,
        opportunities=50,
        volunteer_interests=200,
    ),
}
# For the tests: the same shapes in a few hundred rows.
TINY = Scale(
    "tiny",
    4,
    40,
    160,
    60,
    300,
    2,
    6,
    hot_proposals=12,
    hot_comments=24,
    market_entries=6,
    opportunities=26,
    volunteer_interests=52,
)

BENCH_PASSWORD = "bench-passwort-2026"  # noqa: S105 - the benchmark's residents, no secret
TOPICS = (
    "Radweg",
    "Spielplatz",
    "Sitzbank",
    "Straßenbaum",
    "Beleuchtung",
    "Zebrastreifen",
    "Trinkbrunnen",
    "Bücherschrank",
    "Fahrradbügel",
    "Blühwiese",
    "Bushaltestelle",
    "Jugendtreff",
)
PLACES = (
    "am Marktplatz",
    "an der Schule",
    "im Stadtpark",
    "vor der Bibliothek",
    "an der Kreuzung",
    "am Kanal",
    "im Quartier",
)
TITLES = {"statement": "Stellungnahme", "event": "Treffpunkt", "offer": "Angebot"}
ORGANISATION_KINDS = ("initiative", "welfare_association", "migrant_organisation", "other")


@dataclass
class Report:
    """What was written, and how long each step took."""

    counts: dict[str, int]
    seconds: dict[str, float]


def database_is_empty() -> bool:
    from participation.accounts.models import User
    from participation.projects.models import Process

    return not (
        db.session.scalar(select(func.count()).select_from(User))
        or db.session.scalar(select(func.count()).select_from(Process))
    )


def build(scale: Scale, *, echo: Callable[[str], None] = lambda _line: None) -> Report:
    """Write the data set into an empty, migrated database."""
    if not database_is_empty():
        raise RuntimeError("bench-data needs an empty database (no accounts, no processes)")
    builder = _Builder(scale, echo)
    builder.run()
    return Report(counts=table_counts(REPORTED_TABLES), seconds=builder.seconds)


REPORTED_TABLES = [
    "user_account",
    "district",
    "process",
    "proposal",
    "comment",
    "support",
    "partner_organisation",
    "contribution",
    "event_registration",
    "volunteer_opportunity",
    "volunteer_interest",
    "market_entry",
]


# Each stored counter, the table of the rows it counts, their key and which of them count.
_COUNTERS = {
    "proposal.support_count": ("support", "proposal_id", "1 = 1"),
    "proposal.comment_count": ("comment", "proposal_id", "status = 'published'"),
    "process.proposal_count": ("proposal", "process_id", "status = 'published'"),
    "process.comment_count": ("comment", "process_id", "status = 'published'"),
    "comment.reply_count": ("comment", "parent_id", "status = 'published'"),
    "contribution.confirmed_count": (
        "event_registration",
        "contribution_id",
        "status = 'confirmed'",
    ),
    "volunteer_opportunity.interest_count": (
        "volunteer_interest",
        "opportunity_id",
        "status <> 'withdrawn'",
    ),
    "volunteer_opportunity.match_count": (
        "volunteer_interest",
        "opportunity_id",
        "status = 'matched'",
    ),
}


def _counted(child: str, key: str, condition: str) -> str:
    """Rows per key in one grouped pass (a correlated COUNT per row would scan for hours)."""
    return (
        f"SELECT {key} AS owner, COUNT(*) AS n FROM {child} "  # noqa: S608 - fixed names
        f"WHERE {key} IS NOT NULL AND {condition} GROUP BY {key}"
    )


def counter_mismatches() -> dict[str, int]:
    """How many rows' stored counters differ from their rows, per counter (0 everywhere
    when the data is consistent)."""
    mismatches = {}
    for name, (child, key, condition) in _COUNTERS.items():
        table, column = name.split(".")
        mismatches[name] = db.session.scalar(
            text(
                f"SELECT COUNT(*) FROM {table} LEFT JOIN ({_counted(child, key, condition)}) "  # noqa: S608
                f"counted ON counted.owner = {table}.id "
                f"WHERE {table}.{column} <> COALESCE(counted.n, 0)"
            )
        )
    return mismatches


def remove_written_after(model, last_id: int, process_id: int) -> int:
    """Delete what the benchmark's write rows added to one process (general-discussion
    comments or proposals: rows of `model` after `last_id`; what hangs on them goes with
    them) and count the process's stored counters again, so the next run measures the same
    data set. Returns the rows removed."""
    table = model.__tablename__
    removed = db.session.execute(
        text(f"DELETE FROM {table} WHERE id > :last AND process_id = :process"),  # noqa: S608
        {"last": last_id, "process": process_id},
    ).rowcount
    for name in ("process.proposal_count", "process.comment_count"):
        column = name.split(".")[1]
        child, key, condition = _COUNTERS[name]
        db.session.execute(
            text(
                f"UPDATE process SET {column} = (SELECT COUNT(*) FROM {child} "  # noqa: S608
                f"WHERE {child}.{key} = process.id AND {condition}) WHERE id = :process"
            ),
            {"process": process_id},
        )
    db.session.commit()
    return removed


# The tables filled by bulk inserts (COPY on PostgreSQL) rather than through the services.
BULK_TABLES = (
    "user_account",
    "proposal",
    "comment",
    "support",
    "partner_organisation",
    "contribution",
    "volunteer_opportunity",
    "volunteer_interest",
    "market_entry",
)


def measured_pages() -> dict[str, str]:
    """The pages the benchmark and its query plans measure: name -> path. The process with
    the most proposals and the proposal with the most comments are the "hot" ones."""
    from participation.comments.models import Comment
    from participation.projects.models import Process

    hot = db.session.scalar(select(Process).order_by(Process.proposal_count.desc()))
    thread = db.session.scalar(
        select(Comment.proposal_id)
        .where(Comment.proposal_id.is_not(None))
        .group_by(Comment.proposal_id)
        .order_by(func.count().desc())
    )
    return {
        "home": "/",
        "process list, one district": "/verfahren?bezirk=01",
        f"process page ({hot.proposal_count} proposals)": f"/verfahren/{hot.slug}",
        "proposal page (1,000 comments)": f"/vorschlaege/{thread}",
        "full-text search (proposals)": f"/verfahren/{hot.slug}/vorschlaege?q=Spielplatz",
        # Five per page: the small data set has five public processes, so both answers
        # hold as many (a district's page would be 1 process small and 20 at city scale).
        "API: process list, 5 per page": "/api/v1/processes?per_page=5",
        "API: proposals of that process": f"/api/v1/processes/{hot.slug}/proposals",
        "API: comments of that proposal": f"/api/v1/proposals/{thread}/comments",
        "volunteer opportunities, filtered": "/engagement?bezirk=10&rhythmus=regelmaessig",
        "take part (/mitmachen), one district": "/mitmachen?bezirk=10",
    }


def _spread(total: int, parts: int) -> list[int]:
    """`total` split into `parts` near-equal shares."""
    if parts <= 0:
        return []
    base, rest = divmod(total, parts)
    return [base + (1 if n < rest else 0) for n in range(parts)]


def _skewed(total: int, parts: int, cap: int) -> list[int]:
    """`total` split into `parts` shares of a few popular and many quiet items, each at
    most `cap`; the shares add up to `total` exactly."""
    weights = [1 + ((n * 2654435761) % 1000) ** 2 // 20_000 for n in range(parts)]
    whole = sum(weights)
    shares = [min(cap, total * w // whole) for w in weights]
    missing = total - sum(shares)
    n = 0
    while missing > 0:
        if shares[n % parts] < cap:
            shares[n % parts] += 1
            missing -= 1
        n += 1
    return shares


class _Builder:
    def __init__(self, scale: Scale, echo: Callable[[str], None]):
        self.scale = scale
        self.echo = echo
        self.seconds: dict[str, float] = {}
        from participation.core.clock import utcnow

        self.now = utcnow().replace(microsecond=0)
        self.dialect = db.session.get_bind().dialect.name

    def run(self) -> None:
        for name, step in (
            ("reference data and staff", self.reference),
            ("residents", self.residents),
            ("processes", self.processes),
            ("proposals", self.proposals),
            ("comments", self.comments),
            ("supports", self.supports),
            ("partners and contributions", self.partners),
            ("volunteer opportunities and interests", self.volunteering),
            ("marketplace entries", self.market_entries),
            ("sequences and statistics", self.finish),
        ):
            started = time.perf_counter()
            step()
            db.session.commit()
            self.seconds[name] = time.perf_counter() - started
            self.echo(f"{name}: {self.seconds[name]:.1f} s")

    # -- writing ------------------------------------------------------------------------

    def _insert(self, table: Table, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
        """Bulk-insert tuples: COPY on PostgreSQL, executemany in chunks elsewhere."""
        connection = db.session.connection()
        if self.dialect == "postgresql":
            raw = connection.connection.driver_connection
            names = ", ".join(columns)
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        statement = table.insert()
        for chunk in _chunks(rows, CHUNK):
            connection.execute(statement, [dict(zip(columns, row, strict=True)) for row in chunk])

    # -- steps --------------------------------------------------------------------------

    def reference(self) -> None:
        from participation.accounts import services as accounts
        from participation.districts.services import load_reference_data

        load_reference_data()
        self.staff = accounts.create_user(
            email="bench-koordination@example.org",
            password=BENCH_PASSWORD,
            pseudonym="Koordinierungsstelle Benchmark",
            verified=True,
        )
        accounts.grant_role(actor=None, user=self.staff, role="coordinator")

    def residents(self) -> None:
        from participation.accounts.models import User
        from participation.accounts.passwords import hash_password
        from participation.core.text import name_key

        password_hash = hash_password(BENCH_PASSWORD)
        first = self.staff.id + 1
        self.first_resident = first
        rows = (
            (
                first + n,
                f"einwohnerin{n}@bench.example.org",
                f"einwohnerin{n}@bench.example.org",
                f"Einwohner*in {n}",
                name_key(f"Einwohner*in {n}"),
                password_hash,
                self.now,
                1,
                "",
                self.now - timedelta(minutes=n % 50_000),
                self.now,
            )
            for n in range(self.scale.residents)
        )
        self._insert(
            User.__table__,
            (
                "id",
                "email",
                "email_key",
                "pseudonym",
                "pseudonym_key",
                "password_hash",
                "email_verified_at",
                "session_version",
                "blocked_reason",
                "created_at",
                "updated_at",
            ),
            rows,
        )

    def resident(self, n: int) -> int:
        return self.first_resident + n % self.scale.residents

    def processes(self) -> None:
        from participation.coordination.services import advance_to
        from participation.districts.models import ActionField, District
        from participation.projects import services as projects

        districts = [d.code for d in db.session.scalars(select(District).order_by(District.code))]
        fields = [f.slug for f in db.session.scalars(select(ActionField).order_by(ActionField.id))]
        today = self.now.date()
        self.process_ids: list[int] = []
        self.running: list[bool] = []
        for n in range(self.scale.processes):
            # Every fifth process is past its dialogue; every fortieth is city-wide.
            running = n % 5 != 4
            if running:
                phases = (
                    projects.PhaseInput(
                        "information", today - timedelta(40), today - timedelta(31)
                    ),
                    projects.PhaseInput("dialogue", today - timedelta(30), today + timedelta(30)),
                    projects.PhaseInput("evaluation", today + timedelta(31), today + timedelta(60)),
                )
            else:
                phases = (
                    projects.PhaseInput("dialogue", today - timedelta(90), today - timedelta(31)),
                    projects.PhaseInput("evaluation", today - timedelta(30), today + timedelta(30)),
                )
            topic = TOPICS[n % len(TOPICS)]
            process = projects.create_process(
                actor=self.staff,
                title=f"{topic}plan {n + 1}: Ideen für den Stadtbezirk",
                summary=f"Wie geht es mit {topic}, Grün und Verkehr weiter? Verfahren {n + 1}.",
                action_field_slug=fields[n % len(fields)],
                district_code=None if n % 40 == 39 else districts[n % len(districts)],
                scope_for_influence="Lage und Gestaltung der Maßnahmen.",
                constraints="Das Budget ist beschlossen.",
                use_of_results="Der Bezirksrat berät die Vorschläge.",
                feedback_due=today + timedelta(days=90),
                contact_person="Koordinierungsstelle",
                contact_email="beteiligung@example.org",
                phases=phases,
            )
            advance_to(actor=self.staff, process=process, status="published")
            self.process_ids.append(process.id)
            self.running.append(running)

    def proposals(self) -> None:
        """The hot process (the first) gets `hot_proposals`; the rest share the others."""
        from participation.proposals.models import Proposal

        scale = self.scale
        per_process = [scale.hot_proposals] + _spread(
            scale.proposals - scale.hot_proposals, scale.processes - 1
        )
        self.proposal_process: list[int] = []
        for index, count in enumerate(per_process):
            self.proposal_process.extend([index] * count)
        self.proposal_count = len(self.proposal_process)

        def rows() -> Iterator[tuple]:
            for n, index in enumerate(self.proposal_process):
                topic, place = TOPICS[n % len(TOPICS)], PLACES[(n // 3) % len(PLACES)]
                body = (
                    f"Ich schlage vor: {topic} {place}. Das hilft Kindern, älteren "
                    f"Menschen und allen, die hier unterwegs sind (Vorschlag {n + 1})."
                )
                created = self.now - timedelta(minutes=n)
                yield (
                    n + 1,
                    self.process_ids[index],
                    self.resident(n * 17),
                    f"{topic} {place} ({n + 1})",
                    body,
                    f"<p>{body}</p>",
                    "published",
                    "open",
                    0,
                    0,
                    False,
                    "",
                    "",
                    False,
                    "",
                    created,
                    created,
                )

        self._insert(
            Proposal.__table__,
            (
                "id",
                "process_id",
                "author_id",
                "title",
                "body_markdown",
                "body_html",
                "status",
                "response_status",
                "support_count",
                "comment_count",
                "comments_closed",
                "moderation_reason",
                "moderation_explanation",
                "rejected",
                "place",
                "created_at",
                "updated_at",
            ),
            rows(),
        )
        self._set_counts("process", "proposal_count", "proposal", "process_id")

    def comments(self) -> None:
        """The hot proposal (the first) gets `hot_comments`; a tenth of the rest goes to the
        general discussions, the others to the proposals. Half of each thread are replies
        (one level, as on the web)."""
        from participation.comments.models import Comment

        scale = self.scale
        rest = scale.comments - scale.hot_comments
        general = _spread(rest // 10, scale.processes)
        per_proposal = [scale.hot_comments] + _spread(rest - sum(general), self.proposal_count - 1)
        threads = [(index, None, count) for index, count in enumerate(general)] + [
            (self.proposal_process[n], n + 1, count) for n, count in enumerate(per_proposal)
        ]

        def rows() -> Iterator[tuple]:
            next_id = 1
            for index, proposal_id, count in threads:
                replies = count // 2
                tops = count - replies
                first_top = next_id
                for k in range(count):
                    is_reply = k >= tops
                    parent = first_top + (k - tops) if is_reply else None
                    created = self.now - timedelta(seconds=(count - k) * 37)
                    body = f"Beitrag {next_id}: Das sehe ich {'genauso' if k % 3 else 'anders'}."
                    yield (
                        next_id,
                        self.process_ids[index],
                        proposal_id,
                        parent,
                        self.resident(next_id * 31),
                        body,
                        f"<p>{body}</p>",
                        "published",
                        False,
                        0,
                        0,
                        1 if not is_reply and k < replies else 0,
                        False,
                        "",
                        "",
                        False,
                        created,
                        created,
                    )
                    next_id += 1

        self._insert(
            Comment.__table__,
            (
                "id",
                "process_id",
                "proposal_id",
                "parent_id",
                "author_id",
                "body_markdown",
                "body_html",
                "status",
                "is_official",
                "up_count",
                "down_count",
                "reply_count",
                "thread_locked",
                "moderation_reason",
                "moderation_explanation",
                "rejected",
                "created_at",
                "updated_at",
            ),
            rows(),
        )
        self._set_counts("proposal", "comment_count", "comment", "proposal_id")
        self._set_counts("process", "comment_count", "comment", "process_id")

    def supports(self) -> None:
        """Each proposal's supporters are consecutive residents from a point of its own."""
        from participation.votes.models import Support

        scale = self.scale
        shares = _skewed(scale.supports, self.proposal_count, scale.residents - 1)

        def rows() -> Iterator[tuple]:
            next_id = 1
            for n, share in enumerate(shares):
                start = (n * 7919) % scale.residents
                for j in range(share):
                    yield (next_id, n + 1, self.resident(start + j), self.now, self.now)
                    next_id += 1

        self._insert(
            Support.__table__, ("id", "proposal_id", "user_id", "created_at", "updated_at"), rows()
        )
        self._set_counts("proposal", "support_count", "support", "proposal_id")

    def partners(self) -> None:
        """Active partners who signed the agreement, each with a contact; statements on
        running processes, events with places taken, and offers."""
        from participation.accounts.models import RoleAssignment
        from participation.contributions.models import (
            Contribution,
            EventRegistration,
            contribution_process,
        )
        from participation.partners import agreement
        from participation.partners.models import AgreementSignature, PartnerOrganisation

        scale = self.scale
        version = agreement.publish_agreement(
            actor=self.staff,
            title="Kooperationsvereinbarung Netzwerk Bürgermitwirkung",
            text="Die Partner informieren über Beteiligung und bringen Beiträge ein. " * 3,
        )
        # Read before any COPY starts: a lazy load inside COPY would wait for itself.
        agreement_id = version.id
        contacts = [self.resident(n * 101 + 3) for n in range(scale.partners)]
        self._insert(
            PartnerOrganisation.__table__,
            (
                "id",
                "slug",
                "name",
                "kind",
                "status",
                "description",
                "description_html",
                "website",
                "public_email",
                "public_phone",
                "contact_id",
                "is_coordinating",
                "decided_at",
                "decline_reason",
                "seal_note",
                "created_at",
                "updated_at",
            ),
            (
                (
                    n + 1,
                    f"partner-{n + 1}",
                    f"Partnerorganisation {n + 1} e. V.",
                    ORGANISATION_KINDS[n % len(ORGANISATION_KINDS)],
                    "active",
                    "Wir bringen Nachbar*innen zusammen.",
                    "<p>Wir bringen Nachbar*innen zusammen.</p>",
                    "",
                    "",
                    "",
                    contacts[n],
                    False,
                    self.now,
                    "",
                    "",
                    self.now,
                    self.now,
                )
                for n in range(scale.partners)
            ),
        )
        self._insert(
            RoleAssignment.__table__,
            ("user_id", "role", "organisation_id", "created_at", "updated_at"),
            (
                (contacts[n], "partner_member", n + 1, self.now, self.now)
                for n in range(scale.partners)
            ),
        )
        self._insert(
            AgreementSignature.__table__,
            ("organisation_id", "agreement_id", "signer_id", "signer_name", "signed_at"),
            (
                (n + 1, agreement_id, contacts[n], f"Einwohner*in {n}", self.now)
                for n in range(scale.partners)
            ),
        )
        running = [
            pid
            for pid, is_running in zip(self.process_ids, self.running, strict=True)
            if is_running
        ]
        kinds = ("statement", "event", "offer")
        capacity, taken = 40, 10
        rows, links, registrations = [], [], []
        for n in range(scale.contributions):
            kind = kinds[n % 3]
            organisation = n % scale.partners
            starts = self.now + timedelta(days=3 + n % 60, hours=18) if kind == "event" else None
            body = f"Beitrag {n + 1} der Partnerorganisation {organisation + 1}."
            portal = kind == "event"
            rows.append(
                (
                    n + 1,
                    organisation + 1,
                    contacts[organisation],
                    kind,
                    "published",
                    f"{TOPICS[n % len(TOPICS)]}: {TITLES[kind]} {n + 1}",
                    body,
                    f"<p>{body}</p>",
                    starts,
                    starts + timedelta(hours=2) if starts else None,
                    "Stadtteilzentrum" if kind == "event" else "",
                    "Stufenlos erreichbar." if kind == "event" else "",
                    "portal" if portal else "none",
                    capacity if portal else None,
                    "",
                    "",
                    taken if portal else 0,
                    0,
                    self.now,
                    self.now,
                )
            )
            links.append((n + 1, running[n % len(running)]))
            if portal:
                registrations.extend(
                    (n + 1, self.resident(n * 13 + j), "confirmed", self.now) for j in range(taken)
                )
        self._insert(
            Contribution.__table__,
            (
                "id",
                "organisation_id",
                "author_id",
                "kind",
                "status",
                "title",
                "body_markdown",
                "body_html",
                "starts_at",
                "ends_at",
                "place",
                "accessibility",
                "registration",
                "capacity",
                "external_url",
                "contact",
                "confirmed_count",
                "waiting_count",
                "created_at",
                "updated_at",
            ),
            rows,
        )
        self._insert(contribution_process, ("contribution_id", "process_id"), links)
        self._insert(
            EventRegistration.__table__,
            ("contribution_id", "user_id", "status", "created_at"),
            registrations,
        )

    def volunteering(self) -> None:
        """Published opportunities of the partners spread over the districts (every tenth
        city-wide), each with a few residents' interests in the usual states; the stored
        counters match the rows."""
        from participation.districts.models import District
        from participation.volunteering.models import VolunteerInterest, VolunteerOpportunity

        scale = self.scale
        if not scale.opportunities or not scale.partners:
            return
        districts = list(db.session.scalars(select(District.id).order_by(District.code)))
        shares = _spread(scale.volunteer_interests, scale.opportunities)
        states = ("open", "accepted", "declined", "matched")
        opportunities, interests = [], []
        interest_id = 0
        for n in range(scale.opportunities):
            organisation = n % scale.partners + 1
            published = self.now - timedelta(minutes=n)
            title = f"{TOPICS[n % len(TOPICS)]}: Freiwillige gesucht {n + 1}"
            tasks = f"Engagement {n + 1} der Partnerorganisation {organisation}."
            mine = [states[(n + j) % len(states)] for j in range(shares[n])]
            opportunities.append(
                (
                    n + 1,
                    organisation,
                    "published",
                    title,
                    tasks,
                    f"<p>{tasks}</p>",
                    None if n % 10 == 9 else districts[n % len(districts)],
                    "regular" if n % 3 else "once",
                    2,
                    "",
                    str(n % 7 + 1),
                    3,
                    "",
                    "",
                    "",
                    n % 4 == 0,
                    n % 5 == 0,
                    n % 6 == 0,
                    "",
                    "",
                    published,
                    published + timedelta(days=90),
                    1,
                    len(mine),
                    mine.count("matched"),
                    "",
                    "",
                    self.now,
                    self.now,
                )
            )
            for j, state in enumerate(mine):
                interest_id += 1
                answered = published + timedelta(days=1 + j) if state != "open" else None
                interests.append(
                    (
                        interest_id,
                        n + 1,
                        self.resident(n * 17 + j * 3 + 5),
                        state,
                        "",
                        published,
                        answered,
                        "filled" if state == "declined" else "",
                        "",
                        published,
                        published,
                    )
                )
        self._insert(
            VolunteerOpportunity.__table__,
            (
                "id",
                "organisation_id",
                "status",
                "title",
                "tasks_markdown",
                "tasks_html",
                "district_id",
                "rhythm",
                "hours",
                "times",
                "weekdays",
                "volunteers_wanted",
                "skills",
                "languages",
                "accessibility",
                "for_newcomers",
                "for_families",
                "for_young_people",
                "contact_name",
                "contact_role",
                "published_at",
                "expires_at",
                "expiry_round",
                "interest_count",
                "match_count",
                "hidden_reason",
                "hidden_explanation",
                "created_at",
                "updated_at",
            ),
            opportunities,
        )
        self._insert(
            VolunteerInterest.__table__,
            (
                "id",
                "opportunity_id",
                "user_id",
                "status",
                "message",
                "consented_at",
                "answered_at",
                "decline_reason",
                "decline_note",
                "created_at",
                "updated_at",
            ),
            interests,
        )

    def market_entries(self) -> None:
        """Published offers and requests of the partners, over every category and district
        (every fifth city-wide)."""
        from participation.districts.models import District
        from participation.marketplace.models import CATEGORIES, MarketEntry
        from participation.partners.models import PartnerOrganisation

        scale = self.scale
        if not scale.partners:
            return
        districts = list(db.session.scalars(select(District.id).order_by(District.code)))
        organisations = list(
            db.session.scalars(select(PartnerOrganisation.id).order_by(PartnerOrganisation.id))
        )
        columns = (
            "id",
            "kind",
            "category",
            "title",
            "description",
            "district_id",
            "status",
            "published_at",
            "organisation_id",
            "hidden_reason",
            "hidden_explanation",
            "created_at",
            "updated_at",
        )
        self._insert(
            MarketEntry.__table__,
            columns,
            (
                (
                    n + 1,
                    "offer" if n % 2 else "request",
                    CATEGORIES[n % len(CATEGORIES)],
                    f"{'Biete' if n % 2 else 'Suche'} {TOPICS[n % len(TOPICS)]} {n}",
                    "Für Vereine und Initiativen in der Stadt, nach Absprache. " * 2,
                    None if n % 5 == 0 else districts[n % len(districts)],
                    "published",
                    self.now - timedelta(minutes=n),
                    organisations[n % len(organisations)],
                    "",
                    "",
                    self.now,
                    self.now,
                )
                for n in range(scale.market_entries)
            ),
        )

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here, and refresh the
        planner's statistics on both engines."""
        if self.dialect == "postgresql":
            for name in BULK_TABLES:
                db.session.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "  # noqa: S608
                        f"(SELECT COALESCE(MAX(id), 1) FROM {name}))"
                    )
                )
            db.session.commit()
            # A bulk load leaves PostgreSQL's visibility map empty, so index-only scans read
            # the heap until autovacuum comes by, some time into a benchmark run: VACUUM now,
            # and measure the settled state from the first row.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {', '.join(BULK_TABLES)}")
                conn.exec_driver_sql("ANALYZE")
        else:
            db.session.execute(text("ANALYZE"))

    def _set_counts(self, table: str, column: str, child: str, key: str) -> None:
        """Store the counter from the rows in one grouped UPDATE (all rows are published)."""
        db.session.execute(
            text(
                f"UPDATE {table} SET {column} = counted.n "  # noqa: S608 - fixed names
                f"FROM ({_counted(child, key, '1 = 1')}) counted "
                f"WHERE counted.owner = {table}.id"
            )
        )


def _chunks(rows: Iterable[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
