"""The demo data: every kind of work aid, one in two versions (a real PDF, then Markdown),
the guideline checklists, two of them in use and partly ticked; seeding twice adds nothing."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader
from sqlalchemy import func, select

from participation.core import documents
from participation.demo.services import seed_demo
from participation.extensions import db
from participation.workaids.models import (
    ChecklistTick,
    ProcessChecklist,
    WorkAid,
    WorkAidVersion,
)


def test_demo_work_aids_and_checklists(app, client):
    seed_demo()
    counts = lambda: [  # noqa: E731
        db.session.scalar(select(func.count()).select_from(model))
        for model in (WorkAid, WorkAidVersion, ProcessChecklist, ChecklistTick)
    ]
    first = counts()
    assert {kind for kind in db.session.scalars(select(WorkAid.kind))} == {
        "guide",
        "template",
        "checklist",
    }
    guide = db.session.scalar(select(WorkAid).where(WorkAid.kind == "guide"))
    versions = db.session.scalars(
        select(WorkAidVersion).where(WorkAidVersion.work_aid_id == guide.id)
    ).all()
    assert sorted(v.source for v in versions) == ["file", "markdown"]
    pdf = next(v for v in versions if v.source == "file")
    data = (documents.upload_folder() / pdf.file_name).read_bytes()
    assert "Online-Beteiligung" in PdfReader(BytesIO(data)).pages[0].extract_text()
    in_use = db.session.scalars(select(ProcessChecklist)).all()
    assert len(in_use) == 2
    for checklist in in_use:
        assert 0 < checklist.done_count < len(checklist.items)
    assert not db.session.scalar(select(WorkAid).where(WorkAid.kind == "template")).is_public
    titles = [t for t in db.session.scalars(select(WorkAid.title)) if t.startswith("Checkliste")]
    assert len(titles) == 5
    seed_demo()
    assert counts() == first
    assert client.get(f"/arbeitshilfen/{guide.slug}").status_code == 200
