"""Where a report's time goes: builds one report in this process (`reports.for_staff`, as the
JSON, CSV and dashboard do; the national one is read made ahead when `admin make-reports`
has made it) against a database `bench/reports_scale.py` built, and prints its
total, the time in SQL, and its slowest statements; each view is timed `--views` times and the
last is shown (the first reads cold pages).

    .venv/bin/python bench/report_queries.py --url URL [--who bench0] [--days 365] [--views 3]

--who is one of the bench's staff (bench0 province admin, bench1 commune staff, bench2 team
leader, bench3 national); --days N reports the N days to today instead of the default period.
"""

from __future__ import annotations

import argparse
import time
from datetime import timedelta

import server_common  # noqa: F401  (puts the project on sys.path)
from sqlalchemy import event
from sqlmodel import Session, select

from server import reports
from server.core.db import make_engine
from server.models import StaffUser
from wire.clock import today_local


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", required=True, help="a database reports_scale.py built")
    parser.add_argument("--who", default="bench0", help="the staff member's username")
    parser.add_argument("--days", type=int, help="the N days to today (default period if not)")
    parser.add_argument("--views", type=int, default=3)
    parser.add_argument("--top", type=int, default=6, help="statements listed")
    args = parser.parse_args()
    engine = make_engine(args.url)
    statements: list[tuple[float, str]] = []

    @event.listens_for(engine, "before_cursor_execute")
    def _began(conn, cursor, statement, params, context, many) -> None:
        conn.info["began"] = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _ended(conn, cursor, statement, params, context, many) -> None:
        took = time.perf_counter() - conn.info["began"]
        statements.append((took, " ".join(statement.split())[:140]))

    today = today_local()
    first = today - timedelta(days=args.days - 1) if args.days else None
    for _ in range(args.views):
        statements.clear()
        with Session(engine) as session:
            staff = session.exec(select(StaffUser).where(StaffUser.username == args.who)).one()
            began = time.perf_counter()
            report = reports.for_staff(
                session, staff, first=first, last=today if first else None, today=today
            )
            total = time.perf_counter() - began
    period = f"{report.period_first} to {report.period_last}"
    sql = sum(took for took, _ in statements)
    print(
        f"{args.who} ({report.scope.level} {report.scope.name}), {period}: {total * 1000:.0f} ms, "
        f"of which SQL {sql * 1000:.0f} ms in {len(statements)} statements; "
        f"{report.sessions:,} sessions, {report.households_reached:,} households"
    )
    for took, statement in sorted(statements, reverse=True)[: args.top]:
        print(f"{took * 1000:8.1f} ms  {statement}")
    engine.dispose()


if __name__ == "__main__":
    main()
