"""Admin commands for the first setup and for operators (`python -m server admin <command>`):

    migrate                               bring the database schema up to date
    add-area ID LEVEL NAME [--parent ID]  a province, commune or village
    retire-area ID                        a village no longer used (its households keep it)
    add-team COMMUNE_ID NAME              a commune's team; prints its id
    add-staff USERNAME ROLE [--area ID] [--team ID]   password read from stdin or asked
    enrolment-code TEAM_ID [--qr-png FILE]   a one-device enrolment code (and its QR)
    revoke-device DEVICE_ID
    publish BUNDLE_DIR [--guide CODE]     publish the content build's output (or one guide)
    demo [--enrolment-qr]                 the demo's commune, team, accounts and guides (and
                                          a code for the demo device, as its QR's text)
    make-reports                          the country's report made ahead (a timer runs it
                                          every 5 minutes: deploy/cnscd-reports.timer)

Settings come from the environment (CNSCD_DATABASE_URL, CNSCD_SERVER_DATA_DIR, ...)."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from content.qr import qr_image
from server import demo as server_demo
from server.core import security
from server.core.config import Settings
from server.core.db import make_engine, migrate, reader, reports_engine, session_scope
from server.core.errors import ApiError
from server.core.media import open_store
from server.models import Device, Team
from server.reports import ahead
from server.services import accounts, content, enrolment
from wire import messages

ACTOR = "cli"


def both(code: str, **params: object) -> str:
    """The catalogue's words for `code`, Vietnamese / English: an operator may read either."""
    return f"{messages.text(code, 'vi', **params)} / {messages.text(code, 'en', **params)}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m server admin",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate")
    area = commands.add_parser("add-area")
    area.add_argument("id")
    area.add_argument("level", choices=["province", "commune", "village"])
    area.add_argument("name")
    area.add_argument("--parent")
    commands.add_parser("retire-area").add_argument("id")
    team = commands.add_parser("add-team")
    team.add_argument("commune_id")
    team.add_argument("name")
    staff = commands.add_parser("add-staff")
    staff.add_argument("username")
    staff.add_argument(
        "role",
        choices=[
            "national_admin",
            "province_admin",
            "content_staff",
            "commune_staff",
            "team_leader",
        ],
    )
    staff.add_argument("--area")
    staff.add_argument("--team", type=int)
    code = commands.add_parser("enrolment-code")
    code.add_argument("team_id", type=int)
    code.add_argument("--qr-png", type=Path)
    revoke = commands.add_parser("revoke-device")
    revoke.add_argument("device_id", type=int)
    publish = commands.add_parser("publish")
    publish.add_argument("bundle_dir", type=Path)
    publish.add_argument("--guide")
    demo = commands.add_parser("demo")
    demo.add_argument("--enrolment-qr", action="store_true")
    commands.add_parser("make-reports")
    return parser


def _password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass(both("admin_cli_password") + ": ")
        if getpass.getpass(both("admin_cli_password_again") + ": ") != first:
            raise ApiError(422, "password_mismatch")
        return first
    return sys.stdin.readline().rstrip("\n")


def run(args: argparse.Namespace, settings: Settings) -> str:
    """Do one command; answer what to print."""
    migrate(settings.url)
    if args.command == "migrate":
        return both("admin_cli_migrated")
    engine = make_engine(settings.url)
    try:
        if args.command == "make-reports":
            return _make_reports(engine, settings)
        with session_scope(engine) as session:
            if args.command == "add-area":
                area = accounts.add_area(
                    session, args.id, args.level, args.name, args.parent, ACTOR
                )
                return f"area {area.id}"
            if args.command == "retire-area":
                return f"area {accounts.retire_area(session, args.id, ACTOR).id} retired"
            if args.command == "add-team":
                return f"team {accounts.add_team(session, args.commune_id, args.name, ACTOR).id}"
            if args.command == "add-staff":
                user = accounts.add_staff(
                    session, args.username, _password(), args.role, ACTOR, args.area, args.team
                )
                return f"staff {user.id} {user.username} {user.role}"
            if args.command == "enrolment-code":
                team = session.get(Team, args.team_id)
                if team is None:
                    raise ApiError(404, "unknown_team")
                issued = enrolment.issue_code(
                    session, team, settings.enrolment_code_ttl, ACTOR, None
                )
                if args.qr_png:
                    qr_image(issued.qr_text(settings.public_base_url)).save(args.qr_png)
                expires = both("admin_cli_code_expires", expires=issued.expires_at.isoformat())
                return f"{security.show_code(issued.code)} ({expires})"
            if args.command == "revoke-device":
                device = session.get(Device, args.device_id)
                if device is None:
                    raise ApiError(404, "unknown_device")
                enrolment.revoke(session, device, ACTOR)
                return f"device {device.id} revoked"
            if args.command == "demo":
                world = server_demo.seed(session, settings)
                if args.enrolment_qr:
                    return server_demo.enrolment_qr(session, settings, world.team_id)
                return both(
                    "admin_cli_demo",
                    team=server_demo.TEAM_NAME,
                    team_id=world.team_id,
                    published=len(world.published),
                    leader=server_demo.LEADER,
                    admin=server_demo.ADMIN,
                    password=server_demo.PASSWORD,
                )
            if args.command == "publish":
                result = content.publish_bundle(
                    session, open_store(settings), args.bundle_dir, ACTOR, args.guide
                )
                return (
                    f"published {', '.join(result.published) or '-'}; unchanged {len(result.unchanged)}; "
                    f"media added {result.media_added}"
                )
    finally:
        engine.dispose()
    raise AssertionError(args.command)


def _make_reports(engine, settings: Settings) -> str:
    """Read on the replica when there is one, kept on the primary."""
    primary = reader(engine)
    reading = reports_engine(settings, primary)
    try:
        made = ahead.make(engine, reading)
    finally:
        if reading is not primary:
            reading.dispose()
    periods = ", ".join(f"{p.first.isoformat()}..{p.last.isoformat()}" for p in made)
    return both("admin_cli_reports_made", count=len(made), periods=periods or "-")


def main(argv: list[str] | None = None, settings: Settings | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        print(run(args, settings or Settings.from_env()))
    except ApiError as exc:
        print(
            f"{both('admin_cli_error')} [{exc.code}]: {exc.message} / {exc.message_en}",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
