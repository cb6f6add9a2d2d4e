"""The service catalogue: one JSON file per procedure in resources/catalogue/, checked
against schema.json and for expression sanity at load time, with per-province overrides of
fees and processing times (resources/catalogue/overrides/<province_code>.json).

See docs/catalogue.md for the file format.
"""

from __future__ import annotations

import builtins
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.forms.calendar import ProcessingTime
from kiosk.forms.catalogue_checks import check_service_expressions
from kiosk.forms.delivery import PostRule
from kiosk.forms.expressions import Expression, ExpressionError, parse
from kiosk.forms.facts import SETTLED, ages, check_sources, facts_of_overrides
from kiosk.forms.fees import Charge, OnlineSupport, charge, listed_amount
from kiosk.forms.model import FormDef, FormDefinitionError, Text, build_form
from kiosk.forms.schema import SchemaValidator

log = logging.getLogger(__name__)

SCHEMA_FILE = "schema.json"
OVERRIDES_SCHEMA_FILE = "overrides.schema.json"
LISTS_SCHEMA_FILE = "lists.schema.json"
_NOT_PROCEDURES = {SCHEMA_FILE, OVERRIDES_SCHEMA_FILE, LISTS_SCHEMA_FILE}


@dataclass(frozen=True)
class CatalogueProblem:
    file: str
    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.location or '(top)'}: {self.message}"


