"""The guide editor's rules (server.services.editor), on SQLite and PostgreSQL: who may write
and approve, what is refused and why (in Vietnamese), the preview build off the request, the
two-person rule, publishing through the content service, rollback, a commune's own guides in
the pull and on the public pages, and staleness."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from apitest import World
from editortest import GUIDE, SERVICES, STEPS, record, staff
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from content.catalog import CONTENT_DIR, load_catalog
from server.core.config import Settings
from server.core.errors import ApiError
from server.models import AuditEntry, ContentState, Guide, GuideDraft, GuideVersion
from server.services import editor


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    """A server run on one machine: its own loopback address is the public one its QR codes
    hold (a placeholder domain is refused by the build, as `test_a_placeholder_address…` shows)."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        public_base_url="http://127.0.0.1:8000",
    )


@pytest.fixture
def people(app, world: World, password_hash: str) -> dict:
    with Session(app.state.cnscd.engine) as s:
        made = {
            "writer": staff(s, "writer", "content_staff", "qn", password_hash),
            "checker": staff(s, "checker", "content_staff", "qn", password_hash),
            "commune_a": staff(s, "xa-a", "commune_staff", world.commune_a, password_hash),
            "commune_a2": staff(s, "xa-a2", "commune_staff", world.commune_a, password_hash),
            "commune_b": staff(s, "xa-b", "commune_staff", world.commune_b, password_hash),
        }
        s.commit()
    return made


def _draft(app, user, code: str = "mot-cua", commune_id: str | None = None, steps=STEPS) -> int:
    with Session(app.state.cnscd.engine) as s:
        draft = editor.create_draft(s, user, code, commune_id, GUIDE, SERVICES)
        for step in steps:
            editor.save_step(s, user, draft, None, step, None)
        s.commit()
        return draft.id


def _build(app, settings: Settings, user, draft_id: int) -> GuideDraft:
    """The build queued as the page queues it; the test waits for the job to end."""
    editor.start_build(
        app.state.cnscd.engine, settings.data_dir, settings.public_base_url, user, draft_id
    )
    editor._JOBS.submit(lambda: None).result()  # one worker: this runs after the build
    with Session(app.state.cnscd.engine) as s:
        return s.get(GuideDraft, draft_id)


def _refused(call, *args) -> ApiError:
    with pytest.raises(ApiError) as caught:
        call(*args)
    return caught.value


def test_roles_who_may_write_and_approve(app, people) -> None:
    writer, checker = people["writer"], people["checker"]
    commune_a, commune_b = people["commune_a"], people["commune_b"]
    assert editor.may_write(writer, None) and editor.may_write(writer, "qn.quang-la")
    assert not editor.may_write(commune_a, None)  # commune staff: their commune's guides only
    assert editor.may_write(commune_a, "qn.quang-la")
    assert not editor.may_write(commune_b, "qn.quang-la")
    with Session(app.state.cnscd.engine) as s:
        error = _refused(editor.create_draft, s, commune_a, "tinh", None, GUIDE, SERVICES)
        assert (error.status, error.code) == (403, "editor_not_allowed")
        draft = editor.create_draft(s, commune_a, "xa-rieng", "qn.quang-la", GUIDE, SERVICES)
        assert editor.may_approve(people["commune_a2"], draft)
        assert editor.may_approve(checker, draft)  # the province's content staff too
        assert not editor.may_approve(commune_a, draft)  # not the author
        assert not editor.may_approve(commune_b, draft)  # not another commune
        assert _refused(editor.get_draft, s, commune_b, draft.id).status == 403
        s.commit()


