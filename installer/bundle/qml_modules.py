"""Which of Qt's QML modules the bundle needs: those the kiosk's QML imports, and theirs.

PyInstaller's QtQml hook would collect every QML module of the PySide6 wheel (WebEngine, 3D,
Charts, ... and the Qt libraries they pull in: several hundred MB). The kiosk needs a dozen.
This walks the dependency graph the way the QML engine does: `import` statements in the
kiosk's .qml files, then each module's `qmldir` (`import`, `depends`, `default import`; an
`optional import`, e.g. the Controls styles the kiosk does not use, is not followed) and the
imports of the module's own .qml files. Plain Python, so the unit tests can check it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_QML_IMPORT = re.compile(r"^\s*import\s+([A-Za-z_][\w.]*)", re.MULTILINE)
# Modules whose plugins load more modules at run time than any qmldir says: the virtual
# keyboard finds its layouts (vi_VN among them), styles and input-method plugins by path.
WHOLE_TREES = ("QtQuick.VirtualKeyboard",)
# Not imported by QML, but used by the app at run time (speech prompts).
EXTRA_MODULES = ("QtTextToSpeech",)


def module_dir(qml_root: Path, module: str) -> Path:
    return qml_root.joinpath(*module.split("."))


def qml_imports(files: Iterable[Path]) -> set[str]:
    """Module names imported by QML files (`import QtQuick.Controls`; not "quoted" paths)."""
    found: set[str] = set()
    for path in files:
        found.update(_QML_IMPORT.findall(path.read_text(encoding="utf-8", errors="replace")))
    return found


def qmldir_dependencies(qmldir: Path) -> set[str]:
    deps: set[str] = set()
    for line in qmldir.read_text(encoding="utf-8", errors="replace").splitlines():
        words = line.split()
        if not words or words[0] == "optional":
            continue
        if words[0] == "default" and len(words) > 2 and words[1] == "import":
            deps.add(words[2])
        elif words[0] in ("import", "depends") and len(words) > 1:
            deps.add(words[1])
    return deps


def _own_qml_files(directory: Path) -> list[Path]:
    """The module's .qml files, in sub-folders too unless those are modules themselves."""
    out = list(directory.glob("*.qml"))
    for sub in directory.iterdir():
        if sub.is_dir() and not (sub / "qmldir").is_file():
            out += _own_qml_files(sub)
    return out


def required_modules(qml_root: Path, app_qml: Iterable[Path]) -> set[str]:
    """Every module name (dotted) under `qml_root` that the app's QML files need."""
    pending = [*qml_imports(app_qml), *EXTRA_MODULES]
    for tree in WHOLE_TREES:
        top = module_dir(qml_root, tree)
        pending += [".".join(p.parent.relative_to(qml_root).parts)
                    for p in top.rglob("qmldir")] if top.is_dir() else []
    seen: set[str] = set()
    while pending:
        module = pending.pop()
        if module in seen:
            continue
        directory = module_dir(qml_root, module)
        if not (directory / "qmldir").is_file():
            continue  # a module compiled into a library, or the app's own folder imports
        seen.add(module)
        pending += qmldir_dependencies(directory / "qmldir")
        pending += qml_imports(_own_qml_files(directory))
    return seen


def wanted_qmldir(qml_root: Path, qmldir: Path, modules: set[str]) -> bool:
    """Whether the module of this `qmldir` file is one of `modules`."""
    name = ".".join(qmldir.parent.relative_to(qml_root).parts)
    return name in modules
