"""The guide editor end to end, in headless Chromium against the real server under uvicorn:
content staff log in, write a three-step guide (each step with its drawn screen) with an
uploaded narration, build its preview (the build runs as a background job; the page reloads
itself with its progress; the infographic draws the screens), a second
account approves it, then a device pulls it through the real sync client, the public page
serves it and its QR decodes to it. Editing it and rolling it back reach the device on its
next sync."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from apitest import PASSWORD, LiveServer, World
from editortest import GUIDE, STEPS, record, staff
from PIL import Image
from sqlmodel import Session
from support.chromium import screenshot_path
from support.pgcluster import free_port

from app.db import Store
from app.services import guides as device_guides
from content import qr
from server.core.config import Settings
from server.models import Guide, Team
from server.services import enrolment
from sync.enrol import enrol
from sync.retry import Backoff
from sync.runner import SyncRunner
from sync.tokens import FileTokenStore

pytestmark = [
    pytest.mark.browser,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
CODE = "gio-mot-cua"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """The server's public address is its own loopback one, as when run on one machine: the QR
    codes the preview draws (and the screenshots keep) lead to this very server, never to a
    placeholder domain that anybody could register."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_base_url=f"http://127.0.0.1:{free_port()}",
    )


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/staff/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{url}/staff/report")


def _device(app, tmp_path, world: World, url: str) -> tuple[Store, SyncRunner]:
    with Session(app.state.cnscd.engine) as s:
        team = s.get(Team, world.team_a)
        code = enrolment.issue_code(s, team, timedelta(hours=1), "cli", None).code
        s.commit()
    store = Store(tmp_path / "device" / "cnscd.sqlite3")
    tokens = FileTokenStore(tmp_path / "device" / "device-token")
    enrol(store, tokens, "Máy thử", code=code, server_url=url)
    fast = Backoff(base=0.01, cap=0.05, attempts=8)
    return store, SyncRunner(store, tokens, backoff=fast, media=True)