def test_markup_missing_sources_and_unsayable_words_are_refused_in_vietnamese(app, people) -> None:
    writer = people["writer"]
    with Session(app.state.cnscd.engine) as s:
        marked = {**GUIDE, "title": "Giờ làm việc <b>mới</b>"}
        error = _refused(editor.create_draft, s, writer, "mot-cua", None, marked, SERVICES)
        assert error.code == "editor_markup" and "Tiêu đề" in error.message
        assert "không HTML hay Markdown" in error.message
        error = _refused(
            editor.create_draft, s, writer, "mot-cua", None, {**GUIDE, "source": " "}, SERVICES
        )
        assert error.code == "editor_no_source" and "chưa có nguồn" in error.message
        error = _refused(editor.create_draft, s, writer, "Mot Cua", None, GUIDE, SERVICES)
        assert error.code == "editor_bad_code"
        draft = editor.create_draft(s, writer, "mot-cua", None, GUIDE, SERVICES)
        error = _refused(editor.save_step, s, writer, draft, None, {**STEPS[0], "source": ""}, None)
        assert error.code == "editor_no_step_source" and "Bước 1 chưa có nguồn" in error.message
        error = _refused(
            editor.save_step, s, writer, draft, None, {**STEPS[0], "text": "**Quan trọng**"}, None
        )
        assert error.code == "editor_markup"
        error = _refused(
            editor.save_step, s, writer, draft, None, {**STEPS[0], "spoken": "Mở VNeID"}, None
        )
        assert error.code == "editor_unsayable" and "'VNeID'" in error.message
        assert draft.data["steps"] == []  # nothing refused was kept
        s.commit()
    error = _refused(editor.start_build, app.state.cnscd.engine, Path("."), "", writer, 0)
    assert error.status == 404


def test_recordings_are_checked_by_their_content_and_size(tmp_path: Path) -> None:
    ogg = record(tmp_path / "buoc.ogg", 2.0).read_bytes()
    recording = editor.check_recording(ogg)
    assert recording.suffix == ".ogg" and 1.9 <= recording.seconds <= 2.1
    wav = record(tmp_path / "buoc.wav", 1.5).read_bytes()
    assert editor.check_recording(wav).suffix == ".wav"
    # A picture sent as a recording: refused by what it is, whatever its name.
    png = (Path(__file__).parents[2] / "content" / "dist" / "media").glob("*.png")
    error = _refused(editor.check_recording, next(png).read_bytes())
    assert (error.status, error.code) == (415, "editor_audio_format")
    assert "OGG, WAV, MP3 hay M4A" in error.message
    # Ogg's first bytes and nothing playable after them.
    error = _refused(editor.check_recording, b"OggS" + bytes(4000))
    assert error.code == "editor_audio_unreadable"
    error = _refused(editor.check_recording, ogg + bytes(editor.MAX_RECORDING_BYTES))
    assert (error.status, error.code) == (413, "editor_audio_too_large")
    silent = record(tmp_path / "im.wav", 2.0, pitch=0).read_bytes()
    assert _refused(editor.check_recording, silent).code == "editor_audio_unreadable"
    too_short = record(tmp_path / "ngan.wav", 0.3).read_bytes()
    assert _refused(editor.check_recording, too_short).code == "editor_audio_length"


def test_a_built_draft_is_published_only_by_a_second_person_and_devices_pull_it(
    app, settings: Settings, client: TestClient, people, device_a
) -> None:
    writer, checker = people["writer"], people["checker"]
    draft_id = _draft(app, writer)
    with Session(app.state.cnscd.engine) as s:
        error = _refused(
            editor.approve, s, settings.media_dir, settings.data_dir, checker, draft_id
        )
        assert (error.status, error.code) == (409, "editor_not_built")
    before = client.get("/api/v1/sync/pull", headers=device_a).json()["cursor"]
    built = _build(app, settings, writer, draft_id)
    assert (built.status, built.progress, built.build_error) == ("built", 100, "")
    shown = editor.preview(settings.data_dir, built)
    assert set(shown.files) == {"qr", "infographic", "video", "captions"}
    assert shown.guide.version == 1
    with Session(app.state.cnscd.engine) as s:
        assert s.get(Guide, "mot-cua") is None  # a preview publishes nothing
        error = _refused(editor.approve, s, settings.media_dir, settings.data_dir, writer, draft_id)
        assert (error.status, error.code) == (403, "editor_own_draft")
        assert "quy tắc hai người" in error.message
        assert editor.approve(s, settings.media_dir, settings.data_dir, checker, draft_id) == 1
        s.commit()
    pulled = client.get("/api/v1/sync/pull", headers=device_a, params={"cursor": before}).json()
    assert [g["code"] for g in pulled["guides"]] == ["mot-cua"]
    assert pulled["guides"][0]["steps"][0]["text"] == STEPS[0]["text"]
    assert {m["sha256"] for m in pulled["media"]} == set(shown.guide.media.values())
    page = client.get("/g/mot-cua")
    assert page.status_code == 200 and GUIDE["title"] in page.text
    with Session(app.state.cnscd.engine) as s:
        actions = [e.action for e in s.exec(select(AuditEntry).order_by(AuditEntry.id))]
        assert {"editor.create", "editor.step", "editor.build", "editor.build_built"} <= set(
            actions
        )
        assert actions.index("content.publish") < actions.index("editor.approve")
        approved = s.exec(select(AuditEntry).where(AuditEntry.action == "editor.approve")).one()
        assert approved.actor == f"staff:{checker.id}"
        assert approved.detail["author"] == f"staff:{writer.id}"


