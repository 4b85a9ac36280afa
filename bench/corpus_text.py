"""Real paper text from shared/data/csl-dev.tsv, for building benchmark pages."""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from pathlib import Path

SHARED = Path(os.environ.get("WENYUAN_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CSL = SHARED / "data" / "csl-dev.tsv"


@dataclass(frozen=True)
class Paper:
    id: str
    title: str
    abstract: str
    keywords: list[str]
    discipline: str


def load_papers(path: Path = CSL) -> list[Paper]:
    if not path.exists():
        raise SystemExit(f"bench: {path} not found (set WENYUAN_SHARED to the shared folder)")
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [Paper(r["id"], r["title"], r["abstract"],
                      [k for k in r["keywords"].split(";") if k], r["discipline"]) for r in rows]
