"""The guide editor in the staff pages (server/services/editor.py, server/web/routes/editor.py):
its screens' words, why it refuses a draft, a recording or an approval, and how a preview build
went. Vietnamese first, English beside it."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "staff_role_content_staff": ("Cán bộ nội dung (tỉnh)", "Content staff (province)"),
    # The editor's pages
    "editor_title": ("Soạn hướng dẫn", "Guide editor"),
    "editor_nav": ("Soạn hướng dẫn", "Write guides"),
    "editor_intro": (
        (
            "Viết hướng dẫn mới hoặc sửa hướng dẫn đã đăng. Một hướng dẫn chỉ được đăng khi một cán "
            "bộ thứ hai có quyền duyệt xem bản dựng thử và đồng ý (quy tắc hai người)."
        ),
        (
            "Write a new guide or change a published one. A guide is published only when a second "
            "staff member with the right role has seen its preview and approves it (two-person rule)."
        ),
    ),
    "editor_drafts": ("Bản nháp", "Drafts"),
    "editor_no_drafts": ("Chưa có bản nháp nào.", "No drafts yet."),
    "editor_published": ("Hướng dẫn đã đăng", "Published guides"),
    "editor_new": ("Viết hướng dẫn mới", "Write a new guide"),
    "editor_edit_published": ("Sửa", "Edit"),
    "editor_open": ("Mở", "Open"),
    "editor_code": ("Mã hướng dẫn (chữ thường, số, gạch nối)", "Guide code (a-z, 0-9, hyphens)"),
    "editor_scope": ("Phạm vi", "Scope"),
    "editor_scope_province": ("Toàn tỉnh", "Whole province"),
    "editor_scope_commune": ("Riêng {commune}", "{commune} only"),
    "editor_guide_title": ("Tiêu đề", "Title"),
    "editor_title_en": ("Tiêu đề (tiếng Anh)", "Title (English)"),
    "editor_summary": ("Tóm tắt", "Summary"),
    "editor_summary_en": ("Tóm tắt (tiếng Anh)", "Summary (English)"),
    "editor_category": ("Nhóm", "Category"),
    "editor_services": ("Dịch vụ", "Services"),
    "editor_source": ("Nguồn của hướng dẫn", "The guide's source"),
    "editor_source_en": ("Nguồn (tiếng Anh)", "Source (English)"),
    "editor_checked": ("Ngày kiểm tra nguồn", "Day the sources were checked"),
    "editor_note": ("Ghi chú khác nhau theo địa phương", "Note on what varies by place"),
    "editor_save": ("Lưu", "Save"),
    "editor_steps": ("Các bước", "Steps"),
    "editor_step": ("Bước {number}", "Step {number}"),
    "editor_step_text": ("Nội dung bước", "Step text"),
    "editor_step_text_en": ("Nội dung bước (tiếng Anh)", "Step text (English)"),
    "editor_step_spoken": ("Lời đọc", "Spoken text"),
    "editor_step_source": ("Nguồn của bước", "Source of this step"),
    # A step's drawn phone screen (content/catalog.py's Screen)
    "editor_screen": ("Màn hình vẽ của bước", "The step's drawn screen"),
    "editor_screen_app": ("Tên ứng dụng trên màn hình", "The screen's app"),
    "editor_screen_title": ("Tiêu đề màn hình", "The screen's title"),
    "editor_screen_items": (
        "Các mục trên màn hình (mỗi dòng một mục, từ trên xuống)",
        "The screen's items (one a line, top to bottom)",
    ),
    "editor_screen_press": (
        "Nút cần bấm (phải là một trong các mục; để trống nếu không bấm)",
        "The button to press (one of the items; empty if none)",
    ),
    "editor_screen_drawn_from": (
        "Vẽ theo lời của bước (không nguồn nào ghi chữ trên màn hình này)",
        "Drawn from the step's words (no source names this screen's labels)",
    ),
    "editor_step_recording": (
        "Lời đọc ghi âm (OGG, WAV, MP3 hoặc M4A, tối đa {limit} MB; để trống thì máy đọc)",
        "Recorded narration (OGG, WAV, MP3 or M4A, at most {limit} MB; empty: synthesised)",
    ),
    "editor_step_recorded": ("Có ghi âm ({seconds} giây)", "Recorded ({seconds} s)"),
    "editor_step_add": ("Thêm bước", "Add the step"),
    "editor_step_save": ("Lưu bước", "Save the step"),
    "editor_step_remove": ("Xóa bước", "Remove the step"),
    "editor_saved": ("Đã lưu.", "Saved."),
    "editor_status": ("Trạng thái", "Status"),
    "editor_status_editing": ("Đang soạn", "Being written"),
    "editor_status_building": ("Đang dựng thử", "Preview being built"),
    "editor_status_built": ("Chờ duyệt", "Awaiting approval"),
    "editor_status_failed": ("Dựng thử thất bại", "Preview failed"),
    "editor_status_published": ("Đã đăng", "Published"),
    "editor_build": ("Dựng bản xem trước", "Build the preview"),
    "editor_build_started": (
        "Đã bắt đầu dựng bản xem trước; trang tự tải lại cho đến khi xong.",
        "The preview build has started; the page reloads itself until it is done.",
    ),
    "editor_progress": ("Đang dựng: {percent}%", "Building: {percent}%"),
    "editor_build_failed": (
        "Dựng thử thất bại, không có gì được đăng: {reason}",
        "The preview build failed and nothing was published: {reason}",
    ),
    "editor_preview": ("Bản xem trước", "Preview"),
    "editor_preview_page": (
        "Mở trang công khai như hộ gia đình sẽ thấy",
        "Open the public page as a household will see it",
    ),
    "editor_preview_video": ("Xem video", "Watch the video"),
    "editor_preview_qr": ("Mã QR", "QR code"),
    "editor_preview_infographic": ("Ảnh hướng dẫn", "Infographic"),
    "editor_preview_version": (
        "Sẽ đăng là phiên bản {version}",
        "To be published as version {version}",
    ),
    "editor_approve": ("Duyệt và đăng", "Approve and publish"),
    "editor_approve_rule": (
        "Người duyệt phải là cán bộ khác người viết, có quyền với hướng dẫn này.",
        "The approver must be another staff member than the author, with a role over this guide.",
    ),
    "editor_published_done": (
        "Đã đăng {code} phiên bản {version}; các máy sẽ nhận ở lần đồng bộ tới.",
        "Published {code} version {version}; devices get it on their next sync.",
    ),
    "editor_rollback": ("Quay về phiên bản trước", "Roll back to the previous version"),
    "editor_rolled_back": (
        "Đã đưa {code} về nội dung phiên bản {previous} (đăng lại là phiên bản {version}).",
        "{code} is back to the content of version {previous} (published again as version {version}).",
    ),
    "editor_version": ("Phiên bản", "Version"),
    "editor_checked_on": ("Kiểm tra nguồn", "Sources checked"),
    "editor_stale": ("Cần kiểm tra lại nguồn", "Sources need checking again"),
    "editor_stale_note": (
        "Nguồn đã kiểm tra quá {months} tháng: thủ tục hay thay đổi, hãy kiểm tra lại.",
        "Sources checked more than {months} months ago: procedures change often, check again.",
    ),
    "editor_stale_heading": (
        "Hướng dẫn cần kiểm tra lại nguồn",
        "Guides whose sources need checking",
    ),
    "editor_author": ("Người viết", "Author"),
    # Why a draft, a recording or an approval is refused (ApiError codes)
    "editor_required": ("Chưa điền {field}.", "{field} is not filled in."),
    "editor_too_long": (
        "{field} dài quá: tối đa {limit} ký tự.",
        "{field} is too long: at most {limit} characters.",
    ),
    "editor_markup": (
        "{field} có thẻ hoặc ký hiệu định dạng ({found}): chỉ viết chữ thường, không HTML hay Markdown.",
        "{field} has markup ({found}): write plain words, no HTML or Markdown.",
    ),
    "editor_bad_code": (
        "Mã hướng dẫn chỉ gồm chữ thường không dấu, số và gạch nối, từ 2 đến 24 ký tự.",
        "A guide code is lower-case letters, digits and hyphens, 2 to 24 characters.",
    ),
    "editor_code_taken": (
        "Mã {code} đã có hướng dẫn khác dùng; hãy chọn mã khác.",
        "The code {code} is another guide's; choose another.",
    ),
    "editor_unknown_category": ("Nhóm hướng dẫn không có trong danh mục.", "Unknown category."),
    "editor_unknown_services": (
        "Dịch vụ không có trong danh mục: {services}.",
        "Services not in the catalogue: {services}.",
    ),
    "editor_no_services": ("Chọn ít nhất một dịch vụ.", "Choose at least one service."),
    "editor_no_source": (
        "Hướng dẫn chưa có nguồn: ghi văn bản hoặc trang chính thức mà nó theo.",
        "The guide has no source: name the document or official page it follows.",
    ),
    "editor_no_step_source": (
        "Bước {number} chưa có nguồn: ghi văn bản hoặc trang chính thức mà bước này theo.",
        "Step {number} has no source: name the document or official page it follows.",
    ),
    "editor_bad_checked": (
        "Ngày kiểm tra nguồn phải là một ngày (năm-tháng-ngày), không sau hôm nay.",
        "The day the sources were checked must be a date (year-month-day), not after today.",
    ),
    "editor_step_count": (
        "Hướng dẫn cần từ {least} đến {most} bước; hiện có {count}.",
        "A guide needs {least} to {most} steps; it has {count}.",
    ),
    "editor_too_many_steps": (
        "Một hướng dẫn có tối đa {most} bước.",
        "A guide has at most {most} steps.",
    ),
    "editor_unsayable": (
        "Lời đọc của bước {number} có {found}, máy không đọc được như đã viết: {fault}.",
        "Step {number}'s spoken text has {found}, which cannot be said as written: {fault}.",
    ),
    "editor_unknown_step": ("Không có bước {number}.", "There is no step {number}."),
    "editor_audio_too_large": (
        "Tệp ghi âm quá lớn: tối đa {limit} MB.",
        "The recording is too large: at most {limit} MB.",
    ),
    "editor_audio_format": (
        "Tệp này không phải bản ghi âm OGG, WAV, MP3 hay M4A (đã xét nội dung tệp, không chỉ tên).",
        "This file is not an OGG, WAV, MP3 or M4A recording (judged by its content, not its name).",
    ),
    "editor_audio_unreadable": (
        "Không nghe được tệp ghi âm: tệp hỏng hoặc không có tiếng.",
        "The recording cannot be played: the file is damaged or has no sound.",
    ),
    "editor_audio_length": (
        "Bản ghi âm dài {seconds} giây; mỗi bước cần từ {least} đến {most} giây.",
        "The recording lasts {seconds} s; a step needs {least} to {most} s.",
    ),
    "editor_not_allowed": (
        "Bạn không có quyền soạn hay duyệt hướng dẫn này.",
        "You may not write or approve this guide.",
    ),
    "editor_own_draft": (
        "Người viết không tự duyệt được: cần một cán bộ khác duyệt (quy tắc hai người).",
        "An author cannot approve their own guide: a second staff member must (two-person rule).",
    ),
    "editor_not_built": (
        "Bản nháp chưa có bản xem trước dựng xong cho nội dung hiện tại; hãy dựng lại.",
        "The draft has no finished preview of its current texts; build it again.",
    ),
    "editor_busy": (
        "Bản nháp đang được dựng; chờ dựng xong rồi hãy sửa hoặc duyệt.",
        "The draft is being built; wait until it is done to change or approve it.",
    ),
    "editor_version_moved": (
        "Hướng dẫn vừa được đăng bản khác trong lúc chờ duyệt; hãy dựng lại bản xem trước.",
        "The guide was published again meanwhile; build the preview again.",
    ),
    "editor_done": (
        "Bản nháp này đã được đăng; hãy mở bản nháp mới để sửa tiếp.",
        "This draft is published; open a new draft to change the guide again.",
    ),
    "editor_no_previous": (
        "Hướng dẫn chưa có phiên bản trước để quay về.",
        "The guide has no previous version to go back to.",
    ),
    "editor_unknown_draft": ("Không có bản nháp này.", "No such draft."),
    "editor_unknown_guide": ("Không có hướng dẫn {code}.", "No guide {code}."),
    "editor_build_crashed": (
        "lỗi không lường trước khi dựng ({kind}); hãy báo cán bộ kỹ thuật",
        "an unexpected fault in the build ({kind}); tell the technical staff",
    ),
    "editor_no_public_address": (
        "máy chủ chưa đặt địa chỉ công khai cho mã QR",
        "the server has no public address set for QR codes",
    ),
    # Why a step's screen is refused (the catalog's rules: content/catalog.py)
    "editor_no_screen": (
        "Bước {number} chưa có màn hình vẽ: ghi tiêu đề và các mục của màn hình mà người dân gặp ở bước này.",
        "Step {number} has no drawn screen: give the title and items of the screen a household meets at this step.",
    ),
    "editor_screen_no_app": (
        "Màn hình của bước {number} chưa ghi tên ứng dụng (chỉ được để trống khi vẽ theo lời của bước).",
        "Step {number}'s screen names no app (it may be empty only when drawn from the step's words).",
    ),
    "editor_screen_no_title": (
        "Màn hình của bước {number} chưa có tiêu đề.",
        "Step {number}'s screen has no title.",
    ),
    "editor_screen_item_count": (
        "Màn hình của bước {number} có {count} mục; một màn hình có từ 1 đến {most} mục, mỗi dòng một mục.",
        "Step {number}'s screen has {count} items; a screen shows 1 to {most}, one a line.",
    ),
    "editor_screen_item_twice": (
        "Màn hình của bước {number} có một mục lặp lại.",
        "Step {number}'s screen lists an item twice.",
    ),
    "editor_screen_press_unknown": (
        "Nút cần bấm {press} ở bước {number} không phải một trong các mục của màn hình.",
        "The button to press {press} at step {number} is not one of the screen's items.",
    ),
    "editor_screen_invented": (
        "Màn hình vẽ theo bước {number} ghi {label}, nhưng lời hướng dẫn đến bước này không nói điều đó: dùng đúng chữ của hướng dẫn, hoặc bỏ chọn vẽ theo lời của bước nếu có nguồn ghi chữ trên màn hình.",
        "The screen drawn from step {number} shows {label}, which the guide's words up to this step do not say: use the guide's own words, or untick drawn from the step if a source names the screen's labels.",
    ),
    "editor_screen_refused": (
        "Màn hình của bước {number} không hợp lệ: {reason}",
        "Step {number}'s screen is not valid: {reason}",
    ),
}