def test_a_failed_build_says_why_and_publishes_nothing(app, settings: Settings, people) -> None:
    writer, checker = people["writer"], people["checker"]
    odd = {  # a letter the font lacks, in the step's words and on its screen
        **STEPS[2],
        "text": "Mang theo giấy tờ ☎ khi đến.",
        "screen_title": "Mang theo giấy tờ ☎",
        "screen_items": "Khi đến",
        "screen_press": "",
    }
    draft_id = _draft(app, writer, steps=[*STEPS[:2], odd])
    failed = _build(app, settings, writer, draft_id)
    assert failed.status == "failed"
    assert failed.build_error.startswith("Dựng thử thất bại, không có gì được đăng")
    assert "☎" in failed.build_error
    assert editor.preview(settings.data_dir, failed) is None
    assert not editor.build_dir(settings.data_dir, draft_id).exists()
    with Session(app.state.cnscd.engine) as s:
        error = _refused(
            editor.approve, s, settings.media_dir, settings.data_dir, checker, draft_id
        )
        assert error.code == "editor_not_built"
        assert s.get(Guide, "mot-cua") is None
        assert s.get(ContentState, 1).change_seq == 0


def test_a_placeholder_address_fails_the_build_and_says_why(
    app, settings: Settings, people
) -> None:
    writer = people["writer"]
    draft_id = _draft(app, writer)
    placeholder = Settings(
        data_dir=settings.data_dir,
        database_url=settings.database_url,
        public_base_url="https://cnscd.example.vn",
    )
    failed = _build(app, placeholder, writer, draft_id)
    assert failed.status == "failed"
    assert "https://cnscd.example.vn chỉ là địa chỉ mẫu" in failed.build_error
    assert not editor.build_dir(settings.data_dir, draft_id).exists()


def test_a_draft_changed_after_its_build_must_be_built_again(
    app, settings: Settings, people
) -> None:
    writer, checker = people["writer"], people["checker"]
    draft_id = _draft(app, writer)
    _build(app, settings, writer, draft_id)
    with Session(app.state.cnscd.engine) as s:
        draft = s.get(GuideDraft, draft_id)
        editor.save_step(s, writer, draft, 2, {**STEPS[1], "text": "Mang theo thẻ căn cước."}, None)
        s.commit()
        error = _refused(
            editor.approve, s, settings.media_dir, settings.data_dir, checker, draft_id
        )
        assert error.code == "editor_not_built"


def test_a_commune_guide_reaches_only_its_own_teams_and_qr_codes(
    app, settings: Settings, client: TestClient, world: World, people, device_a
) -> None:
    from apitest import enrol

    device_b = World.auth(enrol(client, world.leader_b, world.team_b, "Máy B"))
    draft_id = _draft(app, people["commune_a"], code="gio-mot-cua", commune_id=world.commune_a)
    built = _build(app, settings, people["commune_a"], draft_id)
    assert built.status == "built", built.build_error
    qr_url = editor.preview(settings.data_dir, built)
    with Session(app.state.cnscd.engine) as s:
        error = _refused(
            editor.approve, s, settings.media_dir, settings.data_dir, people["commune_b"], draft_id
        )
        assert error.code == "editor_not_allowed"
        editor.approve(s, settings.media_dir, settings.data_dir, people["commune_a2"], draft_id)
        s.commit()
    codes_a = [
        g["code"] for g in client.get("/api/v1/sync/pull", headers=device_a).json()["guides"]
    ]
    codes_b = [
        g["code"] for g in client.get("/api/v1/sync/pull", headers=device_b).json()["guides"]
    ]
    assert "gio-mot-cua" in codes_a and "gio-mot-cua" not in codes_b
    assert client.get(f"/g/gio-mot-cua?c={world.commune_a}").status_code == 200
    assert client.get(f"/g/gio-mot-cua?c={world.commune_b}").status_code == 404
    assert client.get("/g/gio-mot-cua").status_code == 404
    assert "gio-mot-cua" not in client.get("/g/").text
    assert qr_url is not None


