"""The parser on real pages, split by site into a dev part and a held-out part.

    python -m bench.real_pages                 # both real sets, dev and held-out, one table each
    python -m bench.real_pages --part dev      # only the part that may be looked at
    python -m bench.real_pages --part holdout  # the sites kept unseen while tuning
    python -m bench.real_pages --list          # which site goes where (names only, no text)

The real page sets live in ``../shared`` (``$WENYUAN_SHARED``): ``pages-real`` (text copies,
one file per page, named ``NNN_site_id.txt``) and ``pages-real-html`` (saved HTML,
``NN_site_rest.html``). A page's site is the second part of its name; a mobile twin
(``fx361m``, ``taowenge-m``) belongs to the same site family as its desktop site, so a
family is held out whole. Families are ranked by the SHA-1 of their names and the first
third (rounded up) of each set is held out: fixed by the names alone, so the split never
depends on what a page says.

The scorer is ``shared/tools/score_pages.py``, run in-process with the same predict
function as the tests. Only the figures are printed for the held-out part unless
``--rows`` is given: looking at its per-page rows is looking at its pages.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WENYUAN_SHARED", ROOT.parent / "shared"))
SETS = ("pages-real", "pages-real-html")

_SITE = re.compile(r"^\d+_([^_.]+)")


def site_of(name: str) -> str:
    m = _SITE.match(name)
    return m.group(1) if m else name


def family_of(site: str, sites: set[str]) -> str:
    """`taowenge-m` → `taowenge`; `fx361m` → `fx361` and `360docs` → `360doc` when the
    shorter name is a site too (of either set: one site's HTML and text copies go together)."""
    if site.endswith("-m"):
        return family_of(site[:-2], sites)
    for tail in ("m", "s"):
        if site.endswith(tail) and site[: -len(tail)] in sites:
            return family_of(site[: -len(tail)], sites)
    return site


def _stems(folder: Path) -> list[str]:
    return sorted(p.name[: -len(".gold.json")] for p in folder.glob("*.gold.json"))


def split(folder: Path) -> dict[str, list[str]]:
    """{'dev': [stems], 'holdout': [stems]} for one case folder. Site families are named
    over both real sets, and a third of each set's families is held out."""
    stems = _stems(folder)
    sites = {site_of(s) for name in SETS for s in _stems(SHARED / name)}
    families = sorted({family_of(site_of(s), sites) for s in stems}, key=lambda f: hashlib.sha1(f.encode()).digest())
    held = set(families[: -(-len(families) // 3)])
    out: dict[str, list[str]] = {"dev": [], "holdout": []}
    for s in stems:
        out["holdout" if family_of(site_of(s), sites) in held else "dev"].append(s)
    return out


def part_folder(folder: Path, stems: list[str], into: Path) -> Path:
    """A folder of links to just these cases, for the scorer (which scores whole folders)."""
    into.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():
        stem = p.name.split(".")[0]
        if stem in stems:
            os.symlink(p, into / p.name)
    return into


def predict(path: str) -> dict:
    from archive.errors import NotAPageError
    from archive.page import read_page

    try:
        return read_page(path).record.to_dict()
    except NotAPageError as e:
        return {"error": str(e)}


def load_scorer():
    sys.path.insert(0, str(SHARED / "tools"))
    try:
        import score_pages
    finally:
        sys.path.pop(0)
    return score_pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--part", choices=["dev", "holdout", "all"], action="append")
    ap.add_argument("--set", choices=SETS, action="append", help="one real set (default: both)")
    ap.add_argument("--rows", action="store_true", help="per-page rows (for the held-out part too)")
    ap.add_argument("--list", action="store_true", help="print which site goes where and stop")
    args = ap.parse_args()
    parts = args.part or ["dev", "holdout"]
    scorer = load_scorer()
    tmp = Path(tempfile.mkdtemp(prefix="wenyuan-real-"))
    try:
        for name in args.set or SETS:
            folder = SHARED / name
            if not folder.exists():
                sys.exit(f"real pages not found at {folder} (set WENYUAN_SHARED)")
            sp = split(folder)
            sp["all"] = sp["dev"] + sp["holdout"]
            if args.list:
                for part in ("dev", "holdout"):
                    sites = sorted({site_of(s) for s in sp[part]})
                    print(f"{name} {part}: {len(sp[part])} pages, {len(sites)} sites: {' '.join(sites)}")
                continue
            for part in parts:
                sub = part_folder(folder, set(sp[part]), tmp / name / part)
                quiet = part == "holdout" and not args.rows
                agg, _ = scorer.score_folder(str(sub), predict=predict, quiet=quiet, label=f"{name}/{part}")
                if quiet:
                    print(scorer.summary_line(agg, f"{name}/{part}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
