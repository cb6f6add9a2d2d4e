"""`kiosk admin ...`: the admin PIN and volunteer accounts, for technicians.

PINs are read from the terminal (asked twice) or, when stdin is not a terminal, from its
first line (``printf '%s\\n' "$PIN" | kiosk admin set-pin``); never from the command line,
where other users could see them in the process list and shell history.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, TextIO

from kiosk.commands.output import report
from kiosk.config import Settings

if TYPE_CHECKING:
    from kiosk.admin.pin import AdminPin, LockStatus

EXIT_OK = 0
EXIT_FAIL = 1


def register(subparsers: Any) -> None:
    admin = subparsers.add_parser("admin", help="admin PIN and volunteer accounts")
    sub = admin.add_subparsers(dest="admin_command", metavar="ACTION", required=True)

    set_pin = sub.add_parser(
        "set-pin", help="set or reset the admin PIN (also ends the admin and volunteer lockouts)"
    )
    set_pin.set_defaults(handler=handle_set_pin)

    status = sub.add_parser("status", help="is a PIN set, lockouts, volunteer count")
    status.set_defaults(handler=handle_status)

    unlock = sub.add_parser(
        "unlock", help="end the admin and volunteer sign-in lockouts, forget the wrong tries"
    )
    unlock.set_defaults(handler=handle_unlock)

    volunteer = sub.add_parser("volunteer", help="volunteer accounts for assisted mode")
    vsub = volunteer.add_subparsers(dest="volunteer_command", metavar="ACTION", required=True)
    add = vsub.add_parser("add", help="add a volunteer (PIN from the terminal or stdin)")
    add.add_argument("code", help="volunteer code, e.g. TNV-001")
    add.add_argument("--name", required=True, help="name shown in the kiosk header")
    add.add_argument("--team", default="", help="team or organisation")
    add.set_defaults(handler=handle_volunteer_add)
    lst = vsub.add_parser("list", help="list volunteer accounts")
    lst.set_defaults(handler=handle_volunteer_list)
    remove = vsub.add_parser("remove", help="remove a volunteer account")
    remove.add_argument("code")
    remove.set_defaults(handler=handle_volunteer_remove)
    reset = vsub.add_parser("set-pin", help="give a volunteer a new PIN")
    reset.add_argument("code")
    reset.set_defaults(handler=handle_volunteer_set_pin)


def read_pin(prompt: str, stdin: TextIO | None = None) -> str:
    """From a terminal: ask twice (no echo). Otherwise: the first line of stdin."""
    stream = stdin or sys.stdin
    if stream.isatty():
        import getpass

        first = getpass.getpass(prompt)
        if getpass.getpass("Repeat / Nhập lại: ") != first:
            raise ValueError("the two PINs differ / hai mã PIN không khớp")
        return first
    line = stream.readline()
    pin = line.rstrip("\r\n")
    if not pin:
        raise ValueError("no PIN on standard input / không có mã PIN ở đầu vào")
    return pin


def _fail(settings: Settings, exc: Exception) -> int:
    report("kiosk admin", exc, settings)
    return EXIT_FAIL


def handle_set_pin(args: argparse.Namespace, settings: Settings) -> int:
    """Set the PIN. A technician who had to reset it must be able to use it at once, so this
    also ends the lockouts: the admin one (a new PIN starts with none) and the volunteers'."""
    from kiosk.admin.errors import AdminError
    from kiosk.admin.pin import AdminPin
    from kiosk.admin.volunteers import VolunteerRegistry

    pin = AdminPin(settings.data_dir)
    try:
        new_pin = read_pin("New admin PIN / Mã PIN quản trị mới: ")
        pin.rules.check(new_pin)
        before = _lock_before_reset(pin)
        pin.set(new_pin)
    except (AdminError, ValueError, OSError) as exc:
        return _fail(settings, exc)
    print("admin PIN set / đã đặt mã PIN quản trị")
    if before is not None:
        print(f"admin PIN: {_cleared_text(before)}")
    try:
        volunteers = VolunteerRegistry(settings.data_dir).unlock()
    except (AdminError, OSError) as exc:
        return _fail(settings, exc)
    print(f"volunteer sign-in: {_cleared_text(volunteers)}")
    return EXIT_OK


