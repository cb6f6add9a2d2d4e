"""`kiosk dossier new` without argparse: answers file in, queued dossier (or errors) out.

It builds the very `FormSession` the wizard uses and feeds it the answers, attachments and
card data, so a file is accepted or refused exactly as the screens would.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.config import Settings
from kiosk.dossier.model import Dossier
from kiosk.errors import KioskError
from kiosk.forms.validation import FieldError

log = logging.getLogger(__name__)


class DossierInputError(KioskError, ValueError):
    """The command's own inputs (files, options) are unusable."""

    def __init__(self, message_vi: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_vi = message_vi
        self.message_en = message_en

    def text(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_vi


@dataclass
class DossierOutcome:
    errors: list[FieldError] = field(default_factory=list)
    dossier: Dossier | None = None
    failure: Exception | None = None  # typed, with message_vi / message_en
    prefilled: list[str] = field(default_factory=list)


def _read_json(path: Path, what_vi: str, what_en: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise DossierInputError(f"Không đọc được tệp {what_vi}: {path}",
                                f"Cannot read the {what_en} file: {path}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DossierInputError(f"Tệp {what_vi} không phải JSON hợp lệ: {path} ({exc})",
                                f"The {what_en} file is not valid JSON: {path} ({exc})") from None


def parse_attach_options(options: list[str]) -> list[tuple[str, Path]]:
    out = []
    for option in options:
        name, sep, path = option.partition("=")
        if not sep or not name or not path:
            raise DossierInputError(f"--attach cần dạng TRƯỜNG=ĐƯỜNG_DẪN, không phải {option!r}",
                                    f"--attach needs FIELD=PATH, not {option!r}")
        out.append((name, Path(path)))
    return out


def create_dossier(settings: Settings, service_code: str, answers_file: Path,
                   attach: list[str], card_file: Path | None,
                   assisted_by: str | None) -> DossierOutcome:
    from kiosk.dossier.local_code import LocalCodeStoreError
    from kiosk.forms.calendar import WorkingCalendar
    from kiosk.forms.catalogue import UnknownServiceError
    from kiosk.forms.catalogue_in_use import catalogue_in_use
    from kiosk.forms.engine import FormSession
    from kiosk.forms.prefill import CardData

    answers = _read_json(answers_file, "câu trả lời", "answers")
    if not isinstance(answers, dict):
        raise DossierInputError("Tệp câu trả lời phải là một đối tượng JSON {\"mục\": giá trị}.",
                                'The answers file must be a JSON object {"field": value}.')
    files = parse_attach_options(attach)
    card = None
    if card_file is not None:
        raw_card = _read_json(card_file, "dữ liệu thẻ", "card data")
        if not isinstance(raw_card, dict):
            raise DossierInputError("Tệp dữ liệu thẻ phải là một đối tượng JSON.",
                                    "The card data file must be a JSON object.")
        card = CardData.from_json(raw_card)
    # The catalogue the screens offer: a signed bundle when one is installed.
    catalogue = catalogue_in_use(settings, repair=False).catalogue
    try:
        service = catalogue.get(service_code)
    except UnknownServiceError as exc:
        raise DossierInputError(exc.message_vi, exc.message_en) from None
    calendar = WorkingCalendar.load(settings.resources() / "holidays")
    session = FormSession(service, card=card, calendar=calendar,
                          filing_channel=settings.filing_channel)

    outcome = DossierOutcome()
    problems = session.set_answers(answers)
    for path, file_path in files:
        problem = session.attach(path, file_path)
        if problem is not None:
            problems.append(problem)
    seen: set[tuple[str, str]] = set()
    for problem in [*problems, *session.errors()]:
        if (problem.path, problem.code) not in seen:
            seen.add((problem.path, problem.code))
            outcome.errors.append(problem)
    if outcome.errors:
        log.info("dossier for %s refused: %d problem(s)", service.code, len(outcome.errors))
        return outcome
    outcome.prefilled = prefilled_paths(session)
    try:
        dossier = session.confirm(settings=settings, assisted_by=assisted_by)
    except LocalCodeStoreError as exc:
        outcome.failure = exc
        return outcome
    outcome.failure = enqueue(settings, dossier)
    if outcome.failure is None:
        outcome.dossier = dossier
    return outcome


def enqueue(settings: Settings, dossier: Dossier) -> Exception | None:
    """Hand the dossier to the outbox; the typed error when it could not be stored."""
    from kiosk.sync.errors import OutboxError
    from kiosk.sync.outbox import Outbox

    try:
        with Outbox.open(settings) as outbox:
            outbox.enqueue(dossier)
    except OutboxError as exc:
        return exc
    return None


def prefilled_paths(session: Any) -> list[str]:
    a = session.answers
    out = []
    for group in session.visible_groups():
        for item in a.items_of(group):
            for f in group.fields:
                if f.id in item.prefilled and a.relevant(group, item, f):
                    out.append(a.path_of(group, item, f).key)
    return out
