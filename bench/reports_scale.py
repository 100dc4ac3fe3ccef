"""Reports at the scale of a province and of the country: builds data of F times one province
(Quảng Ninh's year at F = 1: 54 communes, 1,450 villages, 1,473 teams, 11,255 devices, 600,000
households, 5.8 M help sessions over 365 days) on durable PostgreSQL, starts the real server
(`python -m server`) and times the JSON, CSV and dashboard for a province admin, commune
staff, a team leader and the ministry (national scope): views 1 and 13 on one server and the
p50 / p99 of 13; then makes the country's reports ahead, as the timer does (admin
make-reports), and times the ministry's views of them ("national ahead"). One line per figure,
the slowest last.

The data is built in bulk, not pushed record by record (5.8 M sessions through HTTP would take
longer than the measurement): raw rows are made by INSERT ... SELECT generate_series inside
PostgreSQL, then the summaries are counted by the ingest's own code, summaries.count_teams (what
migration 0011's backfill runs; tests/server/test_report_summaries.py holds it equal to what the
ingest keeps), in --processes processes over disjoint teams, and the devices' guide opens are
summed as migration 0006 sums them; then VACUUM ANALYZE, as autovacuum would. For F > 1 the data
is round(F) provinces of F / round(F) of a province each. Each report is timed for the default
period and for the 365 days to today.

    .venv/bin/python bench/reports_scale.py --size 0.1 [--sessions 1] [--views 13] [--fast]
        [--processes 2] [--keep DIR | --url URL]

--keep DIR keeps the built cluster in DIR (a size-1 build takes minutes, a size 3 about an
hour): a later run with the same --keep starts it again and only times.

--sessions K keeps the teams, households and days and gives each household K times the
sessions: the report times should stay flat in it (their cost grows with teams and days).
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import statistics
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path

import httpx
from server_common import percentile, postgresql, server
from sqlalchemy import create_engine, text
from webtest import Page

from content.manifest import load_manifest
from server.core import security
from server.core.db import make_engine, migrate, reader, session_scope
from server.reports import ahead, summaries
from wire.clock import today_local

PROVINCE = {
    "communes": 54,
    "villages": 1450,
    "teams": 1473,
    "devices": 11255,
    "households": 600_000,
    "sessions": 5_800_000,
}
PASSWORD = "mật-khẩu-đo-đủ-dài"
DAYS = 365


def _sizes(size: float, sessions: float = 1) -> tuple[int, dict[str, int]]:
    provinces = max(1, round(size))
    each = size / provinces
    n = {k: max(1, round(v * each)) for k, v in PROVINCE.items()}
    n["sessions"] = round(n["sessions"] * sessions)
    return provinces, n


def build(url: str, size: float, sessions: float = 1, processes: int = 2) -> None:
    """Raw rows in bulk, then the summaries by the backfill's code."""
    migrate(url)
    provinces, n = _sizes(size, sessions)
    services = [s["code"] for s in load_manifest().services]
    first_day = today_local() - timedelta(days=DAYS - 1)
    engine = create_engine(url)
    began = time.perf_counter()
    with engine.begin() as db:
        db.execute(text("SET LOCAL synchronous_commit TO OFF"))
        # As PostgreSQL's "Populating a Database" advises: no foreign-key checks (the rows are
        # made consistent here, and the figures check counts them), and the big tables' other
        # indexes built once after the load instead of updated row by row. At size 10 the
        # row-by-row way outgrew memory: 58 M sessions were not in after 84 min.
        db.execute(text("SET LOCAL session_replication_role TO replica"))
        db.execute(text("SET LOCAL maintenance_work_mem TO '2GB'"))
        indexes = _drop_secondary_indexes(db, ("households", "help_sessions"))
        db.execute(
            text(
                "INSERT INTO areas (id, parent_id, level, name, seq) "
                "SELECT 'p' || p, NULL, 'province', 'Tỉnh ' || p, 0 FROM generate_series(1, :p) p"
            ),
            {"p": provinces},
        )
        db.execute(
            text(
                "INSERT INTO areas (id, parent_id, level, name, seq) "
                "SELECT 'p' || p || '.c' || c, 'p' || p, 'commune', 'Xã ' || p || '-' || c, 0 "
                "FROM generate_series(1, :p) p, generate_series(0, :c - 1) c"
            ),
            {"p": provinces, "c": n["communes"]},
        )
        # Village v of a province lies in commune v % communes.
        db.execute(
            text(
                "INSERT INTO areas (id, parent_id, level, name, seq) "
                "SELECT 'p' || p || '.c' || (v % :c) || '.v' || v, 'p' || p || '.c' || (v % :c),"
                " 'village', 'Thôn ' || v, 0 "
                "FROM generate_series(1, :p) p, generate_series(0, :v - 1) v"
            ),
            {"p": provinces, "c": n["communes"], "v": n["villages"]},
        )
        # Team t (1-based, global) is of province (t-1) / teams + 1, beside village (t-1) % villages.
        db.execute(
            text(
                "INSERT INTO teams (id, commune_id, name, change_seq, created_at) "
                "SELECT t, 'p' || ((t - 1) / :t + 1) || '.c' || (((t - 1) % :t) % :v % :c), "
                "'Tổ ' || t, 0, now() FROM generate_series(1, CAST(:p AS bigint) * :t) t"
            ),
            {"p": provinces, "t": n["teams"], "v": n["villages"], "c": n["communes"]},
        )
        db.execute(text("SELECT setval('teams_id_seq', (SELECT max(id) FROM teams))"))
        db.execute(
            text(
                "INSERT INTO devices (id, team_id, name, token_hash, created_at, set_aside) "
                "SELECT d, (d - 1) % (CAST(:p AS bigint) * :t) + 1, 'Máy ' || d, md5('device' || d), now(), 0 "
                "FROM generate_series(1, CAST(:p AS bigint) * :d) d"
            ),
            {"p": provinces, "t": n["teams"], "d": n["devices"]},
        )
        db.execute(text("SELECT setval('devices_id_seq', (SELECT max(id) FROM devices))"))
        # Household h is of team (h - 1) % teams + 1, in the village its team is beside, and is
        # its team's household number (h - 1) / teams (its bit in the summaries), as the ingest
        # numbers them in the order they come.
        village_of_team = (
            "'p' || ((tm - 1) / :t + 1) || '.c' || (((tm - 1) % :t) % :v % :c) || '.v' || "
            "(((tm - 1) % :t) % :v)"
        )
        db.execute(
            text(
                "INSERT INTO households (id, team_id, village_id, head_name, phone, consent_at, "
                "updated_at, received_at, seq, clocks, reach_index) "
                f"SELECT 'h' || lpad(h::text, 35, '0'), tm, {village_of_team}, 'Hộ ' || h, NULL, "
                "now(), now(), now(), h, '{}'::json, (h - 1) / (CAST(:p AS bigint) * :t) "
                "FROM generate_series(1, CAST(:p AS bigint) * :h) h, LATERAL (SELECT (h - 1) % (CAST(:p AS bigint) * :t) + 1) x(tm)"
            ),
            {
                "p": provinces,
                "t": n["teams"],
                "v": n["villages"],
                "c": n["communes"],
                "h": n["households"],
            },
        )
        db.execute(
            text(
                "UPDATE teams SET households_numbered = "
                "(SELECT count(*) FROM households h WHERE h.team_id = teams.id)"
            )
        )
        # Session s is of household (s - 1) % households + 1, spread over the 365 days.
        db.execute(
            text(
                "INSERT INTO help_sessions (id, team_id, household_id, device_id, occurred_at, "
                "services, guides, outcome, follow_up_on, minutes, note, updated_at, "
                "received_at, seq, clock) "
                "SELECT 's' || lpad(s::text, 35, '0'), (hh - 1) % (CAST(:p AS bigint) * :t) + 1, "
                "'h' || lpad(hh::text, 35, '0'), NULL, at, "
                "CASE WHEN s % 4 = 0 THEN json_build_array((CAST(:svc AS text[]))[1 + s % :ns], (CAST(:svc AS text[]))[1 + (s / 7) % :ns])"
                " ELSE json_build_array((CAST(:svc AS text[]))[1 + s % :ns]) END, '[]'::json, "
                "CASE WHEN s % 10 = 0 THEN 'follow_up' ELSE 'done_online' END, "
                "CASE WHEN s % 10 = 0 THEN (at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date + 7 END, "
                "15, '', at, at, s, lpad((extract(epoch FROM at) * 1000)::bigint::text, 13, '0')"
                " || '-0000-00000000' "
                "FROM generate_series(1, CAST(:p AS bigint) * :s) s, "
                "LATERAL (SELECT (s - 1) % (CAST(:p AS bigint) * :h) + 1, "
                "CAST(:first AS timestamptz) + ((s::bigint * 7919) % (:days * 86400)) * interval '1 second')"
                " x(hh, at)"
            ),
            {
                "p": provinces,
                "t": n["teams"],
                "h": n["households"],
                "s": n["sessions"],
                "svc": services,
                "ns": len(services),
                "first": f"{first_day.isoformat()}T00:00:00+07:00",
                "days": DAYS,
            },
        )
        guides = [g.code for g in load_manifest().guides][:5]
        db.execute(
            text(
                "INSERT INTO qr_opens (guide_code, day, commune_id, count) "
                "SELECT g, CAST(:first AS date) + d, a.id, 1 + (d % 5) "
                "FROM unnest(CAST(:guides AS text[])) g, generate_series(0, :days - 1, 3) d, "
                "(SELECT id FROM areas WHERE level = 'commune') a"
            ),
            {"first": first_day, "guides": guides, "days": DAYS},
        )
        db.execute(
            text(
                "INSERT INTO shared_opens (id, team_id, device_id, guide_code, day, commune_id, "
                "count, received_at) "
                "SELECT 'o' || d.id || '-' || k, d.team_id, d.id, :guide, CAST(:first AS date) + k * 30,"
                " t.commune_id, 3, now() FROM devices d JOIN teams t ON t.id = d.team_id, "
                "generate_series(0, 11) k"
            ),
            {"first": first_day, "guide": guides[0]},
        )
        _staff(db)
        for definition in indexes:
            db.execute(text(definition))
    raw = time.perf_counter() - began
    print(f"data: {provinces} province(s) x {n}; raw rows in {raw:.0f} s", flush=True)
    began = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text("ANALYZE"))  # else the backfill's plans take the bulk tables as empty
        teams = [t for (t,) in db.execute(text("SELECT id FROM teams ORDER BY id"))]
    engine.dispose()  # its pooled connections, before the counting processes fork
    _count_summaries(url, teams, processes)
    with engine.begin() as db:
        db.execute(
            text(
                "INSERT INTO report_shared_opens (commune_id, day, guide_code, count) "
                "SELECT commune_id, day, guide_code, sum(count) FROM shared_opens "
                "GROUP BY commune_id, day, guide_code"
            )
        )
    counted = time.perf_counter() - began
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
        db.execute(text("VACUUM ANALYZE"))
        counts = {
            t: db.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in ("help_sessions", "households", "report_reach")
        }
        size = db.execute(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
        print(
            f"summaries counted in {counted:.0f} s ({processes} processes), then VACUUM ANALYZE; "
            f"rows: {counts}; database {size.scalar()}",
            flush=True,
        )
    engine.dispose()


def _drop_secondary_indexes(db, tables: tuple[str, ...]) -> list[str]:
    """Drop the tables' indexes that no constraint owns (known by the catalog's link, not by
    name); answer the statements that make them again, exactly as the migrations made them."""
    rows = db.execute(
        text(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(CAST(:tables AS regclass[])) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ),
        {"tables": list(tables)},
    ).all()
    for name, _definition in rows:
        db.execute(text(f"DROP INDEX {name}"))  # regclass's text is quoted where it must be
    return [definition for _name, definition in rows]


def _count_summaries(url: str, teams: list[int], processes: int) -> None:
    """Every team's summaries, by summaries.count_teams: the code migration 0011's backfill
    runs, which tests/server/test_report_summaries.py holds equal to what the ingest keeps.
    A few dozen teams a transaction, in `processes` processes at once: the count is Python's
    work, one core a process, and a team's rows are its own, so the processes never meet."""
    at_once = summaries.TEAMS_AT_ONCE
    batches = [teams[at : at + at_once] for at in range(0, len(teams), at_once)]
    with ProcessPoolExecutor(processes) as pool:
        for _ in pool.map(_count_teams, itertools.repeat(url), batches):
            pass


def _count_teams(url: str, teams: list[int]) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        summaries.count_teams(session, teams)
    engine.dispose()


USERS = {
    "province admin": ("province_admin", "p1", None),
    "commune staff": ("commune_staff", "p1.c0", None),
    "team leader": ("team_leader", "p1.c0", 1),
    "national": ("national_admin", None, None),
}


def _staff(db) -> None:
    """A province admin (p1), commune staff (p1.c0), the leader of team 1 and the ministry."""
    hashed = security.hash_password(PASSWORD)
    for n, (role, area, team) in enumerate(USERS.values()):
        db.execute(
            text(
                "INSERT INTO staff_users (username, password_hash, role, area_id, team_id, "
                "created_at) VALUES (:u, :h, :r, :a, :t, now())"
            ),
            {"u": f"bench{n}", "h": hashed, "r": role, "a": area, "t": team},
        )


def tokens(url: str) -> dict[str, tuple[str, str]]:
    """A fresh API token for each of the bench's staff: who -> (username, token)."""
    logins = {}
    engine = create_engine(url)
    with engine.begin() as db:
        for n, who in enumerate(USERS):
            username, token = f"bench{n}", security.new_token()
            db.execute(
                text(
                    "INSERT INTO staff_tokens (token_hash, staff_id, created_at, expires_at) "
                    "SELECT :h, id, now(), now() + interval '1 day' FROM staff_users "
                    "WHERE username = :u"
                ),
                {"h": security.token_hash(token), "u": username},
            )
            logins[who] = (username, token)
    engine.dispose()
    return logins


def _login(http: httpx.Client, username: str) -> None:
    form = Page(http.get("/staff/login").text)
    answer = http.post(
        "/staff/login",
        data={"csrf": form.csrf, "username": username, "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text[:300]


def periods() -> dict[str, str]:
    """The default period (its whole months and this month's days so far), and the 365 days to
    today (a partial month at each end: the most day rows a year's report reads)."""
    today = today_local()
    first = today - timedelta(days=DAYS - 1)
    return {"12 months": "", "365 days": f"?from={first.isoformat()}&to={today.isoformat()}"}


def measure(base: str, users: dict[str, object], views: int) -> list[tuple[float, str]]:
    lines = []
    for who, (username, token) in users.items():
        with httpx.Client(base_url=base, timeout=1800) as http:
            _login(http, username)
            for (what, path, headers), (span, query) in itertools.product(
                (
                    ("JSON", "/api/v1/reports/figures", {"Authorization": f"Bearer {token}"}),
                    ("CSV", "/api/v1/reports/figures.csv", {"Authorization": f"Bearer {token}"}),
                    ("dashboard", "/staff/report", {}),
                ),
                periods().items(),
            ):
                times = []
                for _ in range(views):
                    began = time.perf_counter()
                    answer = http.get(path + query, headers=headers)
                    times.append(time.perf_counter() - began)
                    answer.raise_for_status()
                line = (
                    f"{who:14} {what:9} {span:9} view 1 {times[0] * 1000:6.0f} ms  view {views} "
                    f"{times[-1] * 1000:6.0f} ms  p50 {statistics.median(times) * 1000:6.0f} ms  "
                    f"p99 {percentile(times, 99) * 1000:6.0f} ms"
                )
                lines.append((max(times), line))
    return sorted(lines)


def forget_made_ahead(url: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        session.execute(text("DELETE FROM national_reports"))
    engine.dispose()


def make_ahead(url: str) -> tuple[float, str]:
    """The country's reports made as deploy/cnscd-reports.timer makes them (server.reports.ahead),
    timed; the views of "national ahead" then read them."""
    engine = make_engine(url)
    began = time.perf_counter()
    made = ahead.make(engine, reader(engine))
    took = time.perf_counter() - began
    engine.dispose()
    return (
        took,
        f"national made ahead: {len(made)} periods in {took * 1000:.0f} ms (admin make-reports)",
    )


def check(base: str, url: str, token: str) -> str:
    """The country's 365 days against the raw rows: every session and every household with one
    (the bench's sessions all fall in those days). A bench that times wrong figures says so."""
    query = periods()["365 days"]
    with httpx.Client(base_url=base, timeout=1800) as http:
        answer = http.get(
            "/api/v1/reports/figures" + query, headers={"Authorization": f"Bearer {token}"}
        )
    answer.raise_for_status()
    figures = answer.json()
    engine = create_engine(url)
    with engine.connect() as db:
        held = db.execute(
            text("SELECT count(*), count(DISTINCT household_id) FROM help_sessions")
        ).one()
    engine.dispose()
    shown = (figures["sessions"], figures["households_reached"])
    if shown != tuple(held):
        raise SystemExit(f"the report shows {shown} (sessions, households), the rows hold {held}")
    made = " (made ahead)" if figures["made_ahead"] else ""
    return (
        f"figures checked{made}: {shown[0]:,} sessions and {shown[1]:,} households, as the rows "
        "hold"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=float, default=0.1, help="times one province")
    parser.add_argument(
        "--sessions",
        type=float,
        default=1,
        help="times the sessions of each household (teams, households and days stay)",
    )
    parser.add_argument("--views", type=int, default=13, help="views of each report timed")
    parser.add_argument("--fast", action="store_true", help="PostgreSQL without fsync")
    parser.add_argument(
        "--processes", type=int, default=2, help="processes that count the summaries (cores)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the database in DIR: the first run builds it there, later runs only time it",
    )
    parser.add_argument(
        "--url", help="a database this script built before (its --size): time, don't build"
    )
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cnscd-bench-reports-"))
    built = folder / "built"  # written once a build is whole: what it holds
    asked = f"size {args.size}; sessions x{args.sessions}"
    if args.keep and (folder / "pg").exists() and not built.exists():
        raise SystemExit(f"{folder} holds a build that did not finish: remove the folder")
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(
            postgresql(folder, durable=not args.fast, keep=bool(args.keep))
        )
        if args.url:
            data = "a database built before (--url)"
        elif built.exists():
            data = f"{built.read_text()}, built before in {folder}"
        else:
            build(url, args.size, args.sessions, args.processes)
            built.write_text(asked)
            data = asked
        with server(url, folder) as running:
            logins = tokens(url)
            forget_made_ahead(url)  # a kept build's, else "national" is not built when asked
            lines = measure(running.url, logins, args.views)
            lines.append(make_ahead(url))
            lines += measure(running.url, {"national ahead": logins["national"]}, args.views)
            lines.sort()
            checked = check(running.url, url, logins["national"][1])
    print(
        f"{data}; PostgreSQL {'fast (fsync off)' if args.fast else 'durable'}; "
        f"{args.views} views each on one server; periods: the default (its whole months and "
        "this month so far) and the 365 days to today"
    )
    for _, line in lines:
        print(line)
    print(checked)


if __name__ == "__main__":
    main()
