"""`kiosk card read`: the chip ID card from a terminal (`simulate`: kiosk.devices.simulator).

`read` opens the chip with PACE and the CAN (the last 6 digits of --id, or --can) and falls
back to BAC when the date of birth is known (--dob or --qr) and PACE fails.
Exit codes of `read`: 0 read, 2 bad arguments or input, 3 access refused (the values to
check are printed, with the tries the card has left after a wrong CAN), 4 no reader or no
card, 5 card removed or communication failed (or the chip's data is unreadable), 6 with
--require-valid when passive authentication is not valid.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.cli_groups import command_group

if TYPE_CHECKING:
    from kiosk.config import Settings
    from kiosk.devices.card.access_key import BacKey, CardAccess

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_ACCESS = 3
EXIT_NO_CARD = 4
EXIT_COMMUNICATION = 5
EXIT_NOT_VALID = 6
DATA_GROUPS = ("DG1", "DG2", "DG13", "DG14", "DG15")


def register(subparsers: Any) -> None:
    actions = card_actions(subparsers)

    read = actions.add_parser("read", help="read the card on the reader")
    read.add_argument("--reader", metavar="NAME", help="reader name (substring)")
    source = read.add_mutually_exclusive_group()
    source.add_argument("--qr", metavar="TEXT", help="text of the QR code on the card front")
    source.add_argument("--id", metavar="12DIGITS", help="the 12-digit personal ID number")
    read.add_argument("--can", metavar="6DIGITS",
                      help="the card's access number for PACE (else the last 6 digits of --id)")
    read.add_argument("--dob", metavar="YYMMDD",
                      help="date of birth (for BAC, when the card does not take PACE)")
    read.add_argument("--expiry", metavar="YYMMDD", help="date of expiry (else derived)")
    read.add_argument("--doc", metavar="9CHARS", help="document number (else from the ID)")
    read.add_argument("--trust", type=Path, metavar="PATH", help="CSCA PEM bundle or directory")
    read.add_argument("--demo", action="store_true", help="trust the demo CSCA")
    read.add_argument("--photo", type=Path, metavar="FILE", help="save the face image")
    read.add_argument("--json", action="store_true", help="print JSON")
    read.add_argument("--require-valid", action="store_true",
                      help="exit 6 unless passive authentication is valid")
    read.set_defaults(handler=read_command)


def card_actions(subparsers: Any) -> Any:
    """The `card` command's sub-parsers (the simulator adds `simulate` to them)."""
    return command_group(subparsers, "card", "chip ID card: read one, or simulate one",
                         "card_command")


def pace_domain(text: str) -> str:
    from kiosk.devices.card.pace_domain import DOMAIN_NAMES, parameter_id_for

    try:
        return DOMAIN_NAMES[parameter_id_for(text)]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def fail_with(code: int, message_vi: str, message_en: str, detail: str = "") -> int:
    print(message_vi, file=sys.stderr)
    print(message_en, file=sys.stderr)
    if detail:
        print(f"({detail})", file=sys.stderr)
    return code


# --- read -----------------------------------------------------------------------------------

def access_candidates(args: argparse.Namespace) -> list[BacKey]:
    """BAC keys from --qr or --id/--dob/--expiry/--doc; AccessKeyError/CardQrError if bad."""
    from kiosk.devices.card.access_key import AccessKeyError, bac_key_candidates
    from kiosk.devices.card.card_qr import parse_card_qr

    issue: date | None = None
    dob: date | str | None = args.dob
    if args.qr is not None:
        qr = parse_card_qr(args.qr)
        id_number = qr.id_number
        dob = args.dob or qr.date_of_birth
        issue = qr.date_of_issue
    else:
        id_number = args.id
    if dob is None:
        raise AccessKeyError(
            "dob_required",
            "Cần ngày sinh (YYMMDD) để mở chip: thêm --dob hoặc quét mã QR trên thẻ.",
            "The chip needs the date of birth (YYMMDD) to open: add --dob or scan the card's QR.",
        )
    return bac_key_candidates(id_number, dob, issue, args.expiry, document_number=args.doc)


def card_access(args: argparse.Namespace) -> CardAccess:
    """PACE CAN and BAC keys from --can/--id/--qr/--dob...; AccessKeyError/CardQrError if bad.

    The CAN is --can, else the last 6 digits of the ID; BAC keys need the date of birth.
    """
    from kiosk.devices.card.access_key import AccessKeyError, CardAccess, can_from_id
    from kiosk.devices.card.pace import PacePassword

    can = getattr(args, "can", None)
    if can is not None:
        PacePassword.can(can)  # validates: 6 digits
    id_number = args.id
    has_dob = args.dob is not None
    if args.qr is not None:
        from kiosk.devices.card.card_qr import parse_card_qr

        qr = parse_card_qr(args.qr)
        id_number = qr.id_number
        has_dob = has_dob or qr.date_of_birth is not None
    if id_number is None and can is None:
        raise AccessKeyError(
            "id_required",
            "Cần số định danh (--id), mã QR trên thẻ (--qr) hoặc mã CAN (--can) để mở chip.",
            "The chip needs the ID number (--id), the card's QR (--qr) or its CAN (--can).",
        )
    if id_number is not None:
        can = can or can_from_id(id_number)
    keys: list[BacKey] = []
    if has_dob and (id_number is not None or args.doc):
        if id_number is None:
            args = argparse.Namespace(**{**vars(args), "id": ""})
        keys = access_candidates(args)
    return CardAccess(can=can, bac=tuple(keys))


