"""wenyuan's command line: thin click commands over the archive and indexer libraries.

Each command parses its options, calls one library function and renders the result.
Data goes to stdout, diagnostics to stderr; our errors become one line and a non-zero
exit status, never a traceback.
"""
from __future__ import annotations

import json
import logging
import os
import re
import shutil
import sys
import time
import unicodedata

import click

from archive import __version__
from archive.errors import NotAPageError, QueryError, WenyuanError
from indexer.backend import DEFAULT_PER_PAGE, KINDS, MAX_PAGE, MAX_PER_PAGE, SORTS


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"wenyuan: {message}", err=True)
    sys.exit(code)


def _color() -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _wrap(line: str, width: int, indent: int = 4) -> list[str]:
    """``line`` folded to ``width`` terminal columns (0: not at all), continuation lines
    indented by ``indent``. Chinese characters take two columns, colour codes none; a
    Latin word is moved whole to the next line when it fits there."""
    if width <= indent + 10:
        return [line]
    out: list[str] = []
    cur: list[str] = []
    col = 0
    last_space = -1                      # index in cur after which a break may go
    for piece in re.split(f"({_ANSI.pattern})", line):
        if not piece:
            continue
        if _ANSI.fullmatch(piece):
            cur.append(piece)
            continue
        for ch in piece:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if col + w > width:
                if ch != " " and ch.isascii() and 0 <= last_space and len(cur) - last_space < width // 3:
                    tail = cur[last_space + 1:]
                    cur = cur[:last_space]
                else:
                    tail = []
                out.append("".join(cur).rstrip())
                cur = [" " * indent] + tail
                col = indent + sum(0 if _ANSI.fullmatch(t) else 2 if unicodedata.east_asian_width(t) in "WF"
                                   else 1 for t in tail)
                last_space = -1
                if ch == " ":
                    continue
            if ch == " ":
                last_space = len(cur)
            cur.append(ch)
            col += w
    out.append("".join(cur))
    return out


