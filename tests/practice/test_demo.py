"""The demo data holds four published practice examples, one drafted from a process with
results and one imported from the shipped JSON document; it seeds once."""

from sqlalchemy import select

from participation.demo.services import seed_demo
from participation.extensions import db
from participation.practice.models import PracticeExample


def test_demo_practice_examples(app, client):
    seed_demo()
    seed_demo()
    examples = db.session.scalars(select(PracticeExample).order_by(PracticeExample.id)).all()
    assert len(examples) == 4 and all(e.is_published for e in examples)
    assert examples[0].process_id is not None and examples[0].proposals
    imported = [e for e in examples if e.origin_id]
    assert [e.source_name for e in imported] == ["Stadt Lindenau (Beispielkommune)"]
    html = client.get("/praxisbeispiele").get_data(as_text=True)
    assert all(e.title in html for e in examples)
    for example in examples:
        assert client.get(f"/praxisbeispiele/{example.slug}").status_code == 200
