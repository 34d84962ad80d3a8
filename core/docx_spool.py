"""Word documents of any length in the memory of one page: the body is spooled to a temporary file as it is made.

python-docx holds the whole document as one XML tree, and each paragraph or table it adds to the body is
placed by scanning the body for its closing section properties: a year of 学法记录表, a page each, grows
in memory and in time per page. `BodySpool.flush()` serialises what the body holds (all but those section
properties) to a temporary file and takes it out of the tree; `save` lets python-docx write the package
around the empty body and splices the spooled content into word/document.xml while copying it, so the
file is byte for byte what python-docx would have written from the whole tree.
"""
from __future__ import annotations

import shutil
import tempfile
from io import BytesIO
from pathlib import Path
from zipfile import ZipFile

from docx.document import Document
from docx.oxml.ns import qn
from lxml import etree

from core import officedoc
from core.docmeta import DocInfo
from core.files import atomic_save

_DOCUMENT_PART = "word/document.xml"
_BODY_OPEN = b"<w:body>"
_SECTION = qn("w:sectPr")
_ZIP64_ABOVE = 2**31 - 2**24  # a member that may grow past 2 GiB needs zip64 sizes from the start


class BodySpool:
    """`with BodySpool(doc) as spool:` add to `doc`, `spool.flush()` now and then, `spool.save(path, info)`."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._body = doc.element.body
        # serialised on its own, an element repeats the document's namespace declarations; in the whole
        # document they are on the root only
        self._declarations = [
            (f' xmlns:{prefix}="{uri}"' if prefix else f' xmlns="{uri}"').encode()
            for prefix, uri in doc.element.nsmap.items()]
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 - open for the spool's life, closed on leaving `with`

    def __enter__(self) -> BodySpool:
        return self

    def __exit__(self, *exc: object) -> None:
        self._file.close()

    def flush(self) -> None:
        """Write out everything the body holds but its closing section properties, and take it out of the tree."""
        for child in [c for c in self._body if c.tag != _SECTION]:
            xml = etree.tostring(child, encoding="UTF-8")
            end = xml.index(b">")  # of the start tag (">" inside attribute values is escaped)
            head = xml[:end]
            for declaration in self._declarations:
                head = head.replace(declaration, b"", 1)
            self._file.write(head)
            self._file.write(xml[end:])
            self._body.remove(child)

    def save(self, path: Path | str, info: DocInfo) -> None:
        """`officedoc.save` for a spooled document: written beside the target, then renamed over it."""
        officedoc.set_properties(self.doc, info)
        self.flush()
        atomic_save(path, ".docx", self._write)

    def _write(self, target: str) -> None:
        bare = BytesIO()
        self.doc.save(bare)  # the package with an empty body: small
        spooled = self._file.tell()
        with ZipFile(bare) as source, ZipFile(target, "w", allowZip64=True) as out:
            for member in source.infolist():
                data = source.read(member)
                if member.filename != _DOCUMENT_PART:
                    out.writestr(member, data)
                    continue
                at = data.index(_BODY_OPEN) + len(_BODY_OPEN)
                with out.open(member, "w", force_zip64=spooled + len(data) > _ZIP64_ABOVE) as part:
                    part.write(data[:at])
                    self._file.seek(0)
                    shutil.copyfileobj(self._file, part, 1 << 20)
                    part.write(data[at:])
