"""Makes device-schema-1.sqlite3: a device database as the first released schema (migration
0001 alone) left it on a volunteer's phone, holding work not synced yet: households, help
sessions (one of them already synced) and their outbox entries, written the way the app of
that version wrote them. The file is committed; the upgrade test opens a copy with today's
Store. Regenerate only if this script changes (0001 itself never does):

    .venv/bin/python tests/app/data/make_device_schema_1.py
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET = HERE / "device-schema-1.sqlite3"
SCHEMA_1 = HERE.parents[2] / "app" / "migrations" / "0001_initial.sql"

AREAS = [
    ("qn", None, "province", "Tỉnh Quảng Ninh"),
    ("qn.quang-la", "qn", "commune", "Xã Quảng La"),
    ("qn.quang-la.thon-1", "qn.quang-la", "village", "Thôn 1"),
    ("qn.quang-la.thon-2", "qn.quang-la", "village", "Thôn 2"),
]
CATEGORIES = [
    ("project06", "Dịch vụ công thiết yếu (Đề án 06)", "Essential public services (Project 06)", 0),
    ("vneid", "Định danh điện tử VNeID", "VNeID electronic identity", 1),
]
SERVICES = [
    ("thuong_tru", "Đăng ký thường trú", "Permanent residence registration", "project06"),
    ("khai_sinh", "Đăng ký khai sinh", "Birth registration", "project06"),
    (
        "vneid_muc_2",
        "Kích hoạt tài khoản VNeID mức 2",
        "Activating a level-2 VNeID account",
        "vneid",
    ),
]
GUIDE = (
    "vneid-m2",
    "vneid",
    "Kích hoạt tài khoản định danh điện tử mức 2",
    "Activating a level-2 VNeID account",
    "Tự kích hoạt tài khoản VNeID mức 2 trên điện thoại.",
    ["vneid_muc_2"],
    [{"text": "Mở ứng dụng VNeID.", "text_en": "Open the VNeID app."}],
    1,
    "2025-09-01",
    "Nghị định 69/2024/NĐ-CP.",
    "",
    "kich hoat tai khoan dinh danh dien tu muc 2 vneid-m2",
)

# (id, village, head's name, phone, written at UTC)
HOUSEHOLDS = [
    (
        "0192f1a0-5a00-7000-8000-000000000001",
        "qn.quang-la.thon-1",
        "Nguyễn Văn Thắng",
        "0912345678",
        "2025-10-20 02:10:00.000000",
    ),
    (
        "0192f1a0-5a00-7000-8000-000000000002",
        "qn.quang-la.thon-1",
        "Đặng Thị Hạnh",
        None,
        "2025-10-20 03:05:00.000000",
    ),
    (
        "0192f1a0-5a00-7000-8000-000000000003",
        "qn.quang-la.thon-2",
        "Triệu Văn Páo",
        "0387654321",
        "2025-10-21 07:40:00.000000",
    ),
]
# (id, household, occurred at UTC, services, guides, outcome, follow-up, minutes, note, synced at)
SESSIONS = [
    (
        "0192f1a0-5a00-7000-8000-000000000101",
        HOUSEHOLDS[0][0],
        "2025-10-20 02:10:00.000000",
        ["vneid_muc_2"],
        ["vneid-m2"],
        "done_online",
        None,
        15,
        "",
        None,
    ),
    (
        "0192f1a0-5a00-7000-8000-000000000102",
        HOUSEHOLDS[1][0],
        "2025-10-20 03:05:00.000000",
        ["khai_sinh", "thuong_tru"],
        [],
        "follow_up",
        "2025-10-27",
        25,
        "Hẹn mang giấy chứng sinh.",
        None,
    ),
    (
        "0192f1a0-5a00-7000-8000-000000000103",
        HOUSEHOLDS[2][0],
        "2025-10-21 07:40:00.000000",
        ["thuong_tru"],
        [],
        "referred",
        None,
        10,
        "Chuyển bộ phận một cửa của xã.",
        None,
    ),
    # Pushed before the phone was updated: no longer in the outbox, and read-only.
    (
        "0192f1a0-5a00-7000-8000-000000000104",
        HOUSEHOLDS[0][0],
        "2025-10-01 01:00:00.000000",
        ["thuong_tru"],
        [],
        "done_online",
        None,
        20,
        "",
        "2025-10-01 09:00:00.000000",
    ),
]


def iso(moment: str) -> str:
    """The payloads carried aware ISO times."""
    return moment.replace(" ", "T") + "+00:00"


def make(path: Path = TARGET) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    for statement in SCHEMA_1.read_text(encoding="utf-8").split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.executemany("INSERT INTO areas VALUES (?, ?, ?, ?)", AREAS)
    conn.executemany("INSERT INTO categories VALUES (?, ?, ?, ?)", CATEGORIES)
    conn.executemany("INSERT INTO services VALUES (?, ?, ?, ?)", SERVICES)
    (
        code,
        category,
        title,
        title_en,
        summary,
        services,
        steps,
        version,
        updated,
        source,
        varies,
        key,
    ) = GUIDE
    conn.execute(
        "INSERT INTO guides VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)",
        (
            code,
            category,
            title,
            title_en,
            summary,
            json.dumps(services),
            json.dumps(steps, ensure_ascii=False),
            version,
            updated,
            source,
            varies,
            key,
        ),
    )
    outbox = []
    for household_id, village, name, phone, at in HOUSEHOLDS:
        conn.execute(
            "INSERT INTO households VALUES (?, ?, ?, ?, ?, ?, ?)",
            (household_id, village, name, phone, at, at, at),
        )
        payload = {
            "id": household_id,
            "village_id": village,
            "head_name": name,
            "phone": phone,
            "consent_at": iso(at),
            "updated_at": iso(at),
        }
        outbox.append(("household", household_id, payload, 1, at))
    for (
        session_id,
        household_id,
        at,
        services,
        guides,
        outcome,
        follow_up,
        minutes,
        note,
        synced,
    ) in SESSIONS:
        conn.execute(
            "INSERT INTO help_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                household_id,
                at,
                json.dumps(services),
                json.dumps(guides),
                outcome,
                follow_up,
                minutes,
                note,
                at,
                at,
                synced,
            ),
        )
        if synced is None:
            payload = {
                "id": session_id,
                "household_id": household_id,
                "occurred_at": iso(at),
                "services": services,
                "guides": guides,
                "outcome": outcome,
                "follow_up_on": follow_up,
                "minutes": minutes,
                "note": note,
                "updated_at": iso(at),
            }
            outbox.append(("help_session", session_id, payload, 1, at))
    # The referral was edited once before it could be pushed: its entry is at version 2.
    outbox[-1] = (*outbox[-1][:3], 2, outbox[-1][4])
    conn.executemany(
        "INSERT INTO outbox (record_type, record_id, payload, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (kind, record_id, json.dumps(payload, ensure_ascii=False), version, at, at)
            for kind, record_id, payload, version, at in outbox
        ],
    )
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


if __name__ == "__main__":
    make()
    print(f"wrote {TARGET.relative_to(HERE.parents[2])}")
