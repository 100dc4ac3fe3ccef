"""The report summaries (server.reports.summaries) stay exact: random streams of pushes, edits,
stale versions, duplicated batches, late records, households moved to another village, erasures
and devices' guide opens, through the real ingest on real PostgreSQL, leave summaries and
figures identical to a brute-force recount from the raw rows; the migration that made the
summaries fills them as the ingest keeps them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta

import hypothesis
import hypothesis.strategies as st
from alembic import command
from hypothesis import HealthCheck, Phase
from sqlalchemy import text

from app.ids import uuid7
from server import reports
from server.core import bitset
from server.core.db import alembic_config, make_engine, session_scope
from server.core.errors import ApiError
from server.models import Area, Device, Team, metadata
from server.reports.scope import Scope, ScopeLevel
from server.reports.summaries import ALL, covering, vietnam_day
from server.services.ingest import push
from wire.api import PushRequest
from wire.clock import utcnow
from wire.hlc import Timestamp
from wire.records import (
    GuideOpensPayload,
    HelpSessionPayload,
    HouseholdClocks,
    HouseholdErasurePayload,
    HouseholdPayload,
    push_record,
)

EXAMPLES = 30
SERVICES = ("vneid_muc_2", "dvc_tai_khoan", "lltp", "bhxh")
GUIDES = ("vneid-m2", "lua-dao")
PROVINCE = "tp"
COMMUNES = {"tp.xa-a": ("tp.xa-a.thon-1", "tp.xa-a.thon-2"), "tp.xa-b": ("tp.xa-b.thon-1",)}
TODAY = date(2026, 3, 15)
SUMMARIES = ("report_reach", "report_shared_opens")
MEASURES = {"report_shared_opens": ("count",), "report_reach": ("households", "sessions")}


def _world(engine) -> list[tuple[Device, tuple[str, ...]]]:
    """A province of two communes, a team in each; two devices in the first team, one in the
    second. Answers the devices with the villages their team may place households in."""
    with session_scope(engine) as s:
        s.add(Area(id=PROVINCE, level="province", name="Tỉnh Thử"))
        s.flush()
        for commune, villages in COMMUNES.items():
            s.add(Area(id=commune, parent_id=PROVINCE, level="commune", name=commune))
            s.flush()
            s.add_all(Area(id=v, parent_id=commune, level="village", name=v[-6:]) for v in villages)
        s.flush()
        teams = [Team(commune_id=c, name=f"Tổ {c}") for c in COMMUNES]
        s.add_all(teams)
        s.flush()
        devices = [
            Device(team_id=team.id, name=f"Máy {n}", token_hash=uuid7())
            for team, n in ((teams[0], 1), (teams[0], 2), (teams[1], 3))
        ]
        s.add_all(devices)
        s.flush()
        villages = [COMMUNES[teams[0].commune_id]] * 2 + [COMMUNES[teams[1].commune_id]]
        return list(zip(devices, villages, strict=True))


class Stream:
    """Draws batches of records a device might push: new and edited households and sessions,
    stale versions, whole batches again, erasures, guide opens. Clocks rise as a device's do."""

    def __init__(self, data: st.DataObject, devices) -> None:
        self.data, self.devices = data, devices
        self.now = utcnow() - timedelta(days=2)
        self.households: dict[int, list[HouseholdPayload]] = {d.id: [] for d, _ in devices}
        self.sessions: dict[int, list[HelpSessionPayload]] = {d.id: [] for d, _ in devices}
        self.opens: dict[int, list[GuideOpensPayload]] = {d.id: [] for d, _ in devices}
        self.sent: list[tuple[Device, list]] = []

    def draw(self, strategy):
        return self.data.draw(strategy)

    def tick(self) -> tuple[datetime, str]:
        self.now += timedelta(seconds=1)
        return self.now, str(Timestamp(int(self.now.timestamp() * 1000), 0, "0000000a"))

    def _team_households(self, device: Device) -> list[HouseholdPayload]:
        return [
            h for d, _ in self.devices if d.team_id == device.team_id for h in self.households[d.id]
        ]

    def household(self, device: Device, villages: tuple[str, ...]) -> HouseholdPayload:
        known = self._team_households(device)
        at, stamp = self.tick()
        if known and self.draw(st.booleans()):  # moved to another village (or renamed)
            old = self.draw(st.sampled_from(known))
            clocks = old.clocks.model_copy(update={"village_id": stamp, "head_name": stamp})
            new = old.model_copy(
                update={
                    "village_id": self.draw(st.sampled_from(villages)),
                    "head_name": self.draw(st.sampled_from(["Lê Văn Ba", "Trần Thị Tư"])),
                    "updated_at": at,
                    "clocks": clocks,
                }
            )
        else:
            new = HouseholdPayload(
                id=uuid7(),
                village_id=self.draw(st.sampled_from(villages)),
                head_name="Nguyễn Văn An",
                phone=None,
                consent_at=at,
                updated_at=at,
                clocks=HouseholdClocks(head_name=stamp, village_id=stamp, phone=stamp),
            )
        self.households[device.id].append(new)
        return new

    def session(self, device: Device) -> HelpSessionPayload | None:
        known = self._team_households(device)
        if not known:
            return None
        mine = self.sessions[device.id]
        at, stamp = self.tick()
        # Late records: anything in the last 400 days, often around a Vietnamese midnight; and
        # as often in the last 3, so later batches add to the rows earlier ones made.
        day = self.draw(st.one_of(st.integers(1, 3), st.integers(1, 400)))
        hour = self.draw(st.sampled_from([0, 3, 16, 17, 23]))
        occurred = datetime.combine(TODAY, datetime.min.time(), UTC) - timedelta(days=day)
        follow_up = self.draw(st.booleans())
        fields = {
            "household_id": self.draw(st.sampled_from(known)).id,
            "occurred_at": occurred + timedelta(hours=hour),
            "services": self.draw(st.lists(st.sampled_from(SERVICES), min_size=1, max_size=3)),
            "guides": [],
            "outcome": "follow_up" if follow_up else self.draw(st.sampled_from(["done_online"])),
            "follow_up_on": TODAY + timedelta(days=self.draw(st.integers(-30, 5)))
            if follow_up
            else None,
            "minutes": 10,
            "note": "",
            "updated_at": at,
            "clock": stamp,
        }
        if mine and self.draw(st.integers(0, 3)) == 0:  # an edit of one held
            old = self.draw(st.sampled_from(mine))
            new = old.model_copy(update=fields)
        else:
            new = HelpSessionPayload(id=uuid7(), **fields)
        mine.append(new)
        return new

    def batch(self) -> tuple[Device, list]:
        if self.sent and self.draw(st.integers(0, 5)) == 0:  # the same batch again
            return self.draw(st.sampled_from(self.sent))
        device, villages = self.draw(st.sampled_from(self.devices))
        records: list = []
        for _ in range(self.draw(st.integers(1, 6))):
            kind = self.draw(
                st.sampled_from(["household", "session", "session", "stale", "erase", "opens"])
            )
            if kind == "household":
                records.append(self.household(device, villages))
            elif kind == "session":
                records.append(self.session(device))
            elif kind == "stale" and self.sessions[device.id]:
                records.append(self.draw(st.sampled_from(self.sessions[device.id])))
            elif kind == "erase" and self._team_households(device):
                erased = self.draw(st.sampled_from(self._team_households(device)))
                records.append(HouseholdErasurePayload(id=erased.id, erased_at=self.tick()[0]))
            elif kind == "opens":
                records.append(self.opens_of(device))
        records = [push_record(r) for r in records if r is not None]
        if not records:
            return self.batch()
        self.sent.append((device, records))
        return device, records

    def opens_of(self, device: Device) -> GuideOpensPayload:
        held = self.opens[device.id]
        count = self.draw(st.integers(1, 40))
        if held and self.draw(st.booleans()):  # the day's count again, larger or smaller
            new = self.draw(st.sampled_from(held)).model_copy(update={"count": count})
        else:
            new = GuideOpensPayload(
                id=uuid7(),
                guide_code=self.draw(st.sampled_from(GUIDES)),
                day=TODAY - timedelta(days=self.draw(st.integers(0, 40))),
                count=count,
            )
        held.append(new)
        return new