class CatalogueError(Exception):
    """The catalogue cannot be used as it is; `problems` lists each error with its file."""

    def __init__(self, problems: list[CatalogueProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class UnknownServiceError(KioskError, KeyError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.message_vi = f"Không có thủ tục mã {code} trong danh mục của ki-ốt."
        self.message_en = f"There is no procedure with code {code} in this kiosk's catalogue."


@dataclass(frozen=True)
class Fee:
    kind: str  # free | fixed | rule
    basis: str
    amount_vnd: int | None = None
    rule: Expression | None = None
    note: Text | None = None
    verified: bool = False
    online_amount_vnd: int | None = None  # the amount filed online, when the rule differs
    set_by: str | None = None  # ministry | province: who sets the amount (fees.OnlineSupport)


@dataclass(frozen=True)
class Document:
    id: str
    name: Text
    capture: str  # photo | scan | none
    required: bool
    relevant: Expression | None = None
    note: Text | None = None


@dataclass(frozen=True)
class ResultPlace:
    id: str
    name: Text
    by_post: bool = False


@dataclass(frozen=True)
class Service:
    code: str
    catalogue_version: str
    names: Text
    category_id: str
    category: Text
    agency_level: str
    agency_name: Text
    legal_basis: tuple[str, ...]
    service_level: str
    fee: Fee
    processing_time: ProcessingTime
    documents: tuple[Document, ...]
    result_places: tuple[ResultPlace, ...]
    verified: dict[str, Any]
    form: FormDef
    summary: Text | None = None
    # What the receipt says of the deciding agency's own receipt, if it issues one.
    agency_own_receipt: Text | None = None
    overridden_for_province: int | None = None
    # The province's online support that names this procedure (kiosk/forms/fees.py).
    online_support: OnlineSupport | None = None
    # The province's rule that sends this procedure's paper results by post (forms/delivery.py).
    post_rule: PostRule | None = None
    # Where in the file a fact stands that no official source confirms (its weakest source
    # is below `medium`, or it cites none): the screens say "to confirm at the counter".
    unsettled: frozenset[str] = frozenset()
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def service_level_text(self) -> Text:
        if self.service_level == "toan_trinh":
            return Text("Toàn trình", "Fully online")
        return Text("Một phần", "Partly online")

    def advertised_charge(self, channel: str, on: date) -> Charge | None:
        """The fee before any answer (the overview screen): a fixed or free fee as paid
        through `channel` on `on`; a fee that depends on the answers only when the province
        pays all of it (None otherwise: the amount is shown at review)."""
        fee = self.fee
        listed = 0 if fee.kind == "free" else (
            listed_amount(fee.amount_vnd, fee.online_amount_vnd, channel)
            if fee.kind == "fixed" else None)
        support = self.online_support
        if listed is None:
            if support is not None and support.percent == 100 and support.applies(
                    self.code, fee.set_by, channel, on):
                return Charge(0, 0, support.rule)
            return None
        return charge(listed, code=self.code, set_by=fee.set_by, channel=channel, on=on,
                      support=support)

    def result_place(self, place_id: str | None) -> ResultPlace:
        for place in self.result_places:
            if place.id == place_id:
                return place
        return self.result_places[0]


@dataclass
class Catalogue:
    services: dict[str, Service]
    problems: list[CatalogueProblem] = field(default_factory=list)
    # The province's overrides file as read (its facts and sources are reported with the
    # procedures'), or None.
    overrides: dict[str, Any] | None = None

    def get(self, code: str) -> Service:
        try:
            return self.services[code]
        except KeyError:
            raise UnknownServiceError(code) from None

    def list(self) -> builtins.list[Service]:
        return sorted(self.services.values(), key=lambda s: (s.category_id, s.names.vi))

    def categories(self) -> builtins.list[tuple[str, Text]]:
        seen: dict[str, Text] = {}
        for s in self.list():
            seen.setdefault(s.category_id, s.category)
        return list(seen.items())

    @property
    def version(self) -> str:
        return max((s.catalogue_version for s in self.services.values()), default="")

def catalogue_dir(resources: Path) -> Path:
    return resources / "catalogue"


def load_catalogue(directory: Path, province_code: int | None = None,
                   strict: bool = True) -> Catalogue:
    """Load every procedure in `directory`, applying the province's overrides.

    strict: raise `CatalogueError` on any problem; otherwise skip broken procedures and keep
    the problems in `Catalogue.problems` (a kiosk should still offer the good ones).
    """
    problems: list[CatalogueProblem] = []
    services = _load_all(directory, problems)
    overrides: dict[str, Any] | None = None
    if province_code is not None:
        services, overrides = _apply_overrides(directory, province_code, services, problems)
    if problems and strict:
        raise CatalogueError(problems)
    for p in problems:
        log.warning("catalogue problem in %s at %s", p.file, p.location)
    return Catalogue(services, problems, overrides)


def _load_all(directory: Path, problems: list[CatalogueProblem],
              today: date | None = None, require: bool = False) -> dict[str, Service]:
    lists = _load_lists(directory, problems)
    services: dict[str, Service] = {}
    validator = SchemaValidator(directory / SCHEMA_FILE)
    for path in procedure_files(directory):
        service = _load_service(path, validator, lists, problems, today, require)
        if service is not None:
            if service.code in services:
                problems.append(CatalogueProblem(path.name, "code", "duplicate procedure code"))
            services[service.code] = service
    return services


def procedure_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.name not in _NOT_PROCEDURES)


def validate_path(path: Path) -> list[CatalogueProblem]:
    """Problems of a catalogue directory (with every province override) or of one file."""
    if path.is_dir():
        problems: list[CatalogueProblem] = []
        try:
            # `validate` also fails a fact citing no source (issue 17); a kiosk loading a
            # catalogue shows such a fact as "to confirm at the counter" instead.
            services = _load_all(path, problems, date.today(), require=True)
            for override in sorted((path / "overrides").glob("*.json")):
                try:
                    code = int(override.stem)
                except ValueError:
                    problems.append(CatalogueProblem(f"overrides/{override.name}", "",
                                                     "file name must be the province code"))
                    continue
                _apply_overrides(path, code, dict(services), problems, date.today(),
                                 require=True)
        except (OSError, json.JSONDecodeError) as exc:
            problems.append(CatalogueProblem(str(path), "", str(exc)))
        return problems
    # A lone file is checked with the schema and lists beside it, else the kiosk's own.
    directory = path.parent
    if not (directory / SCHEMA_FILE).is_file():
        from kiosk.config import resources_path

        directory = catalogue_dir(resources_path())
    file_problems: list[CatalogueProblem] = []
    lists = _load_lists(directory, file_problems)
    _load_service(path, SchemaValidator(directory / SCHEMA_FILE), lists, file_problems,
                  date.today(), require=True)
    return file_problems


def _read_json(path: Path, problems: list[CatalogueProblem], name: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(CatalogueProblem(name, f"line {exc.lineno} column {exc.colno}",
                                         f"not valid JSON: {exc.msg}"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(CatalogueProblem(name, "", f"cannot read: {exc}"))
    return None


def _load_lists(directory: Path, problems: list[CatalogueProblem]
                ) -> dict[str, list[dict[str, Any]]]:
    lists: dict[str, list[dict[str, Any]]] = {}
    lists_dir = directory / "lists"
    if not lists_dir.is_dir():
        return lists
    validator = SchemaValidator(directory / LISTS_SCHEMA_FILE)
    for path in sorted(lists_dir.glob("*.json")):
        name = f"lists/{path.name}"
        raw = _read_json(path, problems, name)
        if raw is None:
            continue
        violations = validator.validate(raw)
        problems += [CatalogueProblem(name, v.path, v.message) for v in violations]
        if not violations:
            lists[path.stem] = raw["choices"]
    return lists


def _load_service(path: Path, validator: SchemaValidator, lists: dict[str, list[dict[str, Any]]],
                  problems: list[CatalogueProblem], today: date | None = None,
                  require: bool = False) -> Service | None:
    raw = _read_json(path, problems, path.name)
    if raw is None:
        return None
    violations = validator.validate(raw)
    if violations:
        problems += [CatalogueProblem(path.name, v.path, v.message) for v in violations]
        return None
    if path.stem != raw["code"]:
        problems.append(CatalogueProblem(path.name, "code",
                                         f"file must be named {raw['code']}.json"))
    try:
        service = build_service(raw, lists)
    except FormDefinitionError as exc:
        problems.append(CatalogueProblem(path.name, exc.location, exc.message))
        return None
    found = check_service_expressions(service)
    # A fact must cite a source that exists (kiosk/forms/facts.py); that its check date is
    # not ahead is for `validate`, not for a kiosk that may have a wrong clock.
    found += check_sources(raw, today, require)
    problems += [CatalogueProblem(path.name, loc, msg) for loc, msg in found]
    return None if found else service


def build_service(raw: dict[str, Any], lists: dict[str, list[dict[str, Any]]]) -> Service:
    form = build_form(raw["form"], lists)
    return Service(
        code=raw["code"],
        catalogue_version=raw["catalogue_version"],
        names=Text(**raw["names"]),
        summary=Text.of(raw.get("summary")),
        category_id=raw["category"]["id"],
        category=Text(raw["category"]["vi"], raw["category"]["en"]),
        agency_level=raw["agency"]["level"],
        agency_name=Text(**raw["agency"]["name"]),
        agency_own_receipt=Text.of(raw["agency"].get("own_receipt")),
        legal_basis=tuple(b if isinstance(b, str) else b["text"] for b in raw["legal_basis"]),
        service_level=raw["service_level"],
        fee=build_fee(raw["fee"], "fee"),
        processing_time=ProcessingTime.from_json(raw["processing_time"]),
        documents=tuple(
            Document(d["id"], Text(**d["name"]), d["capture"], d["required"],
                     _expr(d.get("relevant"), f"documents[{i}].relevant"), Text.of(d.get("note")))
            for i, d in enumerate(raw["documents"])
        ),
        result_places=tuple(ResultPlace(p["id"], Text(**p["name"]), p.get("by_post", False))
                            for p in raw["result_places"]),
        verified=dict(raw["verified"]),
        form=form,
        unsettled=frozenset(a.fact.location for a in ages(raw["code"], raw)
                            if a.confidence not in SETTLED),
        raw=raw,
    )


def build_fee(raw: dict[str, Any], location: str) -> Fee:
    kind = raw["kind"]
    if kind == "fixed" and "amount_vnd" not in raw:
        raise FormDefinitionError(location, "a fixed fee needs amount_vnd")
    if kind == "rule" and "rule" not in raw:
        raise FormDefinitionError(location, "a fee rule needs rule")
    return Fee(kind, raw["basis"], raw.get("amount_vnd", 0 if kind == "free" else None),
               _expr(raw.get("rule"), f"{location}.rule"), Text.of(raw.get("note")),
               raw.get("verified", False), raw.get("online_amount_vnd"), raw.get("set_by"))


def _expr(source: str | None, location: str) -> Expression | None:
    if source is None:
        return None
    try:
        return parse(source)
    except ExpressionError as exc:
        raise FormDefinitionError(location, f"{exc.code} error at position {exc.position}: "
                                            f"{exc.detail}") from exc


def _apply_overrides(directory: Path, province_code: int, services: dict[str, Service],
                     problems: list[CatalogueProblem], today: date | None = None,
                     require: bool = False
                     ) -> tuple[dict[str, Service], dict[str, Any] | None]:
    """The services with the province's fees, times and online support; and its file."""
    path = directory / "overrides" / f"{province_code}.json"
    if not path.is_file():
        return services, None
    name = f"overrides/{path.name}"
    raw = _read_json(path, problems, name)
    if raw is None:
        return services, None
    violations = SchemaValidator(directory / OVERRIDES_SCHEMA_FILE).validate(raw)
    if violations:
        problems += [CatalogueProblem(name, v.path, v.message) for v in violations]
        return services, None
    if raw["province_code"] != province_code:
        problems.append(CatalogueProblem(name, "province_code", "does not match the file name"))
    cited = check_sources(raw, today, require, facts_of_overrides(raw))
    problems += [CatalogueProblem(name, loc, msg) for loc, msg in cited]
    if cited:
        return services, None
    support = (OnlineSupport.from_json(raw["online_support"])
               if "online_support" in raw else None)
    out = dict(services)
    post = PostRule.from_json(raw["result_by_post"]) if "result_by_post" in raw else None
    if post is not None:
        for code in sorted(post.procedures & set(out)):
            service = out[code]
            if service.form.receipt.post_address is None or not any(
                    p.by_post for p in service.result_places):
                # A result sent by post must say where to, on the form and the receipt.
                problems.append(CatalogueProblem(
                    name, "result_by_post.procedures",
                    f"{code} has no by-post result place or no receipt.post_address"))
                continue
            out[code] = replace(service, post_rule=post)
    if support is not None:
        # A listed procedure this kiosk does not offer (or whose file failed, reported
        # there) is left alone: the province's rule names more than one catalogue holds.
        for code in sorted(support.procedures & set(out)):
            out[code] = replace(out[code], online_support=support)
    for code, change in raw["services"].items():
        loc = f"services.{code}"
        if code not in out:
            problems.append(CatalogueProblem(name, loc, "no such procedure in the catalogue"))
            continue
        service = out[code]
        try:
            fee = build_fee(change["fee"], f"{loc}.fee") if "fee" in change else service.fee
        except FormDefinitionError as exc:
            problems.append(CatalogueProblem(name, exc.location, exc.message))
            continue
        time_ = (ProcessingTime.from_json(change["processing_time"])
                 if "processing_time" in change else service.processing_time)
        # The province's own sources now say how sure its fee and time are.
        settled = {a.fact.location.removeprefix(f"{loc}."): a.confidence in SETTLED
                   for a in ages(name, raw, facts_of_overrides(raw))
                   if a.fact.location.startswith(f"{loc}.")}
        unsettled = frozenset(
            {x for x in service.unsettled if x not in settled}
            | {x for x, ok in settled.items() if not ok})
        updated = replace(service, fee=fee, processing_time=time_,
                          overridden_for_province=province_code, unsettled=unsettled)
        found = check_service_expressions(updated)
        if found:
            problems += [CatalogueProblem(name, f"{loc}.{where}", msg) for where, msg in found]
            continue
        out[code] = updated
    return out, raw


def load_for_settings(resources: Path, province_code: int,
                      strict: bool = True) -> Catalogue:
    return load_catalogue(catalogue_dir(resources), province_code, strict=strict)


def services_by_category(catalogue: Catalogue) -> Iterable[tuple[str, list[Service]]]:
    groups: dict[str, list[Service]] = {}
    for s in catalogue.list():
        groups.setdefault(s.category_id, []).append(s)
    return groups.items()