def test_rollback_publishes_the_previous_content_as_a_new_version(
    app, settings: Settings, client: TestClient, people, device_a
) -> None:
    writer, checker = people["writer"], people["checker"]
    first = _draft(app, writer)
    _build(app, settings, writer, first)
    with Session(app.state.cnscd.engine) as s:
        editor.approve(s, settings.media_dir, settings.data_dir, checker, first)
        s.commit()
        error = _refused(editor.rollback, s, writer, "mot-cua")
        assert error.code == "editor_no_previous"
        second = editor.draft_from_published(s, checker, "mot-cua").id
        draft = s.get(GuideDraft, second)
        # The published draft's screens come with it (a manifest keeps none).
        assert [step["screen"]["title"] for step in draft.data["steps"]] == [
            step["screen_title"] for step in STEPS
        ]
        changed = {**STEPS[0], "text": "Bộ phận một cửa làm việc cả sáng thứ bảy."}
        editor.save_step(s, checker, draft, 1, changed, None)
        s.commit()
    assert _build(app, settings, checker, second).built_version == 2
    with Session(app.state.cnscd.engine) as s:
        assert editor.approve(s, settings.media_dir, settings.data_dir, writer, second) == 2
        s.commit()
    cursor = client.get("/api/v1/sync/pull", headers=device_a).json()["cursor"]
    with Session(app.state.cnscd.engine) as s:
        error = _refused(editor.rollback, s, people["commune_a"], "mot-cua")
        assert error.code == "editor_not_allowed"
        assert editor.rollback(s, writer, "mot-cua") == (1, 3)
        s.commit()
        versions = [v.version for v in s.exec(select(GuideVersion).order_by(GuideVersion.version))]
        assert versions == [1, 2, 3]
    pulled = client.get("/api/v1/sync/pull", headers=device_a, params={"cursor": cursor}).json()
    [guide] = pulled["guides"]
    assert guide["version"] == 3 and guide["steps"][0]["text"] == STEPS[0]["text"]


def test_a_guide_checked_over_six_months_ago_is_stale(app, people) -> None:
    with Session(app.state.cnscd.engine) as s:
        s.add(Guide(code="cu", version=1, data={"updated_on": "2026-01-01"}))
        s.add(
            Guide(code="moi", version=1, data={"updated_on": "2026-01-01"}, checked_on=date.today())
        )
        s.commit()
        assert [g.code for g in editor.stale_guides(s, people["writer"])] == ["cu"]
    assert editor.stale_before(date(2026, 8, 31)) == date(2026, 2, 28)
    assert editor.stale_before(date(2026, 3, 15)) == date(2025, 9, 15)
    day = date(2026, 12, 1)
    fresh = Guide(code="x", version=1, data={}, checked_on=day - timedelta(days=150))
    old = Guide(code="y", version=1, data={}, checked_on=day - timedelta(days=190))
    assert not editor.is_stale(fresh, day) and editor.is_stale(old, day)


