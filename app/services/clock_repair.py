"""The phone's clock against the server's: how far off it is (measured by the sync from each
answer's Date header, kept for the sync screen), and the repair of what was stamped while it ran
ahead.

A phone whose clock runs ahead stamps its records ahead, and its hybrid logical clock stays
ahead even once the clock is set right (it never goes back). Records more than a day ahead are
refused by the server (`date_in_future`); the sync keeps them on the phone while the clock is
wrong. Once the clock is right again, `repair` brings what waits back within the allowed
skew, so it goes up by itself:
- this device's own timestamps that lie ahead, in records not synced yet, move back by how far
  ahead the clock ran (as measured then; else so that the latest lands on now), in the same
  order, and each stays later than every timestamp this device has seen or synced (so an edit
  made after seeing another's still wins over it: "causally later wins" holds);
- the moments of those records (a session's time, an edit's, an erasure's) move back the same
  way, never past now; a guide's opens counted on a day ahead are counted on today;
- the clock itself is set back to the latest timestamp it must stay later than.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from app.db import Store
from app.models import GuideOpens, HelpSession, Household, OutboxEntry
from app.services import device_clock, households, outbox, sessions, settings
from wire import hlc, messages
from wire.clock import as_utc, today_local
from wire.hlc import NEVER, Timestamp
from wire.records import GuideOpensPayload, HouseholdErasurePayload

TOLERANCE = timedelta(minutes=5)  # a clock this close to the server's is right
SKEW_KEY = "clock_skew_seconds"  # how far off the clock was at the last answer (+: ahead)
AHEAD_KEY = "clock_ahead_ms"  # how far ahead it ran when last measured wrong, for the repair


@dataclass(frozen=True)
class Repaired:
    records: int = 0  # records re-stamped
    shift: timedelta = timedelta(0)


def note(store: Store, skew: timedelta) -> None:
    """The clock was `skew` off the server's at an answer (positive: ahead)."""
    settings.put(store, SKEW_KEY, str(round(skew.total_seconds())))
    if skew > TOLERANCE:
        settings.put(store, AHEAD_KEY, str(int(skew / timedelta(milliseconds=1))))


def skew(store: Store) -> timedelta | None:
    """How far off the clock was at the last answer, None before the first."""
    value = settings.get(store, SKEW_KEY)
    return timedelta(seconds=int(value)) if value is not None else None


def is_wrong(off: timedelta | None) -> bool:
    return off is not None and abs(off) > TOLERANCE


def words(off: timedelta | None, language: str = "vi") -> str:
    """What to tell the volunteer about the clock ("" when it is right)."""
    if not is_wrong(off):
        return ""
    return messages.text(
        "clock_ahead" if off > timedelta(0) else "clock_behind",
        language,
        amount=amount(abs(off), language),
    )


