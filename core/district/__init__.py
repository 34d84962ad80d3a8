"""汇总 (district collection): each unit sends a signed exchange package; the collecting 法治办 sees them all.

Sending (every unit):   collect.py   the unit's year as records with stable UUIDs
                        keys.py      this installation's Ed25519 key pair and fingerprints
                        writer.py    the package file (.lawdesk-pkg): data/*.jsonl, manifest, signature
Receiving (the district): reader.py  verify everything in a package before anything is trusted
                        receive.py   pin keys, replace older packages, write read-only copies
                        view.py      units × figures for a year, totals; records.py  one unit's records
                        export_xlsx.py / export_docx.py / paragraph.py  the 汇总表 and the report paragraph
Shared:                 fmt.py       names, caps, the manifest's and the records' exact shape
Why packages and not a shared server, and what a server mode would change: docs/district.md.
"""
from __future__ import annotations

from core.features import Feature

FEATURE = Feature(
    key="district", label="汇总", order=60, table="district_package", schema="core.district.schema",
    cli="core.district.cli",
)
