"""A citizen's visit as a plain state machine: the screens, which step may follow which,
and the rules of the visit (consent before the chip, what a removed card means, what is
wiped). No Qt and no I/O: kiosk.ui.session runs the slow steps (card read, saving,
printing) in background tasks and reports their outcome here; tests drive it directly.

attract -> home -> overview -> consent -> identify -> reading -> card -> wizard -> review
-> saving -> receipt -> rating -> attract (and home or attract from anywhere: a new visit)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kiosk.errors import Message, citizen_message

SCREENS = (
    "attract", "home", "overview", "consent", "identify", "reading", "card", "wizard",
    "review", "saving", "receipt", "rating",
)
# Where each screen may lead (besides a fresh start at home or attract, always allowed).
NEXT: dict[str, frozenset[str]] = {
    "attract": frozenset({"home"}),
    "home": frozenset({"overview"}),
    "overview": frozenset({"consent"}),
    "consent": frozenset({"identify", "wizard"}),  # no consent: the form without the chip
    "identify": frozenset({"reading", "wizard"}),  # read the chip, or go on without it
    "reading": frozenset({"card", "identify"}),  # read, or failed: back to try again
    "card": frozenset({"wizard"}),
    "wizard": frozenset({"review"}),
    "review": frozenset({"wizard", "saving"}),
    "saving": frozenset({"receipt", "review"}),  # saved, or failed: back to the review
    "receipt": frozenset({"rating"}),
    "rating": frozenset(),
}
ALWAYS = frozenset({"home", "attract"})
# Screens on which taking the card away means something: what was read is in use.
CARD_IN_USE = frozenset({"card", "wizard", "review"})
NO_CONSENT: Message = ("Cần sự đồng ý của bạn trước khi đọc thẻ.",
                       "Your consent is needed before reading the card.")
NO_SUCH_SERVICE: Message = ("Thủ tục này hiện chưa có.", "This service is not available.")


OTHER_CARD_NO_CONSENT: Message = (
    "Người có thẻ cần đồng ý trước khi đọc thẻ của họ.",
    "The card holder must agree before their card is read.")


@dataclass
class OtherCard:
    """Reading another person's card for one field of the form. While it is open, and
    until that card leaves the reader, cards coming and going are the swap, not the
    applicant walking off."""

    path: str = ""
    consent: bool = False
    busy: bool = False
    error: Message = ("", "")
    swapping: bool = False

    def open(self, path: str) -> None:
        self.__dict__.update(OtherCard(path=path, swapping=True).__dict__)

    def may_read(self) -> bool:
        """Never read before the holder agreed (said before anything about the number)."""
        if not self.consent:
            self.error = OTHER_CARD_NO_CONSENT
            return False
        return True

    def reading(self) -> None:
        self.busy, self.error = True, ("", "")

    def read(self) -> None:
        """Read: the sheet closes; the card still on the reader is the other person's."""
        self.path, self.busy, self.consent = "", False, False

    def failed(self, exc: BaseException) -> None:
        self.busy = False
        self.error = citizen_message(exc)

    def close(self) -> None:
        """The sheet closed: cancelled (nothing read, the swap is off), or after a read
        (the other card is still to leave the reader)."""
        self.__dict__.update(OtherCard(swapping=self.swapping and not self.path).__dict__)


class TransitionError(ValueError):
    """A step the visit does not allow (a bug in the caller, not the citizen's doing)."""


@dataclass
class Visit:
    """One citizen's visit. Everything of the citizen lives here (and in the form the UI
    keeps beside it) until `wipe()`."""

    mobile: bool = False  # no printer: the receipt is shown, never printed
    screen: str = "attract"
    service_code: str = ""
    service: dict[str, Any] = field(default_factory=dict)
    consent: bool = False
    card: Any = None  # the CardReadResult
    card_summary: dict[str, Any] = field(default_factory=dict)
    qr: Any = None  # the card-front QR's data
    error: Message = ("", "")
    busy: bool = False
    local_code: str = ""
    print_state: str = ""  # "", printing, printed, failed
    ask_card_removed: bool = False
    # Another person's card (the other parent, a household member), read for one field:
    # the field's path while its sheet is open, its own progress and error.
    other_card: OtherCard = field(default_factory=lambda: OtherCard())

    # --- moving between screens ---------------------------------------------------------
    def go(self, screen: str) -> None:
        if screen not in SCREENS:
            raise TransitionError(f"no screen {screen!r}")
        if screen not in ALWAYS and screen != self.screen and screen not in NEXT[self.screen]:
            raise TransitionError(f"{self.screen} -> {screen}")
        self.screen = screen
        self.error = ("", "")

    def fail(self, exc: BaseException | None, message: Message | None = None) -> None:
        """Show the citizen what went wrong (in both languages) and what to do."""
        self.error = message or (citizen_message(exc) if exc is not None else ("", ""))

    # --- the steps ------------------------------------------------------------------------
    def begin(self) -> None:
        self.go("home")

    def choose_service(self, code: str, overview: dict[str, Any] | None) -> bool:
        if overview is None:
            self.fail(None, NO_SUCH_SERVICE)
            return False
        self.service_code, self.service = code, overview
        self.go("overview")
        return True

    def start_application(self) -> None:
        self.go("consent")

    def give_consent(self, agreed: bool) -> bool:
        """True: go on to identify the card; False: no consent, the form opens without
        the chip (nothing is read)."""
        self.consent = agreed
        if agreed:
            self.go("identify")
        return agreed

    def may_read_card(self) -> bool:
        """The chip is never read without consent."""
        if not self.consent:
            self.fail(None, NO_CONSENT)
            return False
        return True

    def reading(self) -> None:
        self.go("reading")
        self.busy = True

    def card_read(self, result: Any, summary: dict[str, Any]) -> None:
        self.busy = False
        self.card, self.card_summary = result, summary
        self.go("card")

    def card_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.go("identify")
        self.fail(exc)

    def form_opened(self) -> None:
        self.busy = False
        self.go("wizard")

    def form_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.fail(exc)

    def saving(self) -> None:
        self.go("saving")
        self.busy = True

    def saved(self, local_code: str) -> bool:
        """The dossier is in the outbox: the receipt shows; True when it should print."""
        self.busy = False
        self.local_code = local_code
        self.go("receipt")
        return not self.mobile

    def save_failed(self, exc: BaseException) -> None:
        self.busy = False
        self.go("review")
        self.fail(exc)

    def printing(self) -> bool:
        if not self.local_code or self.mobile:
            return False
        self.print_state = "printing"
        return True

    def printed(self) -> None:
        self.print_state = "printed"

    def print_failed(self, exc: BaseException) -> None:
        self.print_state = "failed"
        self.fail(exc)

    def card_removed(self) -> None:
        """Ask whether to go on without the card or to end the visit, when what was read
        is in use (a citizen who walks off with their card is usually done)."""
        if self.other_card.swapping:
            # The applicant makes room for the other person's card, or that card leaves.
            if not self.other_card.path:
                self.other_card.swapping = False
            return
        if self.card is not None and self.screen in CARD_IN_USE:
            self.ask_card_removed = True

    def keep_going_without_card(self) -> None:
        self.ask_card_removed = False

    # --- the end --------------------------------------------------------------------------
    def wipe(self) -> None:
        """Forget everything of the citizen (the screen stays: the caller moves on)."""
        data = getattr(self.card, "data", None)
        if data is not None and hasattr(data, "wipe"):
            data.wipe()
        self.__dict__.update(Visit(mobile=self.mobile, screen=self.screen).__dict__)
