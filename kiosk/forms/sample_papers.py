"""Sample papers for demo mode: a picture per document the catalogue asks citizens to
photograph or scan, each stamped "MẪU – SAMPLE" (drawn by tools/make_sample_papers.py,
shipped in resources/sample_papers/).

A demo kiosk offers them beside "Take a photo" so that a newcomer with no camera, scanner
or USB stick can finish every procedure. A live kiosk never offers them.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.config import resources_path
from kiosk.forms.catalogue import catalogue_dir, load_catalogue

SAMPLE_DIR = resources_path() / "sample_papers"


def sample_paper(document_id: str | None) -> Path | None:
    """The sample picture of a catalogue document, when one is shipped."""
    if not document_id or "/" in document_id or document_id.startswith("."):
        return None
    path = SAMPLE_DIR / f"{document_id}.jpg"
    return path if path.is_file() else None


def needed_documents() -> dict[str, str]:
    """Every document an attachment field of the catalogue asks for: id -> Vietnamese name."""
    catalogue = load_catalogue(catalogue_dir(resources_path()))
    out: dict[str, str] = {}
    for service in catalogue.services.values():
        names = {doc.id: doc.name.vi for doc in service.documents}
        for field in service.form.fields_by_id.values():
            if field.type == "attachment" and field.document:
                out[field.document] = names.get(field.document, field.document)
    return out
