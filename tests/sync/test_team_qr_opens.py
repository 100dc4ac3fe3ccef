"""The codes a team hands out carry its commune (`?c=`): a household that scans the app's QR
screen or a printed sheet of an enrolled device opens the central API's page, and the open
counts in that team's and that commune's figures, not only in the province's."""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import httpx
import pypdfium2
from PIL import Image
from sqlmodel import Session
from support import demo
from synctest import LiveServer, new_device, seed_team

from app.services import guides, households, qr, sheets
from app.services.households import HouseholdInput
from content.manifest import DIST_DIR
from content.qr import decoded_by_both
from server.cli import main as cli
from server.models import Role, StaffUser
from server.reports import for_staff
from server.services import accounts


def _opens(engine, staff_id: int, **scope: object) -> dict[str, int]:
    with Session(engine) as s:
        report = for_staff(s, s.get(StaffUser, staff_id), **scope)
        return {o.code: o.opens for o in report.qr_opens if o.opens}


def test_an_open_from_a_teams_qr_counts_for_the_team_and_its_commune(
    sqlite_settings, tmp_path
) -> None:
    settings = sqlite_settings
    team = seed_team(settings)
    assert cli(["publish", str(DIST_DIR)], settings) == 0
    with LiveServer(settings) as live:
        with Session(live.engine) as s:
            leader = accounts.add_staff(
                s, "totruong", "mat-khau-dai-1", Role.TEAM_LEADER.value, "test", team_id=team.id
            )
            commune = accounts.add_staff(
                s,
                "canboxa",
                "mat-khau-dai-2",
                Role.COMMUNE_STAFF.value,
                "test",
                area_id=demo.COMMUNE.id,
            )
            s.commit()
            leader_id, commune_id = leader.id, commune.id
        device = new_device(tmp_path / "device", settings, team.id, live.url)
        # The demo's way: the central API is the public address (over http, on this machine).
        on_screen = guides.shared_url(device.store, live.url, "vneid-m2", demo=True)
        [scanned] = decoded_by_both(Image.open(io.BytesIO(qr.png(on_screen))))
        assert scanned == f"{live.url}/g/vneid-m2?c={demo.COMMUNE.id}"

        household = households.create(
            device.store, HouseholdInput("Đặng Thị Hồng", demo.VILLAGES[0].id, consent=True)
        )
        pdf = sheets.household_sheet(
            device.store,
            household.id,
            sheets.TeamContact("Tổ 1", "0912"),
            live.url,
            ["lua-dao"],
            demo=True,
        )
        page = pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil()
        [printed] = decoded_by_both(page)
        assert printed == f"{live.url}/g/lua-dao?c={demo.COMMUNE.id}"

        for url in (scanned, scanned, printed):
            parts = urlsplit(url)
            assert httpx.get(f"{live.url}{parts.path}?{parts.query}").status_code == 200
        assert httpx.get(f"{live.url}/g/vneid-m2").status_code == 200  # a code with no commune

        expected = {"vneid-m2": 2, "lua-dao": 1}
        assert _opens(live.engine, leader_id, team_id=team.id) == expected
        assert _opens(live.engine, commune_id, commune_id=demo.COMMUNE.id) == expected
        device.close()