def _rows(s, table: str) -> dict[tuple, tuple]:
    """A summary table as key -> its measures (the household bits of report_reach as an int)."""
    measures = MEASURES[table]
    model = {t.name: t for t in metadata.sorted_tables}[table]
    rows = s.execute(model.select()).mappings().all()
    return {
        tuple(v for k, v in r.items() if k not in measures): tuple(r[m] for m in measures)
        for r in rows
    }


def _recount(s) -> dict[str, dict]:
    """The summaries made again, by brute force, from the raw rows (rows of 0 left out)."""
    counts, households, opens = Counter(), Counter(), Counter()
    sessions = s.execute(
        text(
            "SELECT s.team_id, h.reach_index, h.village_id, s.occurred_at, s.services "
            "FROM help_sessions s JOIN households h ON h.id = s.household_id"
        )
    ).all()
    for team, index, village, at, services in sessions:
        day = vietnam_day(at)
        chunk, bit = divmod(index, bitset.CHUNK)
        part = day.replace(day=(1, 9, 17, 25)[min(3, (day.day - 1) // 8)])
        quarter = date(day.year, (1, 4, 7, 10)[(day.month - 1) // 3], 1)
        for span, first in (("d", day), ("p", part), ("m", day.replace(day=1)), ("q", quarter)):
            counts[(team, span, first, ALL, village, chunk)] += 1
            for service in services:
                counts[(team, span, first, service, village, chunk)] += 1
            for service in {ALL, *services}:
                households[(team, span, first, service, village, chunk)] |= 1 << bit
    for commune, day, guide, n in s.execute(
        text("SELECT commune_id, day, guide_code, count FROM shared_opens")
    ):
        opens[(commune, day, guide)] += n
    return {
        "report_reach": {row: (households[row], counts[row]) for row in households},
        "report_shared_opens": {row: (n,) for row, n in opens.items() if n},
    }


def _latest(s) -> tuple[dict, dict]:
    """Each household's latest session and follow-up day: held, and recounted."""
    held = {
        h: (latest, due)
        for h, latest, due in s.execute(
            text("SELECT id, latest_session_id, follow_up_due FROM households")
        )
    }
    recount = dict.fromkeys(held, (None, None))
    ordered = s.execute(
        text(
            "SELECT household_id, id, outcome, follow_up_on FROM help_sessions "
            "ORDER BY occurred_at, id"
        )
    )
    for household, sid, outcome, due in ordered:
        recount[household] = (sid, due if outcome == "follow_up" else None)
    return held, recount


def _figures_by_recount(s, first: date, last: date) -> dict:
    """The province's figures counted from the raw rows, as the reports counted them before
    the summaries (sessions of the period; households by their village today)."""
    sessions = [
        (household, village, vietnam_day(at), services)
        for household, village, at, services in s.execute(
            text(
                "SELECT s.household_id, h.village_id, s.occurred_at, s.services "
                "FROM help_sessions s JOIN households h ON h.id = s.household_id"
            )
        )
        if first <= vietnam_day(at) <= last
    ]
    by_service: dict[str, list] = {}
    by_village: dict[str, list] = {}
    by_month: dict[str, list] = {}
    for household, village, day, services in sessions:
        for service in services:
            by_service.setdefault(service, [0, set()])
            by_service[service][0] += 1
            by_service[service][1].add(household)
        for key, table in ((village, by_village), (f"{day:%Y-%m}", by_month)):
            table.setdefault(key, [0, set()])
            table[key][0] += 1
            table[key][1].add(household)
    overdue = sum(
        1
        for latest, due in _latest(s)[1].values()
        if latest is not None and due is not None and due < TODAY
    )
    return {
        "sessions": len(sessions),
        "reached": len({h for h, *_ in sessions}),
        "by_service": sorted((-n, c, n, len(h)) for c, (n, h) in by_service.items()),
        "by_village": {v: (n, len(h)) for v, (n, h) in by_village.items()},
        "by_month": {m: (n, len(h)) for m, (n, h) in by_month.items()},
        "overdue": overdue,
    }


def _figures_by_report(s, first: date, last: date) -> dict:
    teams = tuple(t for (t,) in s.execute(text("SELECT id FROM teams ORDER BY id")))
    scope = Scope(ScopeLevel.PROVINCE, PROVINCE, "Tỉnh Thử", teams, tuple(COMMUNES))
    report = reports.build(s, scope, reports.Period(first, last), TODAY)
    return {
        "sessions": report.sessions,
        "reached": report.households_reached,
        "by_service": sorted(
            (-f.sessions, f.code, f.sessions, f.households) for f in report.by_service
        ),
        "by_village": {
            v.village_id: (v.sessions, v.households) for v in report.by_village if v.sessions
        },
        "by_month": {m.month: (m.sessions, m.households) for m in report.by_month if m.sessions},
        "overdue": report.follow_ups_overdue,
    }


def test_random_streams_leave_summaries_equal_to_a_recount(pg_database) -> None:
    engine = make_engine(pg_database())
    devices = _world(engine)

    @hypothesis.given(data=st.data())
    @hypothesis.settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def stream(data: st.DataObject) -> None:
        with session_scope(engine) as s:
            s.execute(
                text(
                    "TRUNCATE help_sessions, households, household_erasures, shared_opens, "
                    + ", ".join(SUMMARIES)
                )
            )
        records = Stream(data, devices)
        for _ in range(data.draw(st.integers(1, 10))):
            device, batch = records.batch()
            try:
                push(engine, device, PushRequest(records=batch))
            except ApiError:
                pass  # refused as a whole (a session of a household not pushed): nothing stored
        first = TODAY - timedelta(days=data.draw(st.integers(1, 420)))
        last = first + timedelta(days=data.draw(st.integers(0, 200)))
        with session_scope(engine) as s:
            recount = _recount(s)
            for table in SUMMARIES:
                held = {row: measures for row, measures in _rows(s, table).items() if any(measures)}
                assert held == recount[table], table
            assert all(households for households, _ in _rows(s, "report_reach").values())
            held, latest = _latest(s)
            assert held == latest
            # The drawn period, and one that holds every session: whole quarters and months.
            for low, high in ((first, last), (TODAY - timedelta(days=400), TODAY)):
                assert _figures_by_report(s, low, high) == _figures_by_recount(s, low, high)

    try:
        stream()
    finally:
        engine.dispose()


def test_the_migration_fills_the_summaries_as_the_ingest_keeps_them(settings, seeded) -> None:
    engine = make_engine(settings.url)
    with session_scope(engine) as s:
        kept = {table: _rows(s, table) for table in SUMMARIES}
        kept_latest = _latest(s)[0]
    assert kept["report_reach"]
    config = alembic_config(settings.url)
    command.downgrade(config, "0005")
    command.upgrade(config, "head")
    with session_scope(engine) as s:
        assert {table: _rows(s, table) for table in SUMMARIES} == kept
        assert _latest(s)[0] == kept_latest
    engine.dispose()


@hypothesis.given(
    first=st.dates(date(2020, 1, 1), date(2030, 12, 31)),
    length=st.integers(0, 800),
    quarters=st.booleans(),
)
def test_a_period_is_covered_by_its_quarters_months_parts_and_days_exactly(
    first: date, length: int, quarters: bool
):
    last = first + timedelta(days=length)
    covered: list[date] = []
    pieces = covering(first, last, quarters)
    assert quarters or "q" not in {span for span, _low, _high in pieces}
    for span, low, high in pieces:
        # As the reports read them: the rows of the span whose first day is low..high.
        for start in _days(low, (high - low).days + 1):
            if span == "q" and start.day == 1 and start.month in (1, 4, 7, 10):
                quarter = (start.month - 1) // 3
                covered += [
                    d
                    for d in _days(start, 92)
                    if d.year == start.year and (d.month - 1) // 3 == quarter
                ]
            elif span == "m" and start.day == 1:
                covered += [d for d in _days(start, 31) if d.month == start.month]
            elif span == "p" and start.day in (1, 9, 17, 25):
                size = 8 if start.day < 25 else 7
                covered += [d for d in _days(start, size) if d.month == start.month]
            elif span == "d":
                covered.append(start)
    assert covered == list(_days(first, length + 1))


def _days(first: date, count: int):
    return (first + timedelta(days=n) for n in range(count))


def test_365_days_are_read_as_3_quarters_and_2_months_not_11_months():
    d = date
    assert covering(d(2025, 12, 3), d(2026, 12, 2)) == [
        ("d", d(2025, 12, 3), d(2025, 12, 8)),
        ("p", d(2025, 12, 9), d(2025, 12, 25)),
        ("q", d(2026, 1, 1), d(2026, 7, 1)),
        ("m", d(2026, 10, 1), d(2026, 11, 1)),
        ("d", d(2026, 12, 1), d(2026, 12, 2)),
    ]
    assert covering(d(2025, 12, 3), d(2026, 12, 2), quarters=False)[2] == (
        "m",
        d(2026, 1, 1),
        d(2026, 11, 1),
    )