def amount(span: timedelta, language: str = "vi") -> str:
    """A span in the largest whole unit: days, hours or minutes."""
    if span >= timedelta(days=1):
        return messages.text("amount_days", language, count=span.days)
    if span >= timedelta(hours=1):
        return messages.text("amount_hours", language, count=span.seconds // 3600)
    return messages.text("amount_minutes", language, count=max(1, span.seconds // 60))


def ahead_of(store: Store, wall: datetime) -> bool:
    """Whether this device's HLC lies ahead of its wall clock: stamped while the clock ran ahead
    (and set right since), or after seeing a record from a clock ahead."""
    with store.session() as session:
        last = device_clock.last(session)
    return last.millis > _millis(wall + TOLERANCE)


def repair(store: Store, server_now: datetime) -> Repaired:
    """Bring this device's records not synced yet, and its clock, back within the allowed skew
    of `server_now` (the phone's clock being right again), keeping their order and keeping them
    later than everything seen. Answers how many records were re-stamped."""
    limit = server_now + TOLERANCE
    limit_ms = _millis(limit)
    with store.session() as session:
        node = device_clock.node(session)
        entries = list(session.exec(select(OutboxEntry).order_by(OutboxEntry.id)))
        held_households = {
            e.record_id: session.get(Household, e.record_id)
            for e in entries
            if e.record_type == "household"
        }
        held_sessions = {
            e.record_id: session.get(HelpSession, e.record_id)
            for e in entries
            if e.record_type == "help_session"
        }

        def own_ahead(stamp: str) -> bool:
            return bool(stamp) and stamp.endswith(node) and int(stamp[:13]) > limit_ms

        ahead = sorted(
            {c for h in held_households.values() if h for c in h.clocks.values() if own_ahead(c)}
            | {s.clock for s in held_sessions.values() if s and own_ahead(s.clock)}
        )
        moments = [
            as_utc(m) for h in held_households.values() if h for m in (h.updated_at, h.consent_at)
        ]
        moments += [
            as_utc(m) for s in held_sessions.values() if s for m in (s.occurred_at, s.updated_at)
        ]
        moments = [m for m in moments if m > limit]
        if not ahead and not moments and device_clock.last(session).millis <= limit_ms:
            return Repaired()
        shift = _shift(store, server_now, ahead, moments)
        floor = _floor(session, set(ahead))
        mapping: dict[str, str] = {}
        previous = Timestamp.parse(floor) if floor else Timestamp(0, 0, node)
        for stamp in ahead:
            old = Timestamp.parse(stamp)
            moved = Timestamp(max(0, old.millis - _millis_of(shift)), old.counter, node)
            if moved <= previous:
                moved = hlc.tick(Timestamp(previous.millis, previous.counter, node), 0)
            mapping[stamp] = str(moved)
            previous = moved

        def back(moment: datetime) -> datetime:
            moment = as_utc(moment)
            return min(moment - shift, server_now) if moment > limit else moment

        count = 0
        for household in held_households.values():
            if household is None:
                continue
            household.clocks = {
                name: mapping.get(stamp, stamp) for name, stamp in household.clocks.items()
            }
            household.updated_at, household.consent_at = (
                back(household.updated_at),
                back(household.consent_at),
            )
            session.add(household)
            outbox.enqueue(session, households.record_of(household))
            count += 1
        for record in held_sessions.values():
            if record is None:
                continue
            record.clock = mapping.get(record.clock, record.clock)
            record.occurred_at, record.updated_at = (
                back(record.occurred_at),
                back(record.updated_at),
            )
            session.add(record)
            outbox.enqueue(session, sessions.record_of(record))
            count += 1
        count += _erasures_and_opens(session, entries, back, today_local(server_now))
        last = previous if ahead else Timestamp.parse(floor) if floor else Timestamp(0, 0, node)
        device_clock.reset(session, Timestamp(last.millis, last.counter, node))
    settings.put(store, AHEAD_KEY, "0")
    return Repaired(count, shift)


def _erasures_and_opens(session: Session, entries: list[OutboxEntry], back, today) -> int:
    count = 0
    for entry in entries:
        if entry.record_type == "household_erasure":
            erasure = HouseholdErasurePayload.model_validate(entry.payload, strict=False)
            moved = back(erasure.erased_at)
            if moved != erasure.erased_at:
                outbox.enqueue(session, erasure.model_copy(update={"erased_at": moved}))
                count += 1
        elif entry.record_type == "guide_opens":
            row = session.get(GuideOpens, entry.record_id)
            if row is None or row.day <= today:
                continue
            # Counted on a day ahead: counted on today instead (with today's own count).
            same = session.exec(
                select(GuideOpens).where(
                    GuideOpens.guide_code == row.guide_code, GuideOpens.day == today
                )
            ).first()
            if same is not None:
                same.count += row.count
                session.delete(row)
                session.delete(entry)
                row = same
            else:
                row.day = today
            session.add(row)
            session.flush()
            outbox.enqueue(
                session,
                GuideOpensPayload(
                    id=row.id, guide_code=row.guide_code, day=row.day, count=row.count
                ),
            )
            count += 1
    return count


def _shift(
    store: Store, server_now: datetime, ahead: list[str], moments: list[datetime]
) -> timedelta:
    """How far back to move what lies ahead: how far ahead the clock ran when it was measured
    so, else so far that the latest of it lands on now."""
    measured = int(settings.get(store, AHEAD_KEY) or 0)
    if measured > _millis_of(TOLERANCE):
        return timedelta(milliseconds=measured)
    latest = max(
        [datetime.fromtimestamp(int(s[:13]) / 1000, tz=server_now.tzinfo) for s in ahead] + moments,
        default=server_now,
    )
    return max(latest - server_now, timedelta(0))


def _floor(session: Session, moving: set[str]) -> str:
    """The latest timestamp the re-stamped ones must stay later than: every one seen from
    elsewhere, every one in the store that does not move (synced already)."""
    stamps = [device_clock.seen(session)]
    for clocks in session.exec(select(Household.clocks)):
        stamps += [c for c in clocks.values() if c and c not in moving]
    stamps += [c for c in session.exec(select(HelpSession.clock)) if c and c not in moving]
    return max(stamps, default=NEVER)


def _millis(moment: datetime) -> int:
    return int(as_utc(moment).timestamp() * 1000)


def _millis_of(span: timedelta) -> int:
    return int(span / timedelta(milliseconds=1))
