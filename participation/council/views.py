"""The "Im Rat" section of the process page."""

from __future__ import annotations

from participation.core.permissions import can
from participation.council import services
from participation.projects.sections import Section, process_section


@process_section(order=5)
def council_section(process, actor) -> Section | None:
    """Shown where a process names council papers and an OParl endpoint is set (without
    one the numbers stay in the page's "Unterlagen" as before), and to the staff who link
    papers, with the way to their page."""
    shows_papers = services.is_configured() and bool(process.council_documents)
    may_link = can(actor, "link_council_papers", process)
    if not (shows_papers or may_link):
        return None
    record = services.record_for(process) if shows_papers else None
    return Section("council/_process_section.html", {"record": record, "may_link": may_link})
