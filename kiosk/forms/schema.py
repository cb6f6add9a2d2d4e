"""A small JSON Schema validator for the catalogue's own schemas (no extra dependency).

It implements the subset of draft 2020-12 that resources/catalogue/*.schema.json use:
type, enum, const, properties, required, additionalProperties, items, minItems, maxItems,
minLength, maxLength, pattern, minimum, maximum, oneOf, anyOf and $ref (local `#/...` and
sibling files `other.json#/...`). An unknown keyword is an error, so a schema can never
silently ask for more than is checked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs", "examples", "$comment"}
_KNOWN = _ANNOTATIONS | {
    "type", "enum", "const", "properties", "required", "additionalProperties", "items",
    "minItems", "maxItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
    "oneOf", "anyOf", "$ref",
}


class SchemaDefinitionError(ValueError):
    """The schema itself uses something this validator does not implement."""


@dataclass(frozen=True)
class SchemaViolation:
    path: str  # JSON path into the instance, e.g. "form.groups[2].fields[0].type"
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(top)'}: {self.message}"


class SchemaValidator:
    def __init__(self, schema_path: Path) -> None:
        self.base_dir = schema_path.parent
        self.documents: dict[str, dict[str, Any]] = {}
        self.root_name = schema_path.name
        self._load(schema_path.name)

    def _load(self, name: str) -> dict[str, Any]:
        if name not in self.documents:
            with (self.base_dir / name).open(encoding="utf-8") as f:
                self.documents[name] = json.load(f)
        return self.documents[name]

    def validate(self, instance: Any) -> list[SchemaViolation]:
        out: list[SchemaViolation] = []
        self._check(instance, self._load(self.root_name), self.root_name, "", out)
        return out

    def _resolve(self, ref: str, doc_name: str) -> tuple[dict[str, Any], str]:
        file_part, _, pointer = ref.partition("#")
        name = file_part or doc_name
        node: Any = self._load(name)
        for part in filter(None, pointer.split("/")):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                raise SchemaDefinitionError(f"unresolvable $ref {ref!r}")
            node = node[part]
        if not isinstance(node, dict):
            raise SchemaDefinitionError(f"$ref {ref!r} is not a schema")
        return node, name

    def _check(self, value: Any, schema: dict[str, Any], doc: str, path: str,
               out: list[SchemaViolation]) -> None:
        unknown = set(schema) - _KNOWN
        if unknown:
            raise SchemaDefinitionError(f"unsupported schema keyword(s): {sorted(unknown)}")
        if "$ref" in schema:
            target, target_doc = self._resolve(schema["$ref"], doc)
            self._check(value, target, target_doc, path, out)
        if "type" in schema and not _type_ok(value, schema["type"]):
            out.append(SchemaViolation(path, f"expected {_type_text(schema['type'])}, "
                                             f"got {_json_type(value)}"))
            return
        if "enum" in schema and value not in schema["enum"]:
            out.append(SchemaViolation(path, f"{value!r} is not one of {schema['enum']}"))
        if "const" in schema and value != schema["const"]:
            out.append(SchemaViolation(path, f"must be {schema['const']!r}"))
        if isinstance(value, str):
            self._check_string(value, schema, path, out)
        if isinstance(value, int | float) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                out.append(SchemaViolation(path, f"{value} is below {schema['minimum']}"))
            if "maximum" in schema and value > schema["maximum"]:
                out.append(SchemaViolation(path, f"{value} is above {schema['maximum']}"))
        if isinstance(value, dict):
            self._check_object(value, schema, doc, path, out)
        if isinstance(value, list):
            self._check_array(value, schema, doc, path, out)
        for key in ("oneOf", "anyOf"):
            if key in schema:
                self._check_alternatives(value, schema[key], key, doc, path, out)

    def _check_string(self, value: str, schema: dict[str, Any], path: str,
                      out: list[SchemaViolation]) -> None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            out.append(SchemaViolation(path, f"shorter than {schema['minLength']} characters"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            out.append(SchemaViolation(path, f"longer than {schema['maxLength']} characters"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            out.append(SchemaViolation(path, f"{value!r} does not match {schema['pattern']}"))

    def _check_object(self, value: dict[str, Any], schema: dict[str, Any], doc: str, path: str,
                      out: list[SchemaViolation]) -> None:
        props: dict[str, Any] = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                out.append(SchemaViolation(path, f"missing required property {name!r}"))
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            sub = _join(path, key)
            if key in props:
                self._check(item, props[key], doc, sub, out)
            elif extra is False:
                out.append(SchemaViolation(sub, "property not allowed here"))
            elif isinstance(extra, dict):
                self._check(item, extra, doc, sub, out)

    def _check_array(self, value: list[Any], schema: dict[str, Any], doc: str, path: str,
                     out: list[SchemaViolation]) -> None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            out.append(SchemaViolation(path, f"needs at least {schema['minItems']} item(s)"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(SchemaViolation(path, f"allows at most {schema['maxItems']} item(s)"))
        if "items" in schema:
            for i, item in enumerate(value):
                self._check(item, schema["items"], doc, f"{path}[{i}]", out)

    def _check_alternatives(self, value: Any, options: list[dict[str, Any]], key: str, doc: str,
                            path: str, out: list[SchemaViolation]) -> None:
        results: list[list[SchemaViolation]] = []
        for option in options:
            found: list[SchemaViolation] = []
            self._check(value, option, doc, path, found)
            results.append(found)
        passing = sum(1 for r in results if not r)
        if passing == 1 or (key == "anyOf" and passing > 1):
            return
        if passing > 1:
            out.append(SchemaViolation(path, "matches more than one allowed shape"))
            return
        # Report the alternative that came closest (fewest violations).
        closest: list[SchemaViolation] = min(results, key=len)
        out.extend(closest)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _type_ok(value: Any, expected: str | list[str]) -> bool:
    names = [expected] if isinstance(expected, str) else expected
    actual = _json_type(value)
    return any(n == actual or (n == "number" and actual == "integer") for n in names)


def _type_text(expected: str | list[str]) -> str:
    return expected if isinstance(expected, str) else " or ".join(expected)
