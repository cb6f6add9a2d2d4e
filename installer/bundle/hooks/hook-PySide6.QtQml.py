"""Replaces PyInstaller's QtQml hook: the same Qt dependencies, but only the QML modules the
kiosk needs (the spec computes them with qml_modules.py and passes them as hooksconfig
{"PySide6.QtQml": {"modules": [...]}}). Without that setting it collects every module, as
PyInstaller's own hook does."""

from pathlib import Path

from PyInstaller.utils.hooks import get_hook_config
from PyInstaller.utils.hooks.qt import add_qt6_dependencies, pyside6_library_info

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)


def hook(hook_api):  # PyInstaller calls it with its PostGraphAPI
    wanted = get_hook_config(hook_api, "PySide6.QtQml", "modules")
    qml_binaries, qml_datas = pyside6_library_info.collect_qtqml_files()
    root = Path(pyside6_library_info.location["QmlImportsPath"]).resolve()

    def keep(entry: tuple[str, str]) -> bool:
        # Each entry lies directly in its module's folder (files, and sub-folders that
        # are not modules of their own).
        module = ".".join(Path(entry[0]).resolve().parent.relative_to(root).parts)
        return wanted is None or module in wanted

    hook_api.add_binaries([e for e in qml_binaries if keep(e)])
    hook_api.add_datas([e for e in qml_datas if keep(e)])