def test_a_steps_drawn_screen_is_kept_and_refused_by_the_catalogs_rules(app, people) -> None:
    writer = people["writer"]
    with Session(app.state.cnscd.engine) as s:
        draft = editor.create_draft(s, writer, "mot-cua", None, GUIDE, SERVICES)
        no_screen = {**STEPS[0], "screen_title": "", "screen_items": "", "screen_drawn_from": ""}
        error = _refused(editor.save_step, s, writer, draft, None, no_screen, None)
        assert error.code == "editor_no_screen" and "Bước 1 chưa có màn hình vẽ" in error.message
        wrong_press = {**STEPS[0], "screen_press": "Đăng nhập"}
        error = _refused(editor.save_step, s, writer, draft, None, wrong_press, None)
        assert error.code == "editor_screen_press_unknown"
        assert "Nút cần bấm 'Đăng nhập' ở bước 1" in error.message
        many = {**STEPS[0], "screen_items": "\n".join(f"Mục {n}" for n in "abcdefg")}
        error = _refused(editor.save_step, s, writer, draft, None, many, None)
        assert error.code == "editor_screen_item_count" and "có 7 mục" in error.message
        twice = {**STEPS[0], "screen_items": "Làm việc\nLàm việc"}
        error = _refused(editor.save_step, s, writer, draft, None, twice, None)
        assert error.code == "editor_screen_item_twice"
        invented = {**STEPS[0], "screen_items": "Bộ phận một cửa\nĐặt lịch trực tuyến"}
        error = _refused(editor.save_step, s, writer, draft, None, invented, None)
        assert error.code == "editor_screen_invented"
        assert "'Đặt lịch trực tuyến'" in error.message and "bước 1" in error.message
        no_app = {**STEPS[0], "screen_drawn_from": ""}  # named by a source: it needs its app
        error = _refused(editor.save_step, s, writer, draft, None, no_app, None)
        assert error.code == "editor_screen_no_app" and "chưa ghi tên ứng dụng" in error.message
        marked = {**STEPS[0], "screen_items": "Bộ phận một cửa\n<b>Làm việc</b>"}
        error = _refused(editor.save_step, s, writer, draft, None, marked, None)
        assert error.code == "editor_markup"
        assert draft.data["steps"] == []  # nothing refused was kept

        # A source names the screen: its words need not be the guide's; blank lines are dropped.
        named = {
            **STEPS[0],
            "screen_app": "Zalo",
            "screen_items": "\n  Đặt lịch   trực tuyến \n\nGọi điện\n",
            "screen_press": "Gọi điện",
            "screen_drawn_from": "",
        }
        editor.save_step(s, writer, draft, None, named, None)
        for step in STEPS[1:]:
            editor.save_step(s, writer, draft, None, step, None)
        assert draft.data["steps"][0]["screen"] == {
            "app": "Zalo",
            "title": STEPS[0]["screen_title"],
            "items": ["Đặt lịch trực tuyến", "Gọi điện"],
            "press": "Gọi điện",
            "drawn_from": "",
        }
        guide = editor.guide_source("mot-cua", 1, draft.data)
        shown = [d.screen for d in guide.details]
        assert shown[0].items == ("Đặt lịch trực tuyến", "Gọi điện") and shown[0].app == "Zalo"
        assert (shown[2].title, shown[2].press) == ("Gọi điện hẹn trước", "Gọi điện")
        assert shown[1].drawn_from == "step"
        # A step kept without a screen (a draft from before screens) stops the build.
        steps = [dict(step) for step in draft.data["steps"]]
        del steps[1]["screen"]
        draft.data = {**draft.data, "steps": steps}
        s.add(draft)
        s.commit()
        draft_id = draft.id
    error = _refused(editor.start_build, app.state.cnscd.engine, Path("."), "", writer, draft_id)
    assert error.code == "editor_no_screen" and "Bước 2 chưa có màn hình vẽ" in error.message


def test_editing_a_bundles_guide_takes_its_screens_from_its_source(app, people) -> None:
    source = next(g for g in load_catalog(CONTENT_DIR).guides if g.code == "app-gia")
    data = {
        "code": source.code,
        "category": source.category,
        "title": source.title,
        "title_en": source.title_en,
        "summary": source.summary,
        "services": list(source.services),
        "version": source.version,
        "updated_on": source.updated.isoformat(),
        "source": source.source,
        "varies_by_province": source.varies_by_province,
        "steps": [{"text": step.text, "text_en": step.text_en} for step in source.steps],
    }
    with Session(app.state.cnscd.engine) as s:
        s.add(Guide(code="app-gia", version=source.version, data=data))
        s.add(Guide(code="cu-khac", version=1, data={**data, "code": "cu-khac"}))
        changed = [{**step, "text": step["text"] + " Ngay."} for step in data["steps"]]
        s.add(Guide(code="da-sua", version=1, data={**data, "code": "da-sua", "steps": changed}))
        s.commit()
        draft = editor.draft_from_published(s, people["writer"], "app-gia")
        screens = [step["screen"] for step in draft.data["steps"]]
        assert len(screens) == len(source.details)
        first = source.details[0].screen
        assert screens[0] == {
            "app": first.app,
            "title": first.title,
            "items": list(first.items),
            "press": first.press,
            "drawn_from": first.drawn_from,
        }
        assert screens[3]["press"] == "Từ chối"
        # Another code, or the same code's steps since changed: no source says its screens.
        for code in ("cu-khac", "da-sua"):
            other = editor.draft_from_published(s, people["writer"], code)
            assert all("screen" not in step for step in other.data["steps"])
        s.rollback()
