"""Hostile inputs built on the spot (nothing big is committed), and a runner that
measures what one `litetts` process cost: exit code, output, peak memory."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path

CONTAINER = b"""<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF = b"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="id">hostile</dc:identifier><dc:title>Hostile</dc:title><dc:language>en</dc:language>
  </metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""

BILLION_LAUGHS_OPF = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE package [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&lol9;</dc:title></metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""


def chapter(body: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>One</title></head><body><h1>One</h1>{body}</body></html>"
    ).encode()


def write_epub(path: Path, *, opf: bytes = OPF, chapter_bytes: bytes | None = None,
               zeros: int = 0, extra_members: int = 0) -> Path:
    """A small EPUB; ``zeros`` appends that many zero bytes to the chapter, streamed
    into the zip so the test never holds them in memory (a zip bomb)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/container.xml", CONTAINER)
        archive.writestr("OEBPS/content.opf", opf)
        with archive.open("OEBPS/c1.xhtml", "w", force_zip64=True) as member:
            member.write(chapter_bytes or chapter("<p>Once upon a time there was a test.</p>"))
            block = bytes(1 << 20)
            for _ in range(zeros >> 20):
                member.write(block)
        for index in range(extra_members):
            archive.writestr(f"OEBPS/extra{index}.xhtml", chapter("<p>More words here.</p>" * 200))
    return path


def write_docx_bomb(path: Path, zeros: int) -> Path:
    """A Word file (a zip) whose document.xml unpacks to ``zeros`` bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(zeros >> 20):
                member.write(block)
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder`` (hidden ones too) -> sha256 (or "dir")."""
    state = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink() or path.is_dir():
            state[rel] = "dir" if path.is_dir() else "link"
        elif path.is_file():
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: str
    peak_rss_bytes: int
    """The process's own peak resident memory (``wait4``'s ``ru_maxrss``)."""
    timed_out: bool


_LAUNCHER = """
import os, sys
report, args = sys.argv[1], sys.argv[2:]
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, "-m", "litetts_cli", *args])
_, status, usage = os.wait4(pid, 0)
with open(report, "w") as out:
    out.write(str(usage.ru_maxrss))
code = os.waitstatus_to_exitcode(status)
os._exit(code if code >= 0 else 128 - code)
"""
"""Runs litetts as its own child and reports that child's peak RSS. A child inherits
the peak RSS of the process it was forked from (Linux keeps the old memory's high-water
mark across fork and exec), so measured straight from pytest, which grows to gigabytes
over the full suite, every run read as >3 GB; forked from this small launcher it reads
what litetts itself used."""


def run_litetts(args: list[str], *, cwd: Path, env: dict[str, str], stdin: bytes | Path | None = None,
                timeout: float = 120) -> Run:
    """Run ``python -m litetts_cli ARGS`` and measure it. ``timeout`` only catches
    hangs (the process is killed and ``timed_out`` set); it is no speed claim."""
    with tempfile.TemporaryDirectory() as scratch, tempfile.TemporaryFile() as out, \
            tempfile.TemporaryFile() as err, tempfile.TemporaryFile() as given:
        report = Path(scratch) / "maxrss"
        if isinstance(stdin, Path):
            source = open(stdin, "rb")
        else:
            given.write(stdin or b"")
            given.seek(0)
            source = given
        with source:
            proc = subprocess.Popen(
                [sys.executable, "-c", _LAUNCHER, str(report), *args], cwd=cwd, env=env,
                stdin=source, stdout=out, stderr=err, start_new_session=True,
            )
            killed = threading.Event()

            def kill() -> None:
                killed.set()
                os.killpg(proc.pid, 9)

            timer = threading.Timer(timeout, kill)
            timer.start()
            try:
                proc.wait()
            finally:
                timer.cancel()
        out.seek(0)
        err.seek(0)
        peak_kib = int(report.read_text()) if report.exists() else 0
        return Run(proc.returncode, out.read(), err.read().decode("utf-8", "replace"),
                   peak_kib * 1024, killed.is_set())