def _lock_before_reset(pin: AdminPin) -> LockStatus | None:
    """The admin lockout a new PIN is about to replace; None when there is no usable PIN
    (not set, or a damaged file, which setting the PIN repairs)."""
    from kiosk.admin.errors import AdminError

    try:
        return pin.status()
    except AdminError:
        return None


def handle_status(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.admin.errors import AdminError
    from kiosk.admin.pin import AdminPin
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        pin = AdminPin(settings.data_dir)
        registry = VolunteerRegistry(settings.data_dir)
        print(f"admin PIN: {'set' if pin.is_set() else 'NOT SET (run: kiosk admin set-pin)'}")
        if pin.is_set():
            print(f"admin lockout: {_lock_text(pin.status())}")
        print(f"volunteers: {len(registry.list())}")
        print(f"volunteer sign-in lockout: {_lock_text(registry.status())}")
    except (AdminError, OSError) as exc:
        return _fail(settings, exc)
    return EXIT_OK


def handle_unlock(args: argparse.Namespace, settings: Settings) -> int:
    """For a technician locked out of the admin panel (or volunteers out of assisted mode):
    ends both lockouts and forgets the wrong tries, whatever their length; prints what it
    cleared. The running kiosk sees it the next time the PIN pad opens."""
    from kiosk.admin.errors import AdminError
    from kiosk.admin.pin import AdminPin
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        admin = AdminPin(settings.data_dir).unlock()
        volunteers = VolunteerRegistry(settings.data_dir).unlock()
    except (AdminError, OSError) as exc:
        return _fail(settings, exc)
    if admin is None:
        print("admin PIN: not set, nothing to unlock (set one: kiosk admin set-pin)")
    else:
        print(f"admin PIN: {_cleared_text(admin)}")
    print(f"volunteer sign-in: {_cleared_text(volunteers)}")
    print("lockouts cleared / đã mở khoá")
    return EXIT_OK


def _lock_text(status: Any) -> str:
    if status.locked:
        return f"LOCKED for {status.retry_after_s:.0f} s"
    return f"open, {status.attempts_left} attempt(s) before a lock"


def _cleared_text(status: LockStatus) -> str:
    """What an unlock cleared, from the status just before it."""
    tries = f"{status.failures} wrong tr{'y' if status.failures == 1 else 'ies'} forgotten"
    if status.locked:
        return f"lockout ended ({status.retry_after_s:.0f} s were left), {tries}"
    if status.failures:
        return f"was not locked, {tries}"
    return "was not locked, nothing to clear"


def handle_volunteer_add(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.admin.errors import AdminError
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        pin = read_pin(f"PIN for {args.code} / Mã PIN: ")
        v = VolunteerRegistry(settings.data_dir).add(args.code, pin, args.name, args.team)
    except (AdminError, ValueError, OSError) as exc:
        return _fail(settings, exc)
    print(f"added {v.code}")
    return EXIT_OK


def handle_volunteer_list(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.admin.errors import AdminError
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        volunteers = VolunteerRegistry(settings.data_dir).list()
    except (AdminError, OSError) as exc:
        return _fail(settings, exc)
    if not volunteers:
        print("no volunteers / chưa có tình nguyện viên")
    for v in volunteers:
        print(f"{v.code}\t{v.display_name}\t{v.team}")
    return EXIT_OK


def handle_volunteer_remove(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.admin.errors import AdminError
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        VolunteerRegistry(settings.data_dir).remove(args.code)
    except (AdminError, OSError) as exc:
        return _fail(settings, exc)
    print(f"removed {args.code.strip().upper()}")
    return EXIT_OK


def handle_volunteer_set_pin(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.admin.errors import AdminError
    from kiosk.admin.volunteers import VolunteerRegistry

    try:
        pin = read_pin(f"New PIN for {args.code} / Mã PIN mới: ")
        VolunteerRegistry(settings.data_dir).set_pin(args.code, pin)
    except (AdminError, ValueError, OSError) as exc:
        return _fail(settings, exc)
    print(f"PIN changed for {args.code.strip().upper()}")
    return EXIT_OK