def _trust_store(args: argparse.Namespace, settings: Settings) -> Any:
    from kiosk.devices.card.lds import load_trust_store

    path = args.trust or settings.csca_trust_store
    if path is None and settings.demo:
        path = settings.resources() / "trust" / "demo-csca.pem"
    return None if path is None else load_trust_store(path)


def _refused_message(tried: list[BacKey]) -> tuple[str, str]:
    def shown(yymmdd: str) -> str:
        return "không thời hạn / no expiry" if yymmdd == "991231" else \
            f"{yymmdd[4:6]}/{yymmdd[2:4]}/{yymmdd[:2]}"

    if not tried:
        return ("Không có khóa truy cập nào để thử.", "There was no access key to try.")
    first = tried[0]
    expiries = ", ".join(shown(k.date_of_expiry) for k in tried)
    vi = (f"Thẻ từ chối khóa truy cập. Vui lòng kiểm tra: số giấy tờ {first.document_number} "
          f"(9 số cuối của số định danh), ngày sinh {shown(first.date_of_birth)}, ngày hết hạn "
          f"(đã thử: {expiries}). Nếu ngày hết hạn in trên thẻ khác, nhập --expiry.")
    en = (f"The card refused the access key. Please check: document number "
          f"{first.document_number} (last 9 digits of the ID), date of birth "
          f"{shown(first.date_of_birth)}, date of expiry (tried: {expiries}). If the card "
          f"shows another expiry date, give it with --expiry.")
    return vi, en


def read_command(args: argparse.Namespace, settings: Settings) -> int:
    from kiosk.devices.card.access_key import AccessKeyError
    from kiosk.devices.card.apdu import (
        AccessDenied,
        CardError,
        NoCard,
        NoReader,
        UnsupportedCardError,
    )
    from kiosk.devices.card.card_qr import CardQrError
    from kiosk.devices.card.card_session import AccessRefused, read_card
    from kiosk.devices.card.lds import LdsError, TrustStoreError
    from kiosk.devices.card.pcsc_reader import PcscTransport, choose_reader

    try:
        keys = card_access(args)
        trust = _trust_store(args, settings)
    except (AccessKeyError, CardQrError, TrustStoreError) as exc:
        return fail_with(EXIT_USAGE, exc.message_vi, exc.message_en, getattr(exc, "code", ""))
    transport: PcscTransport | None = None
    try:
        reader = choose_reader(args.reader or settings.card_reader)
        transport = PcscTransport(reader, timeout_s=settings.card_apdu_timeout_s)
        result = read_card(transport, keys, trust=trust, want_photo=True)
    except AccessRefused as exc:
        vi, en = _refused_message(exc.tried)
        if exc.pace_failure is not None:  # the CAN was refused first: say both
            vi, en = f"{exc.pace_failure.message_vi}\n{vi}", f"{exc.pace_failure.message_en}\n{en}"
        return fail_with(EXIT_ACCESS, vi, en)
    except AccessDenied as exc:  # wrong or blocked CAN, or a card that needs the dates
        return fail_with(EXIT_ACCESS, exc.message_vi, exc.message_en, exc.code)
    except (NoReader, NoCard, UnsupportedCardError) as exc:
        return fail_with(EXIT_NO_CARD, exc.message_vi, exc.message_en, exc.code)
    except CardError as exc:
        return fail_with(EXIT_COMMUNICATION, exc.message_vi, exc.message_en, str(exc))
    except LdsError as exc:
        return fail_with(EXIT_COMMUNICATION, exc.message_vi, exc.message_en, exc.code)
    finally:
        if transport is not None:
            transport.close()
    if args.photo is not None:
        _save_photo(result.data, args.photo)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_summary(result)
    if args.require_valid and result.authentication.passive != "valid":
        return fail_with(EXIT_NOT_VALID, "Dữ liệu chip chưa được xác thực là nguyên bản.",
                     "The chip data was not authenticated as genuine.",
                     f"passive={result.authentication.passive}")
    return EXIT_OK


def _save_photo(data: Any, path: Path) -> None:
    image = data.photo_png if path.suffix.lower() == ".png" else data.photo_image
    if image is None:
        print("Thẻ không có ảnh / the card holds no photo", file=sys.stderr)
        return
    path.write_bytes(image)


def _print_summary(result: Any) -> None:
    fields = result.to_json()
    labels = (
        ("id_number", "Số định danh / ID number"), ("full_name", "Họ tên / Name"),
        ("date_of_birth", "Ngày sinh / Born"), ("gender", "Giới tính / Sex"),
        ("place_of_residence", "Nơi thường trú / Residence"),
        ("date_of_issue", "Ngày cấp / Issued"), ("date_of_expiry", "Có giá trị đến / Expires"),
    )
    for key, label in labels:
        value = fields.get(key)
        if key == "date_of_expiry" and value is None:
            value = "Không thời hạn / no expiry"
        print(f"{label}: {value}")
    auth, read = fields["authentication"], fields["read"]
    print(f"Xác thực / Authentication: {auth['access']} ({auth['access_detail']}), passive "
          f"{auth['passive']} ({auth['passive_detail']})")
    print(f"Chống thẻ giả / Clone detection: chip {auth['chip']} ({auth['chip_detail']}), "
          f"active {auth['active']} ({auth['active_detail']})")
    print(f"Đọc / Read: {read['apdus']} APDUs, {read['bytes']} bytes, {read['seconds']} s")
