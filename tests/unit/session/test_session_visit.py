"""The visit's rules without Qt: the screen sequence, consent before the chip, what a removed
card means, printing or not, and the wipe."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest

from kiosk.devices.card.access_key import AccessKeyError
from kiosk.errors import FALLBACK, KioskError, citizen_message
from kiosk.session.visit import NO_CONSENT, TransitionError, Visit

OVERVIEW = {"code": "1.001193", "name": "Đăng ký khai sinh"}


class Card:
    def __init__(self) -> None:
        self.data = self
        self.wiped = False

    def wipe(self) -> None:
        self.wiped = True


def at_identify(**kw: Any) -> Visit:
    visit = Visit(**kw)
    visit.begin()
    assert visit.choose_service("1.001193", OVERVIEW)
    visit.start_application()
    assert visit.give_consent(True)
    return visit


def test_a_whole_visit_follows_the_screens() -> None:
    visit = at_identify()
    assert visit.screen == "identify" and visit.consent
    assert visit.may_read_card()
    visit.reading()
    assert visit.busy
    card = Card()
    visit.card_read(card, {"fullName": "Phạm Quốc Hưng"})
    assert (visit.screen, visit.busy) == ("card", False)
    visit.form_opened()
    visit.go("review")
    visit.go("wizard")  # back to correct an answer
    visit.go("review")
    visit.saving()
    assert visit.saved("H26.22.01-261122-K01A7Q")  # a kiosk with a printer prints
    assert visit.screen == "receipt" and visit.printing()
    visit.printed()
    visit.go("rating")
    visit.wipe()
    visit.go("attract")
    assert card.wiped
    assert (visit.card, visit.card_summary, visit.local_code, visit.consent) == (None, {}, "",
                                                                                 False)


def test_no_consent_no_chip() -> None:
    visit = Visit()
    visit.begin()
    visit.choose_service("1.001193", OVERVIEW)
    visit.start_application()
    assert not visit.give_consent(False)  # the form opens without the card
    assert visit.screen == "consent"
    assert not visit.may_read_card()
    assert visit.error == NO_CONSENT
    visit.form_opened()
    assert visit.screen == "wizard"


def test_steps_out_of_order_are_refused() -> None:
    visit = Visit()
    with pytest.raises(TransitionError):
        visit.go("wizard")  # no skipping from the attract screen to a form
    visit.begin()
    with pytest.raises(TransitionError):
        visit.saving()
    with pytest.raises(TransitionError):
        visit.go("nowhere")
    visit.go("attract")  # a fresh start is always allowed
    visit.go("home")


def test_an_unknown_service_is_said_and_stays_home() -> None:
    visit = Visit()
    visit.begin()
    assert not visit.choose_service("9.999999", None)
    assert visit.screen == "home" and visit.error[0] and visit.error[1]


def test_a_failed_read_goes_back_to_identify_with_the_cards_own_message() -> None:
    visit = at_identify()
    visit.reading()
    visit.card_failed(AccessKeyError("bad_id", "Số định danh không đúng.", "Wrong ID number."))
    assert visit.screen == "identify" and not visit.busy
    assert visit.error == ("Số định danh không đúng.", "Wrong ID number.")


def test_a_failed_save_goes_back_to_the_review() -> None:
    visit = at_identify()
    visit.go("wizard")
    visit.go("review")
    visit.saving()
    visit.save_failed(OSError("disk"))
    assert visit.screen == "review" and visit.error == FALLBACK  # never a technical text


def test_a_mobile_kiosk_never_prints() -> None:
    visit = at_identify(mobile=True)
    visit.go("wizard")
    visit.go("review")
    visit.saving()
    assert not visit.saved("H26.22.01-261122-K01A7Q")
    assert not visit.printing() and visit.print_state == ""


@pytest.mark.parametrize(("screen", "asks"), [("card", True), ("wizard", True),
                                              ("review", True), ("receipt", False)])
def test_a_removed_card_asks_only_while_its_data_is_in_use(screen: str, asks: bool) -> None:
    visit = at_identify()
    visit.reading()
    visit.card_read(Card(), {})
    visit.screen = screen
    visit.card_removed()
    assert visit.ask_card_removed is asks
    visit.keep_going_without_card()
    assert not visit.ask_card_removed


def test_citizen_messages_come_from_the_one_error_type_or_the_fallback() -> None:
    class CardUnreadableError(KioskError):
        code = "card_unreadable"
        message_vi = "Thẻ không đọc được."
        message_en = "The card cannot be read."

    class LooksTypedError(Exception):  # says the right words but is not a KioskError
        message_vi = "Nội dung kỹ thuật"
        message_en = "Technical text"

    error = CardUnreadableError("detail for logs: sw=6A82")
    assert citizen_message(error) == ("Thẻ không đọc được.", "The card cannot be read.")
    assert error.message("vi") == "Thẻ không đọc được."
    assert error.message("en") == "The card cannot be read."
    assert citizen_message(LooksTypedError()) == FALLBACK
    assert citizen_message(RuntimeError("Traceback: secret")) == FALLBACK


def test_every_error_class_with_a_message_is_a_kiosk_error() -> None:
    """No error type of the kiosk carries citizen messages outside the one base."""
    import importlib
    import inspect
    import pkgutil

    import kiosk

    offenders = []
    for info in pkgutil.walk_packages(kiosk.__path__, "kiosk."):
        if info.name.endswith("__main__") or info.name.startswith(
                ("kiosk.ui", "kiosk.devices.simulator", "kiosk.portal_sim")):
            continue  # Qt needs a display, simulators are not the kiosk
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, BaseException) and cls.__module__ == info.name
                    and not issubclass(cls, KioskError)
                    and "message_vi" in inspect.getsource(cls)):
                offenders.append(f"{info.name}.{cls.__name__}")
    assert offenders == []


def test_the_visit_core_runs_without_qt() -> None:
    code = ("import sys, kiosk.session.visit, kiosk.session.headless; "
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'kiosk.ui'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