def test_content_staff_write_preview_and_a_second_person_publishes(
    app, chromium, world: World, settings, password_hash: str, tmp_path
) -> None:
    with Session(app.state.cnscd.engine) as s:
        staff(s, "noi-dung-1", "content_staff", "qn", password_hash)
        staff(s, "noi-dung-2", "content_staff", "qn", password_hash)
        s.commit()
    narration = record(tmp_path / "buoc-1.ogg", 2.5)
    context = chromium.new_context(
        viewport={"width": 1100, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    problems: list[str] = []
    refusals: list[tuple[str, int]] = []
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: refusals.append((r.url.split("/", 3)[3], r.status)) if r.status >= 400 else None,
    )
    try:
        with LiveServer(app, port=urlsplit(settings.public_base_url).port) as live:
            _log_in(page, live.url, "noi-dung-1")
            page.get_by_role("link", name="Soạn hướng dẫn").click()
            new = page.locator("#new-guide")
            new.get_by_label("Mã hướng dẫn").fill(CODE)
            new.get_by_label("Tiêu đề", exact=True).fill(GUIDE["title"])
            new.get_by_label("Tóm tắt", exact=True).fill(GUIDE["summary"])
            new.locator("select[name=category]").select_option("portal")
            new.locator("select[name=services]").select_option(["dvc_tai_khoan"])
            # Without a source the guide is refused, in Vietnamese, and nothing is kept.
            new.get_by_role("button", name="Lưu").click()
            assert "chưa có nguồn" in page.locator("p.error").inner_text()
            new = page.locator("#new-guide")
            assert new.get_by_label("Tiêu đề", exact=True).input_value() == GUIDE["title"]
            new.get_by_label("Nguồn của hướng dẫn").fill(GUIDE["source"])
            new.get_by_role("button", name="Lưu").click()
            page.wait_for_url(f"{live.url}/staff/editor/*")
            draft_url = page.url
            for number, step in enumerate(STEPS, start=1):
                form = page.locator("#new-step")
                form.get_by_label("Nội dung bước", exact=True).fill(step["text"])
                form.get_by_label("Nội dung bước (tiếng Anh)").fill(step["text_en"])
                form.get_by_label("Lời đọc", exact=True).fill(step["spoken"])
                form.get_by_label("Nguồn của bước").fill(step["source"])
                form.get_by_label("Tiêu đề màn hình").fill(step["screen_title"])
                form.get_by_label("Các mục trên màn hình").fill(step["screen_items"])
                form.get_by_label("Nút cần bấm").fill(step["screen_press"])
                form.get_by_label("Vẽ theo lời của bước").check()
                if number == 1:
                    form.get_by_label("Lời đọc ghi âm").set_input_files(str(narration))
                form.get_by_role("button", name="Thêm bước").click()
                assert page.locator("p.ok").inner_text() == "Đã lưu."
            assert page.locator("form.step").count() == 3
            assert "Có ghi âm (2,5 giây)" in page.locator("#step-1").inner_text()

            page.get_by_role("button", name="Dựng bản xem trước").click()
            assert "Đang dựng" in page.locator("#status").inner_text()
            page.wait_for_selector("#preview", timeout=240_000)  # the page reloads itself
            assert "Chờ duyệt" in page.locator("#status").inner_text()
            assert page.locator("#approve").count() == 0  # not for the author
            page.screenshot(path=str(screenshot_path("editor-preview")), full_page=True)
            qr_src = page.locator("#preview-qr").get_attribute("src")
            page.get_by_role("link", name="Mở trang công khai").click()
            assert page.locator("h1").inner_text() == GUIDE["title"]
            assert page.locator("ol li").count() == 3
            assert page.locator("video").count() == 1
            page.screenshot(path=str(screenshot_path("editor-preview-page")), full_page=True)
            cookies = {c["name"]: c["value"] for c in context.cookies()}
            shown_qr = httpx.get(f"{live.url}{qr_src}", cookies=cookies)
            assert shown_qr.status_code == 200

            page.goto(draft_url)
            page.get_by_role("button", name="Đăng xuất").click()
            _log_in(page, live.url, "noi-dung-2")
            page.goto(draft_url)
            page.get_by_role("button", name="Duyệt và đăng").click()
            assert f"Đã đăng {CODE} phiên bản 1" in page.locator("p.ok").inner_text()

            # A device pulls it on its next sync, with its media.
            store, runner = _device(app, tmp_path, world, live.url)
            assert runner.run_once().ok
            held = device_guides.get(store, CODE)
            assert held is not None and held.title == GUIDE["title"] and held.version == 1
            assert device_guides.media_file(store, held.infographic_sha256) is not None
            assert device_guides.media_file(store, held.video_sha256) is not None
            # The public page serves it; its QR decodes to that page's address.
            public = httpx.get(f"{live.url}/g/{CODE}")
            assert public.status_code == 200 and GUIDE["title"] in public.text
            with Session(app.state.cnscd.engine) as s:
                qr_sha = s.get(Guide, CODE).data["media"]["qr"]
            published_qr = httpx.get(f"{live.url}/api/v1/media/{qr_sha}")
            assert published_qr.content == shown_qr.content
            decoded = qr.decoded_by_both(Image.open(io.BytesIO(published_qr.content)))
            assert decoded == [f"{settings.public_base_url}/g/{CODE}"] * len(decoded)
            assert decoded

            # Rolled back: with no earlier version, refused and said why.
            page.goto(f"{live.url}/staff/editor")
            row = page.locator("#guides tr", has_text=CODE)
            row.get_by_role("button", name="Quay về phiên bản trước").click()
            assert "chưa có phiên bản trước" in page.locator("p.error").inner_text()

            # Edited (a new draft of the published guide, built, approved by the other account):
            # the device has version 2 after its next sync.
            page.locator("#guides tr", has_text=CODE).get_by_role("button", name="Sửa").click()
            page.wait_for_url(f"{live.url}/staff/editor/*")
            step_1 = page.locator("#step-1")  # its screen as published
            assert step_1.get_by_label("Tiêu đề màn hình").input_value() == STEPS[0]["screen_title"]
            items = step_1.get_by_label("Các mục trên màn hình").input_value()
            assert items == STEPS[0]["screen_items"]
            assert page.locator("#step-3").get_by_label("Nút cần bấm").input_value() == "Gọi điện"
            changed = "Bộ phận một cửa làm việc cả sáng thứ bảy."
            page.locator("#step-1").get_by_label("Nội dung bước", exact=True).fill(changed)
            page.locator("#step-1").get_by_role("button", name="Lưu bước").click()
            page.get_by_role("button", name="Dựng bản xem trước").click()
            page.wait_for_selector("#preview", timeout=240_000)
            edited_url = page.url
            page.get_by_role("button", name="Đăng xuất").click()
            _log_in(page, live.url, "noi-dung-1")
            page.goto(edited_url)
            page.get_by_role("button", name="Duyệt và đăng").click()
            assert f"Đã đăng {CODE} phiên bản 2" in page.locator("p.ok").inner_text()
            assert runner.run_once().ok
            held = device_guides.get(store, CODE)
            assert (held.version, held.steps[0]["text"]) == (2, changed)

            # Rolled back: version 3 with version 1's texts, on the device at its next sync.
            page.goto(f"{live.url}/staff/editor")
            row = page.locator("#guides tr", has_text=CODE)
            row.get_by_role("button", name="Quay về phiên bản trước").click()
            assert "phiên bản 1" in page.locator("p.ok").inner_text()
            assert runner.run_once().ok
            held = device_guides.get(store, CODE)
            assert (held.version, held.steps[0]["text"]) == (3, STEPS[0]["text"])
            store.close()
        assert problems == []
        # The page refused only what it should have (the browser's own favicon.ico aside).
        assert [r for r in refusals if r[0] != "favicon.ico"] == [
            ("staff/editor/new", 422),
            (f"staff/editor/guides/{CODE}/rollback", 409),
        ]
    finally:
        context.close()
