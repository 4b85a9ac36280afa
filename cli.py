"""wenyuan's command line: thin click commands over the archive and indexer libraries.

Each command parses its options, calls one library function and renders the result.
Data goes to stdout, diagnostics to stderr; our errors become one line and a non-zero
exit status, never a traceback.
"""
from __future__ import annotations

import json
import sys

import click

from archive import __version__
from archive.errors import NotAPageError, WenyuanError


def _fail(message: str, code: int = 1) -> None:
    click.echo(f"wenyuan: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wenyuan")
def main() -> None:
    """wenyuan (文渊): archive and search saved Chinese journal pages.

    \b
    Examples:
      wenyuan parse samples/seed.txt
      wenyuan parse --json page.html
    """


@main.command()
@click.argument("path", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--json", "as_json", is_flag=True, help="Print the record as one JSON object.")
def parse(path: str, as_json: bool) -> None:
    """Parse one saved page (HTML, MHTML or a text copy) and print its record.

    The record has the keys title, source, citations, uploader, authors, keywords,
    abstract, body, related and encoding. Files that are not pages (empty, binary,
    archives, over 20 MB) are refused with a one-line reason and exit status 1.

    \b
    Examples:
      wenyuan parse samples/seed.txt
      wenyuan parse --json saved/article.mhtml
    """
    from archive.page import read_page

    try:
        parsed = read_page(path)
    except NotAPageError as e:
        _fail(str(e))
    except WenyuanError as e:
        _fail(f"{path}: {e}")
    rec = parsed.record
    if as_json:
        click.echo(json.dumps(rec.to_dict(), ensure_ascii=False, indent=1))
        return
    click.echo(_summary(rec, parsed.form, parsed.url))


def _summary(rec, form: str, url: str | None) -> str:
    def show(label: str, value) -> str:
        return f"{label:<10}{value if value not in (None, '', []) else '—'}"

    lines = [
        click.style(rec.title or "(no title)", bold=True),
        show("source", rec.source),
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
    lines += ["", click.style(f"正文 ({len(paragraphs)} paragraphs, {len(rec.body)} characters)", bold=True)]
    lines += paragraphs
    if rec.related:
        lines += ["", click.style(f"其他文献 ({len(rec.related)})", bold=True)]
        lines += [f"{i}. {item.text}" for i, item in enumerate(rec.related, 1)]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
