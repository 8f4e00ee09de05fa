"""bench/results.md holds one section per benchmark script; each run replaces its own."""

from __future__ import annotations

import re
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results.md"


def write_section(name: str, text: str, path: Path = RESULTS) -> None:
    """Put `text` into the file as the section `name`, replacing the section's last run and
    keeping every other benchmark's."""
    begin, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    block = f"{begin}\n{text.rstrip()}\n{end}\n"
    old = path.read_text() if path.exists() else ""
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end) + r"\n?", re.S)
    if pattern.search(old):
        new = pattern.sub(lambda _match: block, old)
    else:
        new = (old.rstrip() + "\n\n" if old.strip() else "") + block
    path.write_text(new)


class Report:
    """Lines a benchmark prints, kept to be written as its section of results.md."""

    def __init__(self, title: str):
        self.title = title
        self.lines: list[str] = []

    def line(self, text: str) -> None:
        print(text, flush=True)
        self.lines.append(text)

    def write(self, name: str) -> None:
        import platform
        import subprocess
        import sys
        from datetime import UTC, datetime

        commit = subprocess.run(  # noqa: S603 - git from PATH, in a local benchmark
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        command = " ".join(["python", *sys.argv])
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        body = "\n".join(f"- {line}" for line in self.lines)
        text = (
            f"## {self.title}\n\nMeasured {when} on commit {commit}, {platform.machine()}, "
            f"Python {platform.python_version()}:\n\n    {command}\n\n{body}\n"
        )
        write_section(name, text)
