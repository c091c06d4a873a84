"""Checks on an EPUB's zip container before it is parsed.

ebooklib fails on a broken book with whatever exception it meets first (KeyError,
AttributeError, TypeError). These checks find the common problems first and say what
is wrong in words: not a zip, a zip that is not an EPUB, DRM, a missing package file
or spine.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from litetts_cli.errors import InputError
from litetts_cli.limits import MIB, InputLimits, format_size

# Font obfuscation (IDPF and Adobe) scrambles embedded fonts only; the text is readable.
_FONT_OBFUSCATION = frozenset({"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"})
_FONT_EXTENSIONS = (".ttf", ".otf", ".woff", ".woff2", ".eot")
_XMLENC = "http://www.w3.org/2001/04/xmlenc#"
_CONTAINER = "urn:oasis:names:tc:opendocument:xmlns:container"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, recover=True, huge_tree=True)
_DRM_FILES = (
    ("META-INF/rights.xml", "Adobe ADEPT"),
    ("META-INF/license.lcpl", "Readium LCP"),
    ("META-INF/sinf.xml", "Apple FairPlay"),
)
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError)
"""What reading a damaged zip member can raise."""

_DAMAGED_HINT = "the file is damaged; download or export it again, or repair it with Calibre"


def check_epub_container(path: Path) -> None:
    """Raise :class:`InputError` unless ``path`` looks like a readable, DRM-free EPUB."""
    name = path.name
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(
            f"{name} is not an EPUB: it is not a zip archive",
            hint="the file may be damaged or only partly downloaded; download or export it again",
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}", hint="check the file's permissions") from None
    with archive:
        try:
            _check_members(archive, name)
        except ZIP_ERRORS as exc:
            raise InputError(f"{name} is damaged: {exc}", hint=_DAMAGED_HINT) from None


_LIMIT_HINT = "if the book is genuine, raise the limit with {option} (or {env})"
_RATIO_FLOOR = 16 * MIB
"""Files smaller than this may pack at any ratio (a blank image, a repetitive page
compress 1000:1); what they cost is small whatever it is."""


def check_epub_sizes(path: Path, limits: InputLimits) -> None:
    """Refuse a zip bomb before anything is unpacked.

    The sizes checked are the ones the zip declares; Python's zipfile never returns
    more than a member's declared size (a member that lies fails its CRC check), so
    they bound what reading the book can cost.

    Raises:
        InputError: one member or all of them together unpack past ``limits``, or a
            large member is compressed far more than text ever is.
    """
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # check_epub_container says what is wrong, in words
    total = 0
    for info in members:
        size = info.file_size
        total += size
        if size > limits.max_member_bytes:
            raise InputError(
                f"{name}: {info.filename} unpacks to {format_size(size)}, more than the "
                f"{format_size(limits.max_member_bytes)} allowed for one file in a book",
                hint=_LIMIT_HINT.format(option="max_member_size in the config", env="LITETTS_MAX_MEMBER_SIZE"),
            )
        if size > _RATIO_FLOOR and size > limits.max_ratio * max(info.compress_size, 1):
            raise InputError(
                f"{name}: {info.filename} is compressed {size // max(info.compress_size, 1)}:1, more than the "
                f"{limits.max_ratio}:1 a book's files ever are; it looks like a zip bomb",
                hint=_LIMIT_HINT.format(option="max_epub_ratio in the config", env="LITETTS_MAX_EPUB_RATIO"),
            )
        if total > limits.max_unpacked_bytes:
            raise InputError(
                f"{name} unpacks to more than the {format_size(limits.max_unpacked_bytes)} allowed for a book",
                hint=_LIMIT_HINT.format(option="--max-unpacked-size", env="LITETTS_MAX_UNPACKED_SIZE"),
            )


def _check_members(archive: zipfile.ZipFile, name: str) -> None:
    names = set(archive.namelist())
    if "META-INF/container.xml" not in names:
        mimetype = archive.read("mimetype")[:40] if "mimetype" in names else b""
        if mimetype.strip() == b"application/epub+zip":
            raise InputError(f"{name} is damaged: META-INF/container.xml is missing", hint=_DAMAGED_HINT)
        raise InputError(
            f"{name} is a zip archive but not an EPUB (it has no META-INF/container.xml)",
            hint="pass an .epub book, or unzip the archive and pass its text files",
        )
    if any(info.flag_bits & 0x1 for info in archive.infolist()):
        raise InputError(
            f"{name} is password-protected", hint="litetts reads only unprotected books; use a DRM-free copy"
        )
    _check_drm(archive, names, name)
    package = package_path(archive, name)
    if package not in names:
        raise InputError(f"{name} is damaged: its package file {package} is missing", hint=_DAMAGED_HINT)
    _check_package(archive.read(package), name)


def _check_drm(archive: zipfile.ZipFile, names: set[str], name: str) -> None:
    scheme = next((label for path, label in _DRM_FILES if path in names), "")
    encrypted = []
    if "META-INF/encryption.xml" in names:
        encrypted = encrypted_content(archive.read("META-INF/encryption.xml"))
    if encrypted or scheme == "Apple FairPlay":
        what = f"{len(encrypted)} of its files are encrypted" if encrypted else "its content is encrypted"
        raise InputError(
            f"{name} is DRM-protected ({scheme or 'encrypted content'}): {what}",
            hint="litetts can only read DRM-free books; use a DRM-free copy of this book",
        )


def encrypted_content(encryption_xml: bytes) -> list[str]:
    """Paths listed in ``META-INF/encryption.xml`` as encrypted, fonts left out."""
    try:
        root = etree.fromstring(encryption_xml, _PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    paths = []
    for data in root.iter(f"{{{_XMLENC}}}EncryptedData"):
        method = data.find(f"{{{_XMLENC}}}EncryptionMethod")
        algorithm = method.get("Algorithm", "") if method is not None else ""
        reference = data.find(f".//{{{_XMLENC}}}CipherReference")
        uri = reference.get("URI", "") if reference is not None else ""
        if algorithm in _FONT_OBFUSCATION or uri.lower().endswith(_FONT_EXTENSIONS):
            continue
        paths.append(uri)
    return paths


def package_path(archive: zipfile.ZipFile, name: str) -> str:
    root = etree.fromstring(archive.read("META-INF/container.xml"), _PARSER)
    if root is not None:
        for rootfile in root.iter(f"{{{_CONTAINER}}}rootfile", "rootfile"):
            full_path = rootfile.get("full-path")
            if full_path and rootfile.get("media-type", "application/oebps-package+xml").endswith("package+xml"):
                return posixpath.normpath(full_path)
    raise InputError(f"{name} is damaged: META-INF/container.xml names no package file", hint=_DAMAGED_HINT)


def _check_package(data: bytes, name: str) -> None:
    if b"<!ENTITY" in data:
        # Entities are never expanded (billion laughs, XXE); a package that needs them
        # cannot be read correctly, so say so rather than report what went missing.
        raise InputError(
            f"{name}: its package file declares XML entities, which litetts does not expand",
            hint="this is unsafe or damaged; re-export the book, e.g. with Calibre",
        )
    root = etree.fromstring(data, _PARSER) if data.strip() else None
    if root is None:
        raise InputError(f"{name} is damaged: its package file is empty or not XML", hint=_DAMAGED_HINT)
    children = {_local(child): child for child in root if isinstance(child.tag, str)}
    for part in ("metadata", "manifest"):
        if part not in children:
            raise InputError(f"{name} is damaged: its package file has no <{part}>", hint=_DAMAGED_HINT)
    spine = children.get("spine")
    if spine is None or not any(_local(item) == "itemref" for item in spine if isinstance(item.tag, str)):
        raise InputError(
            f"{name} has no spine: its package file lists no reading order",
            hint="the EPUB is damaged; repair or re-export it, e.g. with Calibre",
        )


def _local(el: etree._Element) -> str:
    return el.tag.rpartition("}")[2]