def _plural(n: int, word: str) -> str:
    """``1 hit``, ``2 hits``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


TOP_SOURCES = 10
OUTPUT_FORMATS = ("table", "json", "jsonl", "csv")
HIT_FIELDS = ("id", "kind", "title", "source", "citations", "year", "issue", "url", "score", "snippet", "spans",
              "highlight", "title_spans", "pages", "work", "copies", "copy_ids", "cited_by_snippets")
CSV_HIT_FIELDS = ("id", "kind", "title", "source", "year", "issue", "citations", "url", "score", "snippet",
                  "pages")

HOME_HELP = "Archive folder (default: $WENYUAN_HOME, else ~/.local/share/wenyuan)."


def _disk_full(e: BaseException) -> bool:
    import errno
    import sqlite3

    if isinstance(e, OSError):
        return e.errno in (errno.ENOSPC, errno.EDQUOT)
    if isinstance(e, sqlite3.Error):
        return getattr(e, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL or "disk is full" in str(e)
    return False


class _Commands(click.Group):
    """The command group, and the CLI's one error boundary (``invoke``): every error the
    library raises on purpose (archive.errors) becomes its one-line message; a full disk,
    which can strike any write (a blob, the catalog's commit, an index segment, a report)
    from any layer, says so, and since each of those writes is atomic nothing committed
    before is lost; anything else is a bug, said in one line (WENYUAN_DEBUG=1 shows the
    traceback)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Global options anywhere, as git and datasette take them: ``--home H`` (or
        ``--home=H``) after the subcommand moves in front of it, and ``--json`` before
        the subcommand moves after it. Nothing after a ``--`` is touched."""
        args = list(args)
        cut = args.index("--") if "--" in args else len(args)
        head, tail = args[:cut], args[cut:]
        moved: list[str] = []
        i = 0
        while i < len(head):
            a = head[i]
            if a == "--home" and i + 1 < len(head):
                moved += head[i:i + 2]
                del head[i:i + 2]
            elif a.startswith("--home="):
                moved.append(head.pop(i))
            else:
                i += 1
        head = moved + head
        if "--json" in head:
            names = [k for k, a in enumerate(head) if a in self.commands]
            at = head.index("--json")
            if names and at < names[0]:
                name = head[names[0]]
                if any("--json" in p.opts for p in self.commands[name].params):
                    head.pop(at)
                    head.insert(names[0], "--json")
        return super().parse_args(ctx, head + tail)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            # The reader went away (`| head`): stop quietly, as other tools do.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(141)
        except QueryError as e:
            _fail(f"bad query: {e}", 2)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as e:
            # First, whatever layer said it (a StoreError opening the catalog, an OSError
            # from a segment): a full disk is the one line that says what to do.
            if _disk_full(e) or any(_disk_full(c) for c in _causes(e)):
                _fail("the disk is full: nothing already archived was lost; free some space and run "
                      "the command again (it carries on where it stopped)")
            if isinstance(e, WenyuanError):
                _fail(str(e))
            if os.environ.get("WENYUAN_DEBUG"):
                raise
            _fail(f"internal error ({type(e).__name__}: {str(e)[:200]}): this is a bug in wenyuan, not in your "
                  f"files or archive; please report it with the command you ran (WENYUAN_DEBUG=1 shows "
                  f"the traceback)", 70)


def _causes(e: BaseException):
    seen = set()
    while (e := e.__cause__ or e.__context__) is not None and id(e) not in seen:
        seen.add(id(e))
        yield e


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wenyuan")
@click.option("--home", type=click.Path(file_okay=False), envvar="WENYUAN_HOME", help=HOME_HELP)
@click.pass_context
def main(ctx: click.Context, home: str | None) -> None:
    """wenyuan (文渊): archive and search saved Chinese journal pages.

    \b
    Examples:
      wenyuan import ~/saved-pages pages.zip crawl.warc.gz
      wenyuan search 绍兴反诈
      wenyuan show 12 --raw > page.html
      wenyuan parse --json page.html
    """
    logging.basicConfig(level=logging.WARNING, format="wenyuan: %(message)s")
    logging.getLogger("jieba").setLevel(logging.WARNING)   # its dictionary-loading chatter
    ctx.obj = {"home": home}
    if os.environ.get("NO_COLOR"):
        ctx.color = False   # click.echo then strips styles even on a terminal


def _index_or_none(arc):
    """The archive's search index, or None when there is none yet (or it needs a reindex):
    for what only adds to an answer, such as the articles a snippet cites."""
    from archive.errors import IndexStateError
    from indexer.backend import open_index

    try:
        return open_index(arc.index_dir)
    except IndexStateError:
        return None


def _waiting(pid: str) -> None:
    """Said while a command waits for the archive's writer lock (another import, crawl…)."""
    from archive.store import wait_message
    click.echo(f"wenyuan: {wait_message(pid)}", err=True)


def _archive(ctx: click.Context, *, create: bool = True, readonly: bool = False):
    """The archive at --home; ``readonly`` for commands that only read (they then work
    on an archive the user may not write to, and never wait behind a writer)."""
    from archive.store import Archive

    return Archive.open(ctx.obj["home"], create=create and not readonly, readonly=readonly)


@main.command()
@click.argument("sources", metavar="PATH|URL|-...", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True,
              help="Print the record as one JSON object (several inputs: one JSON object a line).")
def parse(sources: tuple[str, ...], as_json: bool) -> None:
    """Parse saved pages (HTML, MHTML or a text copy) and print their records.

    Each input is a file, - for standard input, or an http(s) URL, which is fetched as
    the crawler fetches (robots.txt obeyed, the same timeouts and size cap) and parsed
    without being archived. The record has the keys title, source, citations, uploader,
    authors, keywords, abstract, body, related and encoding. Inputs that are not pages
    (empty, binary, archives, over 20 MB) are refused with a one-line reason, and the
    exit status is 1. A page that is not an article (a result list, a help page) gets an
    empty record and a one-line notice on stderr; import archives such pages without
    indexing them. With several inputs and --json, each line is {"input", "record"} or
    {"input", "error"}.

    \b
    Examples:
      wenyuan parse samples/seed.txt
      wenyuan parse --json saved/article.mhtml
      wenyuan parse saved/*.html
      curl -s https://example.org/p/1.html | wenyuan parse -
      wenyuan parse https://example.org/p/1.html
    """
    several = len(sources) > 1
    refused = 0
    for i, source in enumerate(sources):
        name = _shown(source)
        try:
            parsed = _parse_one(source)
        except WenyuanError as e:
            refused += 1
            # A fetch error's own text starts with its URL; its .message is the rest.
            message = str(e) if isinstance(e, NotAPageError) and e.path else \
                f"{name}: {getattr(e, 'message', None) or e}"
            if several and as_json:
                click.echo(json.dumps({"input": source, "error": message}, ensure_ascii=False))
            else:
                click.echo(f"wenyuan: {message}", err=True)
            continue
        rec = parsed.record
        if rec.not_article:
            # Said on stderr, so that --json output stays the record and nothing else.
            click.echo(f"{name}: not an article ({rec.not_article}): import archives it but does not index it",
                       err=True)
        if as_json:
            if several:
                click.echo(json.dumps({"input": source, "record": rec.to_dict()}, ensure_ascii=False))
            else:
                click.echo(json.dumps(rec.to_dict(), ensure_ascii=False, indent=1))
            continue
        if several:
            click.echo(("\n" if i else "") + click.style(f"==> {name} <==", dim=True))
        click.echo(_summary(rec, parsed.form, parsed.url))
    sys.exit(1 if refused else 0)


def _parse_one(source: str):
    from archive.page import parse_page, read_page

    if source == "-":
        return parse_page(sys.stdin.buffer.read(), name="-")
    if source.lower().startswith(("http://", "https://")):
        from archive.crawl.single import fetch_one

        resp = fetch_one(source)
        parsed = parse_page(resp.body, name=resp.url, content_type=resp.content_type, url=resp.url)
        if parsed.url is None:
            parsed.url = resp.url
        return parsed
    return read_page(source)


def _shown(name: str) -> str:
    """A file name safe to print: newlines and terminal escapes shown as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in name)


def _summary(rec, form: str, url: str | None) -> str:
    def show(label: str, value) -> str:
        return f"{label:<10}{value if value not in (None, '', []) else '—'}"

    lines = [
        click.style(rec.title or "(no title)", bold=True),
        show("source", rec.source),
        show("published", " ".join(str(x) for x in (rec.year, rec.issue) if x)),
        show("citations", rec.citations),
        show("uploader", rec.uploader),
        show("authors", "、".join(rec.authors)),
        show("keywords", "；".join(rec.keywords)),
        show("encoding", f"{rec.encoding} ({form})"),
    ]
    if url:
        lines.append(show("url", url))
    if rec.abstract:
        lines += ["", click.style("摘要", bold=True), rec.abstract]
    paragraphs = rec.body.split("\n") if rec.body else []
    lines += ["", click.style(f"正文 ({_plural(len(paragraphs), 'paragraph')}, "
                                    f"{_plural(len(rec.body), 'character')})", bold=True)]
    lines += paragraphs
    if rec.related:
        lines += ["", click.style(f"其他文献 ({len(rec.related)})", bold=True)]
        lines += [f"{i}. {item.text}" for i, item in enumerate(rec.related, 1)]
    return "\n".join(lines)


# ------------------------------------------------------------------ import


class _Progress:
    """A progress line on stderr when it is a terminal: items done, rate, ETA. Quiet otherwise."""

    def __init__(self, unit: str = "files", label: str = "") -> None:
        self.enabled = sys.stderr.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.unit = unit
        self.label = label
        self.shown = False

    def __call__(self, done: int, total: int | None, summary=None) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done != total):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-6)
        if total:
            width = 30
            filled = int(width * min(done / total, 1))
            eta = (total - done) / rate if rate else 0
            bar = f"{self.label}[{'#' * filled}{'.' * (width - filled)}] {done}/{total}"
            tail = f"{rate:6.0f} {self.unit}/s  ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        else:
            bar, tail = f"{self.label}{done} {self.unit}", f"{rate:6.0f} {self.unit}/s"
        rejected = f"  rejected {len(summary.rejected)}" if summary is not None else ""
        click.echo(f"\r{bar}  {tail}{rejected}", nl=False, err=True)
        self.shown = True

    def done(self) -> None:
        """End the line, once, if one was started; the bar is silent after."""
        if self.enabled and self.shown:
            click.echo("", err=True)
        self.enabled = False


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None,
              help="Parser processes (default: one per CPU core).")
@click.option("--commit-every", type=click.FloatRange(0, None), default=60.0, show_default=True,
              metavar="SECONDS",
              help="During a long import, make the first new pages searchable after this long; "
                   "each later wait is twice the one before (60 s, 2 min, 4 min …), since every commit "
                   "adds an index segment and many segments slow searches.")
@click.option("--follow-symlinks", is_flag=True,
              help="Follow symbolic links inside folders (to regular files within the imported "
                   "folders only). By default they are reported as not followed.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.pass_context
def import_(ctx: click.Context, paths: tuple[str, ...], jobs: int | None, commit_every: float,
            follow_symlinks: bool, as_json: bool) -> None:
    """Import saved pages: files, folders (recursively), .zip/.tar[.gz] archives, WARC files.

    Every page's raw bytes are kept in the archive exactly as found; identical bytes are
    stored once (reported as duplicates); a new version of a known URL is kept beside the
    old one. Files that are not pages are reported with the reason and skipped; all the
    others still land. So are symbolic links (unless --follow-symlinks), FIFOs, sockets,
    devices, unreadable folders and archives that expand over 200:1. Interrupt at any
    time: run the same command again to finish.

    Exit status: 0 when nothing was rejected, 1 when some files were, 2 on usage errors.

    A path - is one page read from standard input. An import that finds nothing to
    import creates no archive.

    \b
    Examples:
      wenyuan import samples/
      wenyuan import ~/Downloads/pages.zip crawl.warc.gz --jobs 2
      curl -s https://example.org/p/1.html | wenyuan import -
    """
    from pathlib import Path

    from archive.store import CATALOG, default_home
    from indexer.sync import import_and_index

    stdin = sys.stdin.buffer.read() if "-" in paths else None
    home = Path(ctx.obj["home"]) if ctx.obj["home"] else default_home()
    nothing = [p for p in paths if (p == "-" and not stdin) or (p != "-" and not os.path.lexists(p))]
    if len(nothing) == len(paths) and not (home / CATALOG).exists():
        reasons = "; ".join(f"{_shown(p)}: " + ("standard input is empty" if p == "-" else "no such file or folder")
                            for p in nothing)
        _fail(f"nothing to import ({reasons}); no archive was created")

    with _archive(ctx) as arc:
        progress = _Progress()
        try:
            summary = import_and_index(arc, paths, jobs=jobs, commit_every=commit_every, progress=progress,
                                       follow_symlinks=follow_symlinks, stdin=stdin, on_wait=_waiting)
        finally:
            progress.done()
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    else:
        for origin, reason in summary.rejected:
            click.echo(f"rejected: {_shown(origin)}: {reason}", err=True)
        verb = "interrupted after" if summary.interrupted else "done in"
        click.echo(f"{verb} {summary.seconds:.1f}s: {_plural(summary.imported - summary.new_versions, 'new page')}, "
                   f"{_plural(summary.new_versions, 'new version')}, {_plural(summary.duplicates, 'duplicate')}, "
                   f"{_plural(summary.not_articles, 'not-article page')} (archived, not indexed), "
                   f"{summary.failed} kept unparsed, {len(summary.rejected)} rejected")
        if summary.report:
            click.echo(f"report: {summary.report}", err=True)
        if summary.interrupted:
            click.echo("wenyuan: interrupted — run the same command again to finish", err=True)
    if summary.interrupted:
        sys.exit(130)
    sys.exit(1 if summary.rejected else 0)


# ------------------------------------------------------------------ search


# ignore_unknown_options: a query word that starts with "-" (an exclusion, -石家庄) is the
# query's, not an option we do not know.
@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", nargs=-1, required=True)
@click.option("--kind", type=click.Choice(KINDS), default=None,
              help="Only articles, or only other-literature snippets.")
@click.option("--source", default=None, help="Only documents from this source (exact journal name).")
@click.option("--year", "years", metavar="YEAR[-YEAR]", default=None,
              help="Only documents published in this year or range of years (2015, 2010-2015).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance", show_default=True,
              help="relevance, citations (most cited first) or year (newest first); unknown values last.")
@click.option("--limit", "-n", type=click.IntRange(1, MAX_PER_PAGE), default=DEFAULT_PER_PAGE, show_default=True,
              help=f"Hits per page (at most {MAX_PER_PAGE}).")
@click.option("--page", "-p", type=click.IntRange(1, MAX_PAGE), default=1, show_default=True,
              help=f"Page of hits (at most {MAX_PAGE}).")
@click.option("--all", "every", is_flag=True,
              help="Every hit, not one page (JSON Lines unless --format csv), for scripts; --limit and "
                   "--page do not apply.")
@click.option("--format", "fmt", type=click.Choice(OUTPUT_FORMATS), default=None,
              help="table (for people, the default), json (the HTTP endpoint's JSON), jsonl (a hit a "
                   "line), csv (a hit a row, with a header).")
@click.option("--fields", metavar="NAMES", default=None,
              help=f"Comma-separated hit fields for jsonl and csv (default: all for jsonl; for csv "
                   f"{','.join(CSV_HIT_FIELDS)}). Any of {','.join(HIT_FIELDS)}.")
@click.option("--all-copies", is_flag=True,
              help="Every copy of a paper as its own hit. By default the copies of one paper (the same "
                   "title and opening, from any site, form or script) are one hit, which names the others.")
@click.option("--json", "as_json", is_flag=True, help="Shorthand for --format json.")
@click.pass_context
def search(ctx: click.Context, query: tuple[str, ...], kind: str | None, source: str | None,
           years: str | None, sort: str, limit: int, page: int, every: bool, fmt: str | None,
           fields: str | None, all_copies: bool, as_json: bool) -> None:
    """Full-text search over articles and their other-literature snippets.

    Words are matched anywhere in the text (an unspaced Chinese query is segmented);
    pages with all the words rank first. "Quoted phrases" match exactly, any length
    from one character. AND, OR, NOT / -word, parentheses, and field prefixes:
    title:/篇名: source:/来源: keyword:/关键词: author:/作者: abstract:/摘要: body:/全文:
    Several arguments are one query; put -- before a query that starts with -n or -p.

    \b
    Examples:
      wenyuan search 绍兴反诈
      wenyuan search 反诈 诈骗 -石家庄
      wenyuan search '"電信網絡詐騙" -石家庄' --kind article
      wenyuan search '来源:中国防伪报道 预警' --sort citations --json
      wenyuan search 预警 --all --format csv --fields id,title,source > hits.csv
    """
    from pathlib import Path

    from archive.store import CATALOG, default_home, no_archive_message
    from indexer.backend import open_index

    if as_json and fmt not in (None, "json"):
        raise click.UsageError(f"--json means --format json, not --format {fmt}")
    fmt = "json" if as_json else fmt or ("jsonl" if every else "table")
    if every and fmt not in ("jsonl", "csv"):
        raise click.UsageError("--all streams every hit: use it with --format jsonl (the default) or csv")
    chosen = _fields(fields, HIT_FIELDS, CSV_HIT_FIELDS if fmt == "csv" else HIT_FIELDS)
    from indexer.backend import parse_years

    try:
        year = parse_years(years) if years else None
    except QueryError as e:
        raise click.BadParameter(str(e), param_hint="--year") from None
    home = ctx.obj["home"] or default_home()
    if not (Path(home) / CATALOG).exists():
        _fail(no_archive_message(home))   # not "run reindex": there is nothing to rebuild from
    with open_index(f"{home}/index") as idx:
        if every:
            with idx.search_all(" ".join(query), kind=kind, source=source, year=year, sort=sort,
                                all_copies=all_copies) as found:
                _write_rows(found.hits, fmt, chosen)
            if found.timed_out:
                click.echo(f"wenyuan: the search timed out: these are the first {found.total} matches found",
                           err=True)
            return
        result = idx.search(" ".join(query), page=page, per_page=limit, kind=kind, source=source,
                            year=year, sort=sort, all_copies=all_copies)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=1))
    elif fmt == "table":
        click.echo(_render_hits(result))
    else:
        _write_rows(result["hits"], fmt, chosen)


def _fields(given: str | None, known: tuple[str, ...], default: tuple[str, ...]) -> tuple[str, ...]:
    """The columns asked for with --fields, checked against ``known``."""
    if not given:
        return default
    names = tuple(n.strip() for n in given.split(",") if n.strip())
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise click.BadParameter(f"unknown field {', '.join(unknown) or '(none given)'}: use any of "
                                 f"{', '.join(known)}", param_hint="--fields")
    return names


def _write_rows(rows, fmt: str, fields: tuple[str, ...], out=None) -> int:
    """Rows (dicts) as JSON Lines or CSV with a header, keeping ``fields``; lists in CSV
    cells are joined with '；'. Returns the number of rows written."""
    import csv

    out = out or sys.stdout
    writer = csv.writer(out, lineterminator="\n") if fmt == "csv" else None
    if writer:
        writer.writerow(fields)
    n = 0
    for row in rows:
        if writer:
            writer.writerow(["；".join(map(str, v)) if isinstance(v, list) else "" if v is None else v
                             for v in (row.get(f) for f in fields)])
        else:
            out.write(json.dumps({f: row.get(f) for f in fields}, ensure_ascii=False) + "\n")
        n += 1
    out.flush()
    return n


def _render_hits(result: dict) -> str:
    from indexer.highlight import mark

    color = _color()
    width = shutil.get_terminal_size().columns if sys.stdout.isatty() else 0
    total, page, per_page = result["total"], result["page"], result["per_page"]
    first = (page - 1) * per_page + 1
    head = _plural(total, "hit")
    if result["hits"]:
        head += f", {first}–{first + len(result['hits']) - 1} shown"
    elif total:
        last = -(-total // per_page)
        head += f"; no more results: page {page} is past the last page ({last})"
    head += f" ({result['took_ms']:.0f} ms)"
    if result.get("timed_out"):
        head += " — search timed out, results partial"
    lines = [head]
    if result.get("partial"):
        lines.append(f"no page contains {result['query']!r} whole; showing pages that share parts of it")
    for h in result["hits"]:
        title = h["title"] or "(no title)"
        meta = [h["kind"]]
        if h.get("source"):
            meta.append(h["source"])
        if h.get("citations") is not None:
            meta.append(f"被引 {h['citations']}")
        if h.get("copies", 1) > 1:
            others = h.get("copy_ids") or []
            meta.append(f"{h['copies']} copies (also " + ", ".join(others[:4])
                        + (" …" if len(others) > 4 else "") + ")")
        if h["kind"] == "related" and h.get("pages"):
            meta.append("on " + ", ".join(h["pages"][:5]) + (" …" if len(h["pages"]) > 5 else ""))
        lines.append("")
        lines += _wrap(f"{click.style(h['id'], fg='cyan') if color else h['id']}  "
                       f"{click.style(title, bold=True) if color else title}", width)
        lines += _wrap("    " + " · ".join(meta) + (f"  {h['url']}" if h.get("url") else ""), width)
        if h.get("snippet"):
            if color:
                frag = mark(h["snippet"], h["spans"], "\x1b[1;31m", "\x1b[0m")
            else:
                frag = h["highlight"]
            lines += _wrap("    " + frag.replace("\n", " "), width)
    facets = result.get("facets") or {}
    if facets.get("source"):
        top = list(facets["source"].items())[:8]
        lines += ["", *_wrap("sources: " + ", ".join(f"{k} ({v})" for k, v in top), width)]
    if facets.get("kind"):
        lines += _wrap("kinds: " + ", ".join(f"{k} ({v})" for k, v in facets["kind"].items()), width)
    return "\n".join(lines)


# ------------------------------------------------------------------ show, stats, export


@main.command()
@click.argument("doc_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help="Print the stored page or snippet as JSON.")
@click.option("--raw", is_flag=True, help="Write the page's original bytes, byte for byte (to a file or a pipe).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="With --raw: write the bytes to this file.")
@click.pass_context
def show(ctx: click.Context, doc_id: str, as_json: bool, raw: bool, output: str | None) -> None:
    """Show one archived page (ID p12, or 12) or other-literature snippet (ID s3).

    A page: its record, related literature and origin. A snippet: its text, the pages
    that show it, and the archived articles it cites (those it is the opening of). The
    ids are the ones search prints.

    \b
    Examples:
      wenyuan show p12
      wenyuan show s3 --json
      wenyuan show p12 --raw > original.html
      wenyuan show 12 --raw -o original.html
    """
    from archive.export import page_json, snippet_json, work_json
    from archive.ids import parse_user_id

    parsed = parse_user_id(doc_id)
    if parsed is None:
        raise click.BadParameter(f"{doc_id!r} is not an id: use p12 (or 12) for a page, s3 for a snippet",
                                 param_hint="ID")
    if raw and as_json:
        raise click.UsageError("--raw and --json cannot be used together: --raw writes the original bytes")
    if output and not raw:
        raise click.UsageError("--output goes with --raw (the original bytes)")
    kind, n = parsed
    if raw and kind == "snippet":
        _fail(f"{doc_id} is an other-literature snippet: only pages have original bytes")
    if raw and output is None and sys.stdout.isatty():
        _fail("not writing a page's original bytes to the terminal: redirect them (> page.html) "
              "or give -o FILE", 2)
    with _archive(ctx, readonly=True) as arc:
        if kind == "snippet":
            doc = snippet_json(arc, n)
        else:
            page = arc.page(n)
            if raw:
                data = arc.raw(n)
                if output:
                    with open(output, "wb") as f:
                        f.write(data)
                else:
                    sys.stdout.buffer.write(data)
                    sys.stdout.buffer.flush()
                return
            doc = page_json(page, arc.related_of(n), work_json(arc, n))
    if as_json:
        click.echo(json.dumps(doc, ensure_ascii=False, indent=1))
        return
    if kind == "snippet":
        click.echo(doc["text"])
        click.echo("")
        shown = doc["pages"]
        click.echo(f"shown on {_plural(len(shown), 'page')}" + (":" if shown else ""))
        for p in shown:
            click.echo(f"  {p['doc_id']}  {p['title'] or '(no title)'}"
                       + (f" · {p['source']}" if p.get("source") else ""))
        for p in doc["cites"]:
            click.echo(f"cites {p['doc_id']}  {p['title'] or '(no title)'}"
                       + (f" · {p['source']}" if p.get("source") else ""))
        return
    if page.record:
        click.echo(_summary(page.record, page.form or "?", page.url))
    else:
        click.echo(f"(not parsed: {page.error})")
    click.echo("")
    click.echo(f"id {page.id}  sha256 {page.sha256}  {page.size} bytes  imported {page.imported_at}"
               + ("" if page.is_latest else "  (an older version)"))
    work = doc.get("work")
    if work and len(work["copies"]) > 1:
        click.echo(f"work {work['id']}: {len(work['copies'])} copies of this paper")
        for c in work["copies"]:
            mine = "*" if c["id"] == page.id else " "
            click.echo(f" {mine}{c['doc_id']}  {c['title'] or '(no title)'}"
                       + (f" · {c['source']}" if c.get("source") else ""))
    for s in (work or {}).get("cited_by", []):
        text = s["text"] if len(s["text"]) <= 40 else s["text"][:40] + "…"
        click.echo(f"cited by {s['doc_id']} (on {', '.join(s['pages'][:5])}" + (" …" if len(s["pages"]) > 5 else "")
                   + f")  {text}")
    for origin in page.origins:
        click.echo(f"origin  {origin}")


@main.command()
@click.option("--all", "every", is_flag=True, help=f"List every source, not only the top {TOP_SOURCES}.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.pass_context
def stats(ctx: click.Context, every: bool, as_json: bool) -> None:
    """Figures about the archive: pages, records, works, snippets, sources, encodings, rejected.

    \b
    Examples:
      wenyuan stats
      wenyuan stats --all --json
    """
    with _archive(ctx, readonly=True) as arc:
        figures = arc.stats(top_sources=None if every else 50)
    if as_json:
        click.echo(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    click.echo(f"pages     {figures['pages']} ({figures['latest_pages']} latest versions, "
               f"{figures['bytes'] / 2**20:.1f} MB raw)")
    click.echo(f"records   {figures['records']}   unparsed {figures['failed']}   "
               f"not articles (archived, not indexed) {figures['not_articles']}")
    click.echo(f"works     {figures['works']} papers ({figures['works_with_copies']} saved more than once, "
               f"at most {figures['most_copies']} copies of one)")
    click.echo(f"snippets  {figures['snippets']} ({figures['snippets_resolved']} cite an archived article, "
               f"{figures['snippets'] - figures['snippets_resolved']} do not)")
    reports = arc.home / "reports"
    latest = max(reports.glob("import-*.txt"), default=None, key=lambda p: p.stat().st_mtime) \
        if reports.is_dir() else None
    click.echo(f"rejected  {figures['rejected']}" + (
        f"   — each import's report lists its rejected files and why; the latest: {latest}"
        if figures["rejected"] and latest else ""))
    click.echo("encodings " + ", ".join(f"{k} {v}" for k, v in figures["encodings"].items()))
    click.echo("forms     " + ", ".join(f"{k} {v}" for k, v in figures["forms"].items()))
    sources = list(figures["sources"].items())
    if sources:
        shown = sources if every else sources[:TOP_SOURCES]
        click.echo(f"sources   {len(sources)}" + ("" if len(shown) == len(sources) else
                                                 f" (the top {len(shown)}; stats --all lists every one)"))
        for name, n in shown:
            click.echo(f"  {n:6d}  {name}")


EXPORT_FORMATS = ("jsonl", "json", "csv", "opensearch")
CSV_PAGE_FIELDS = ("id", "doc_id", "title", "source", "year", "issue", "citations", "uploader", "authors",
                   "keywords", "abstract", "url", "imported_at")


@main.command()
@click.option("--output", "-o", type=click.Path(writable=True), default="-",
              help="File to write (default: stdout). An existing file is kept unless --force. "
                   "With --format opensearch, the folder to write into.")
@click.option("--force", is_flag=True, help="Overwrite the --output file if it exists.")
@click.option("--query", "-q", default=None, metavar="QUERY",
              help="Only the pages (articles) this search finds, best first.")
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="jsonl", show_default=True,
              help="jsonl: a page a line, with record, related snippets and origin; json: one array of "
                   f"them; csv: a page a row ({','.join(CSV_PAGE_FIELDS)}); opensearch: the index as an "
                   "OpenSearch index template and _bulk NDJSON, in the folder -o names (docs/scale-out.md).")
@click.pass_context
def export(ctx: click.Context, output: str, force: bool, query: str | None, fmt: str) -> None:
    """Export pages — every one, or those a query finds — with record, related snippets and origin.

    \b
    Examples:
      wenyuan export -o archive.jsonl
      wenyuan export --query 反诈 --format csv -o fraud.csv
      wenyuan export | head -1 | python3 -m json.tool
      wenyuan export --format opensearch -o opensearch-export/
    """
    from archive.export import page_json, work_json

    if fmt == "opensearch":
        _export_opensearch(ctx, output, query)
        return
    if output != "-" and os.path.exists(output) and not force:
        _fail(f"{output} exists: give --force to overwrite it, or another -o FILE", 2)
    with _archive(ctx, readonly=True) as arc:
        if query is None:
            pages = (p for p in arc.iter_pages())
        else:
            from indexer.backend import open_index

            with open_index(arc.index_dir) as idx, idx.search_all(query, kind="article") as found:
                ids = [int(h["id"][1:]) for h in found.hits]
            pages = (arc.page(i) for i in ids)
        docs = (page_json(p, arc.related_of(p.id), work_json(arc, p.id, details=False)) for p in pages)
        with click.open_file(output, "w", encoding="utf-8") as out:
            if fmt == "json":
                n = 0
                out.write("[")
                for doc in docs:
                    out.write(("," if n else "") + "\n" + json.dumps(doc, ensure_ascii=False))
                    n += 1
                out.write("\n]\n")
            elif fmt == "csv":
                n = _write_rows(({"id": d["id"], "doc_id": d["doc_id"], **(d["record"] or {}),
                                  "url": d["origin"]["url"], "imported_at": d["origin"]["imported_at"]}
                                 for d in docs), "csv", CSV_PAGE_FIELDS, out)
            else:
                n = 0
                for doc in docs:
                    out.write(json.dumps(doc, ensure_ascii=False) + "\n")
                    n += 1
    if output != "-":
        click.echo(f"exported {_plural(n, 'page')} to {output}", err=True)


def _export_opensearch(ctx: click.Context, output: str, query: str | None) -> None:
    from indexer.opensearch import DOCUMENTS_FILE, TEMPLATE_FILE, write_export

    if output == "-":
        raise click.UsageError("--format opensearch writes two files: give the folder with -o DIR")
    if query is not None:
        raise click.UsageError("--format opensearch exports the whole index: it takes no --query")
    if os.path.exists(output) and not os.path.isdir(output):
        _fail(f"{output} is a file: --format opensearch writes into a folder", 2)
    with _archive(ctx, readonly=True) as arc:
        counts = write_export(arc, output)
    click.echo(f"exported {_plural(counts['pages'], 'page')} and {_plural(counts['snippets'], 'snippet')} "
               f"to {os.path.join(output, DOCUMENTS_FILE)}, with the index template in "
               f"{os.path.join(output, TEMPLATE_FILE)}", err=True)


# ------------------------------------------------------------------ crawl


@main.command()
@click.argument("urls", nargs=-1)
@click.option("--depth", type=click.IntRange(0, 50), default=2, show_default=True,
              help="Links to follow away from the seeds.")
@click.option("--max-pages", type=click.IntRange(1), default=None, help="Stop after fetching this many pages.")
@click.option("--delay", type=click.FloatRange(0), default=None,
              help="Seconds between requests to the same host (robots.txt Crawl-delay wins if longer). "
                   "Default 1; a resumed crawl keeps the delay it was started with.")
@click.option("--include", metavar="REGEX", default=None, help="Only follow URLs matching this.")
@click.option("--exclude", metavar="REGEX", default=None, help="Never follow URLs matching this.")
@click.option("--any-host", is_flag=True, help="Follow links to other hosts too.")
@click.option("--user-agent", default=None, help="User-Agent header (default names wenyuan and its version; "
                                                 "a resumed crawl keeps its own).")
@click.option("--resume", is_flag=True, help="Continue the last unfinished crawl (its scope, delay and "
                                             "user agent are kept).")
@click.option("--failed", "list_failed", is_flag=True,
              help="List the URLs the last crawl gave up on, with the reason for each (fetches nothing).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary (or with --failed, the list) as JSON.")
@click.pass_context
def crawl(ctx: click.Context, urls: tuple[str, ...], depth: int, max_pages: int | None, delay: float,
          include: str | None, exclude: str | None, any_host: bool, user_agent: str | None,
          resume: bool, list_failed: bool, as_json: bool) -> None:
    """Crawl pages politely from seed URLs into the archive, parsing and indexing them.

    Breadth-first from the seeds, following links on the seed hosts (including the
    other-literature links). robots.txt is obeyed, Crawl-delay honoured, failures retried
    with backoff. The frontier lives in the archive: after an interruption or a crash,
    `wenyuan crawl --resume` carries on without fetching stored pages again.

    A host that never answers (refused, no such name, timed out) is tried 3 times over a
    few seconds, then given up with one line saying so, and the exit status is 1.

    \b
    Examples:
      wenyuan crawl https://example.org/list.html --depth 2 --max-pages 500
      wenyuan crawl --resume
      wenyuan crawl --failed
    """
    from indexer.sync import crawl_and_index

    if list_failed:
        if urls or resume:
            raise click.UsageError("--failed lists the last crawl's failures: give no URL and no --resume")
        _list_crawl_failures(ctx, as_json)
        return
    if not urls and not resume:
        raise click.UsageError("give at least one URL, or --resume")

    def progress(url: str, outcome: str, summary) -> None:
        if sys.stderr.isatty():
            click.echo(f"\r{summary.fetched} fetched, {summary.stored} stored, {summary.queued} queued  "
                       f"{outcome:<12} {url[:60]:<60}", nl=False, err=True)

    with _archive(ctx) as arc:
        summary = crawl_and_index(arc, urls, depth=depth, max_pages=max_pages, delay=delay, include=include,
                                  exclude=exclude, any_host=any_host, user_agent=user_agent, resume=resume,
                                  progress=progress, on_wait=_waiting)
    if sys.stderr.isatty():
        click.echo("", err=True)
    if as_json:
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=1))
    else:
        errors = ", ".join(f"{k} {v}" for k, v in sorted(summary.errors.items())) or "none"
        click.echo(f"fetched {summary.fetched}, stored {summary.stored}, duplicates {summary.duplicates}, "
                   f"skipped by robots {summary.skipped_robots}, errors: {errors}")
        if summary.interrupted or not summary.finished:
            click.echo("wenyuan: the crawl is not finished — `wenyuan crawl --resume` continues it", err=True)
    for site, why in summary.unreachable.items():
        click.echo(f"wenyuan: cannot reach {site.split('://', 1)[-1]}: {why}", err=True)
    if summary.errors and not as_json:
        click.echo("wenyuan: `wenyuan crawl --failed` lists the URLs given up, with their reasons", err=True)
    sys.exit(130 if summary.interrupted else 1 if summary.unreachable else 0)


def _list_crawl_failures(ctx: click.Context, as_json: bool) -> None:
    from archive.crawl.frontier import Frontier

    with _archive(ctx, readonly=True) as arc:
        run_id, failed = Frontier.failures(arc)
    if as_json:
        click.echo(json.dumps({"run_id": run_id, "failed": [{"url": u, "reason": r} for u, r in failed]},
                              ensure_ascii=False, indent=1))
        return
    if run_id is None:
        click.echo("no crawl yet")
        return
    click.echo(f"crawl {run_id}: {_plural(len(failed), 'URL')} given up")
    for url, reason in failed:
        click.echo(f"{_shown(url)}\t{reason}")


@main.command()
@click.option("--reparse", is_flag=True, help="Re-parse every stored raw page with the current parser first.")
@click.pass_context
def reindex(ctx: click.Context, reparse: bool) -> None:
    """Rebuild the search index from the archive (optionally re-parsing the raw pages).

    The new index is built beside the old one and swapped in when complete: search keeps
    working meanwhile, and a failed rebuild leaves the old index as it was.

    \b
    Examples:
      wenyuan reindex
      wenyuan reindex --reparse
    """
    from indexer.sync import reindex as run_reindex

    bars = [_Progress("pages", "re-parsing "), _Progress("pages", "indexing "),
            _Progress("snippets", "indexing snippets ")]

    def phase(bar: _Progress):
        def report(done: int, total: int) -> None:
            bar(done, total)
            if done >= total:   # each phase ends its own line before the next starts one
                bar.done()
        return report

    with _archive(ctx, create=False) as arc:
        try:
            done = run_reindex(arc, reparse=reparse, on_wait=_waiting, reparse_progress=phase(bars[0]),
                               progress=phase(bars[1]), snippet_progress=phase(bars[2]))
        finally:
            for bar in bars:
                bar.done()
    if done.reparsed is not None:
        for page_id, reason in done.damaged:
            click.echo(f"wenyuan: page {page_id} skipped: {reason}", err=True)
        changed, failed = done.reparsed
        click.echo(f"re-parsed: {_plural(changed, 'record')} changed, "
                   f"{_plural(failed, 'page')} could not be parsed", err=True)
    rebuilt = done.rebuilt
    click.echo(f"index rebuilt: {_plural(rebuilt.pages, 'page')} and "
               f"{_plural(rebuilt.snippets, 'other-literature snippet')}")


# ------------------------------------------------------------------ serve (web/)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (the default serves this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes (searches are CPU-bound: up to one per core).")
@click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name clients may use besides the loopback names and --host "
                   "(repeatable); requests naming any other Host are refused.")
@click.option("--token", envvar="WENYUAN_TOKEN", default=None, metavar="TOKEN",
              help="Require this token on the API and the page (Authorization: Bearer TOKEN, "
                   "or open /?token=TOKEN once). Also $WENYUAN_TOKEN.")
@click.option("--open", "open_browser", is_flag=True,
              help="Open the search page in the default browser once the server is up ($BROWSER chooses).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, workers: int, allowed_hosts: tuple[str, ...],
          token: str | None, open_browser: bool) -> None:
    """Serve the search page and the JSON API over HTTP (uvicorn).

    The page is at /, the API under /api/ (documented at /openapi.json). Searches see
    what a running import or crawl commits within seconds, without a restart.

    \b
    Examples:
      wenyuan serve --open
      wenyuan --home ~/archive serve --host 0.0.0.0 --port 8080 --workers 2
    """
    from pathlib import Path

    from archive.store import default_home
    from web.app import LOOPBACK_NAMES
    from web.server import serve as run_server

    home = Path(ctx.obj["home"]) if ctx.obj["home"] else default_home()
    if host not in LOOPBACK_NAMES:
        click.echo(f"wenyuan: warning: listening on {host}: the archive is readable by anyone who can "
                   "reach this machine" + ("" if token else " (set --token to require one)")
                   + ("; clients must use a name given with --allowed-host" if not allowed_hosts
                      and host in ("0.0.0.0", "::") else ""), err=True)
    import errno
    import socket

    if port:
        # Say so in one line, before uvicorn's own traceback-shaped report could.
        try:
            with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind((host, port))
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                _fail(f"port {port} is in use; try --port 0 (any free port)", 2)
            _fail(f"cannot listen on {host}:{port}: {e.strerror or e}", 2)
    click.echo(f"wenyuan: serving the archive at {home} (Ctrl-C to stop)", err=True)
    run_server(home, host, port, workers, allowed_hosts=allowed_hosts, token=token, open_browser=open_browser)


if __name__ == "__main__":
    main()
