"""Demo mode: the embedded reference portal, so a newcomer sees the whole flow offline.

The portal runs in-process on a loopback port with its own data folder and publishes an
encryption key, exactly as a production portal would; the kiosk talks to it over HTTP.
The demo token is handed over in memory (StaticCredentials), never written to settings.
"""

from __future__ import annotations

import dataclasses
import secrets
from dataclasses import dataclass

from kiosk.config import Settings
from kiosk.sync.credentials import StaticCredentials
from kiosk.sync.portal_sim import PortalSim


@dataclass
class DemoPortal:
    portal: PortalSim
    settings: Settings  # the kiosk's settings, pointed at the embedded portal
    credentials: StaticCredentials

    def stop(self) -> None:
        self.portal.stop()


def start_demo_portal(settings: Settings) -> DemoPortal:
    token = secrets.token_urlsafe(24)
    portal = PortalSim(settings.data_dir / "demo-portal", tokens=[token], key=True,
                       agency=settings.agency_code, advance_s=20.0)
    url = portal.start()
    return DemoPortal(portal, dataclasses.replace(settings, portal_url=url),
                      StaticCredentials(token))
