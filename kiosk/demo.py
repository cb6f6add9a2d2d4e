"""Demo mode: the embedded reference portal, so a newcomer sees the whole flow offline.

The portal runs in-process on a loopback port with its own data folder and publishes an
encryption key, exactly as a production portal would; the kiosk talks to it over HTTP.
The demo token is handed over in memory (StaticCredentials), never written to settings.
It also publishes the shipped catalogue as a signed bundle, whose key the demo pins.
The outbox seals what it keeps with a key from the OS keyring; a demo machine without one
(a fresh Debian without a Secret Service) uses the project's file keyring in the data folder,
so that a newcomer's `make run` works. A production kiosk never falls back like this.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import secrets
from dataclasses import dataclass
from typing import Any

from kiosk.config import Settings
from kiosk.forms.catalogue import catalogue_dir
from kiosk.portal_sim.server import PortalSim
from kiosk.sync.credentials import StaticCredentials


@dataclass
class DemoPortal:
    portal: PortalSim
    settings: Settings  # the kiosk's settings, pointed at the embedded portal
    credentials: StaticCredentials

    def stop(self) -> None:
        self.portal.stop()


log = logging.getLogger(__name__)
DEMO_KEYRING = "demo-keyring.json"


def use_demo_keyring(settings: Settings) -> None:
    """A keyring for the demo where the machine has none usable."""
    import keyring
    from keyring.backends import fail

    from kiosk.sync.credentials import KEYRING_FILE_ENV, FileKeyring

    if not isinstance(keyring.get_keyring(), fail.Keyring):
        return
    os.environ.setdefault(KEYRING_FILE_ENV, str(settings.data_dir / DEMO_KEYRING))
    keyring.set_keyring(FileKeyring())
    log.warning("demo: no OS keyring here; using the file keyring %s",
                os.environ[KEYRING_FILE_ENV])


def start_demo_portal(settings: Settings) -> DemoPortal:
    use_demo_keyring(settings)
    token = secrets.token_urlsafe(24)
    # It publishes the shipped catalogue as a signed bundle, its key pinned in the demo's
    # settings, as a production portal and kiosk would be set up (docs/sync.md).
    portal = PortalSim(settings.data_dir / "demo-portal", tokens=[token], key=True,
                       agency=settings.agency_code, advance_s=20.0,
                       catalogue=catalogue_dir(settings.resources()),
                       province_code=settings.province_code)
    url = portal.start()
    return DemoPortal(portal, dataclasses.replace(
        settings, portal_url=url,
        catalogue_signing_key=portal.catalogue.public_key_setting()), StaticCredentials(token))


def demo_identity() -> tuple[str, str]:
    """The sample citizen's ID number and date of birth (dd/mm/yyyy), for the demo's
    "use the sample card" button."""
    from kiosk.devices.simulator.citizens import demo_citizen

    citizen = demo_citizen()
    return citizen.id_number, citizen.date_of_birth.strftime("%d/%m/%Y")


def demo_other_cards() -> list[tuple[str, str, str]]:
    """(name, ID number, date of birth) of the demo's sample cards other than its holder's:
    the people a newcomer can put on the (virtual) reader for another person's card."""
    from kiosk.devices.simulator.citizens import all_citizens, demo_citizen

    holder = demo_citizen().id_number
    return [(c.full_name, c.id_number, c.date_of_birth.strftime("%d/%m/%Y"))
            for c in all_citizens() if c.id_number != holder]


def demo_card_transport(can: str = "") -> Any:
    """The simulated chip ID card on the demo's reader, as an APDU transport: the sample
    citizen whose ID number ends in the CAN given, else the demo card's holder (whose card
    then refuses the wrong number, as a real card would)."""
    from kiosk.devices.simulator.citizens import all_citizens, demo_citizen
    from kiosk.devices.simulator.virtual_card import VirtualCard

    chosen = [c for c in all_citizens() if can and c.id_number.endswith(can)]
    return VirtualCard.for_citizen(chosen[0] if chosen else demo_citizen()).transport()


def demo_citizen_access() -> tuple[Any, Any]:
    """(transport, BAC key candidates) of the sample card, for the self-check."""
    from kiosk.devices.card.access_key import bac_key_candidates
    from kiosk.devices.simulator.citizens import demo_citizen

    citizen = demo_citizen()
    return demo_card_transport(), bac_key_candidates(citizen.id_number, citizen.date_of_birth)
