"""Demo data: a real commune of Quảng Ninh (xã Quảng La, formed on 1 July 2025 by Nghị quyết
1679/NQ-UBTVQH15) with invented villages' households, loaded once on the demo's first run."""

from __future__ import annotations

import random
from datetime import timedelta

from app.clock import today_local, utcnow
from app.db import Store
from app.models import Area, AreaLevel
from app.services import areas, households, sessions, settings
from app.services.households import HouseholdInput
from app.services.sessions import SessionInput

PROVINCE = Area(id="qn", level=AreaLevel.PROVINCE.value, name="Tỉnh Quảng Ninh")
COMMUNE = Area(id="qn.quang-la", parent_id="qn", level=AreaLevel.COMMUNE.value, name="Xã Quảng La")
VILLAGES = [
    Area(id=f"qn.quang-la.thon-{n}", parent_id=COMMUNE.id, level=AreaLevel.VILLAGE.value, name=f"Thôn {n}")
    for n in range(1, 6)
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Lý", "Triệu", "Đàm"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Ngọc", "Quang", "Hữu", "Thanh"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hạnh", "Hùng", "Lan", "Long", "Mai", "Nam",
         "Phương", "Quý", "Sơn", "Tâm", "Thảo", "Tuấn", "Vân", "Yến"]
SERVICES = ["vneid_muc_2", "vneid_muc_1", "thuong_tru", "khai_sinh", "bhyt_ho_gia_dinh",
            "ly_lich_tu_phap", "chong_lua_dao", "thanh_toan_phi", "dvc_tai_khoan"]


def load(store: Store, households_count: int = 36, seed: int = 6) -> bool:
    """Fill an empty store with the demo commune; answers False if it was loaded before."""
    if settings.get(store, "demo_loaded"):
        return False
    rng = random.Random(seed)
    areas.add(store, [PROVINCE, COMMUNE, *VILLAGES])
    now = utcnow()
    for _ in range(households_count):
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        phone = f"09{rng.randint(10_000_000, 99_999_999)}" if rng.random() < 0.6 else None
        household = households.create(store, HouseholdInput(name, rng.choice(VILLAGES).id, phone, consent=True))
        for visit in range(rng.randint(0, 2)):
            outcome = rng.choice(["done_online", "done_online", "follow_up", "referred"])
            follow_up = today_local(now) + timedelta(days=rng.choice([0, 0, 1, 3, 7])) if outcome == "follow_up" else None
            sessions.record(store, SessionInput(
                household_id=household.id,
                services=rng.sample(SERVICES, rng.randint(1, 2)),
                outcome=outcome,
                minutes=rng.choice([5, 10, 15, 20, 30]),
                follow_up_on=follow_up,
                occurred_at=now - timedelta(days=rng.randint(1, 20) - visit, hours=rng.randint(0, 5)),
            ))
    settings.put(store, "demo_loaded", "1")
    return True
