"""Command groups that more than one module adds actions to (`kiosk card read|simulate`,
`kiosk receipt render|print`): argparse offers no public way back from a parser to its
sub-parsers, so the first module to register creates the group and the others find it here.
"""

from __future__ import annotations

import argparse
import weakref
from typing import Any

_ACTIONS: weakref.WeakKeyDictionary[argparse.ArgumentParser, Any] = weakref.WeakKeyDictionary()


def command_group(subparsers: Any, name: str, help_text: str, dest: str) -> Any:
    """The sub-parsers of command `name`, created by whichever module registers first."""
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help_text)
        _ACTIONS[parser] = parser.add_subparsers(dest=dest, metavar="ACTION", required=True)
    return _ACTIONS[parser]
