"""What the content says around the guides' own texts (content/): the public page a household
opens (public_page), the printed sheets and posters (sheet), the infographic and the video's
slides, and why the content build refused a source (catalog.ContentError, by its code). The
guides' texts themselves are data (content/guides/*.toml) and stay there."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # Shared by the page and the infographic (and guide_source, the screens' own, in screens.py)
    "guide_note": ("Lưu ý: {note}", "Note: {note}"),
    # The public guide page (content.public_page)
    "page_team": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "page_tagline": ("Hướng dẫn dịch vụ công trực tuyến", "Guides to online public services"),
    "page_infographic_alt": ("Hình hướng dẫn: {title}", "Guide picture: {title}"),
    "page_watch_video": ("Xem video hướng dẫn", "Watch the guide's video"),
    "page_steps": ("Các bước", "Steps"),
    "page_updated": ("Cập nhật ngày {day}", "Updated on {day}"),
    "page_more_help": ("Cần giúp thêm? Hỏi tổ công nghệ số cộng đồng ở thôn, xã của bạn.",
                       ("Need more help? Ask the digital-technology team of your village or "
                        "commune.")),
    "page_other_guides": ("Xem các hướng dẫn khác", "See the other guides"),
    "page_library": ("Thư viện hướng dẫn", "Guide library"),
    "page_library_empty": ("Chưa có hướng dẫn nào.", "No guide yet."),
    "page_not_found_title": ("Không tìm thấy hướng dẫn", "Guide not found"),
    "page_not_found_heading": ("Không tìm thấy hướng dẫn này", "This guide was not found"),
    "page_unknown_code": (("Mã {code} không có trong thư viện, có thể hướng dẫn đã đổi tên hoặc "
                           "mã QR bị sai."),
                          ("The code {code} is not in the library: the guide may have been "
                           "renamed, or the QR code is wrong.")),
    "page_open_library": ("Mở thư viện hướng dẫn", "Open the guide library"),
    "page_find_guide": ("để tìm hướng dẫn bạn cần.", "to find the guide you need."),
    # The printed sheets (content.sheet)
    "sheet_heading": ("Phiếu hướng dẫn dịch vụ công trực tuyến",
                      "Guides to online public services"),
    "sheet_household": ("Hộ gia đình: {head}", "Household: {head}"),
    "sheet_village": ("Nơi ở: {village}", "Lives in: {village}"),
    "sheet_how": (("Quét mã QR bằng camera điện thoại để mở hướng dẫn (không cần tài khoản). "
                   "Làm theo từng bước; cần thì gọi tổ hỗ trợ."),
                  ("Scan a QR code with the phone's camera to open its guide (no account needed). "
                   "Follow it step by step; call the team when you need help.")),
    "sheet_help": ("Cần giúp? {team} · Điện thoại: {phone}", "Need help? {team} · Phone: {phone}"),
    "sheet_safety": ("AN TOÀN: {advice}", "SAFETY: {advice}"),
    "sheet_printed": ("In ngày {day}", "Printed on {day}"),
    "poster_title": ("Hướng dẫn dịch vụ công trực tuyến", "Guides to online public services"),
    "poster_document_title": ("Hướng dẫn dịch vụ công trực tuyến – {village}",
                              "Guides to online public services – {village}"),
    "poster_how": ("Quét mã QR bằng camera điện thoại để xem hướng dẫn từng bước, có video.",
                   ("Scan a QR code with the phone's camera to see its guide step by step, "
                    "with a video.")),
    # The infographic (content.infographic)
    "infographic_scan": ("Quét mã để mở trên điện thoại", "Scan to open on a phone"),
    "infographic_again": ("Xem lại hướng dẫn: {address}", "See the guide again: {address}"),
    "infographic_updated": ("Cập nhật ngày {day} · phiên bản {version}",
                            "Updated on {day} · version {version}"),
    # The video's slides (content.video)
    "video_steps": ("{count} bước", "{count} steps"),
    "video_step": ("Bước {number}/{total}", "Step {number}/{total}"),
    "video_end_band": ("Xem lại bất cứ lúc nào", "Watch again at any time"),
    "video_end_scan": ("Quét mã bằng camera điện thoại để mở lại hướng dẫn này",
                       "Scan the code with the phone's camera to open this guide again"),
    # Why the content build refused (content.catalog.ContentError; the file comes first)
    "content_build_failed": ("Không dựng được nội dung: {reason}",
                             "content build failed: {reason}"),
    "content_unreadable": ("{file}: không đọc được ({detail})", "{file}: cannot read ({detail})"),
    "content_malformed_guide": ("{file}: hướng dẫn sai cấu trúc ({detail})",
                                "{file}: malformed guide ({detail})"),
    "content_service_category": ("services.toml: {service}: không có nhóm {category}",
                                 "services.toml: {service}: unknown category {category}"),
    "content_duplicate_code": ("{file}: mã {guide} bị trùng (đã có ở {other})",
                               "{file}: duplicate code {guide} (also in {other})"),
    "content_file_name": ("{file}: tên tệp phải là mã {guide}",
                          "{file}: file name must be the code {guide}"),
    "content_unknown_category": ("{file}: không có nhóm {category}",
                                 "{file}: unknown category {category}"),
    "content_unknown_services": ("{file}: không có các dịch vụ {services}",
                                 "{file}: unknown services {services}"),
    "content_bad_code": ("{file}: mã {guide} phải gồm 2–24 ký tự a-z, 0-9, '-'",
                         "{file}: code {guide} must be 2-24 of a-z, 0-9, '-'"),
    "content_step_count": ("{file}: có {count} bước; một hướng dẫn có từ 4 đến 10 bước",
                           "{file}: {count} steps; a guide has 4 to 10"),
    "content_updated_not_date": ("{file}: updated phải là một ngày (YYYY-MM-DD)",
                                 "{file}: updated must be a date (YYYY-MM-DD)"),
    "content_file_type": ("{file}: {role} {name} phải là một trong {types}",
                          "{file}: {role} {name} must be one of {types}"),
    "content_file_missing": ("{file}: thiếu tệp {role}: {name}",
                             "{file}: {role} file missing: {name}"),
    "content_not_mp4": ("{file}: {name} không phải tệp MP4", "{file}: {name} is not an MP4 file"),
    "content_media_missing": ("manifest.json: thiếu tệp: {path}",
                              "manifest.json: media file missing: {path}"),
    "content_media_mismatch": ("manifest.json: {path} không khớp kích thước hoặc SHA-256",
                               "manifest.json: {path} does not match its size or SHA-256"),
    "content_media_unlisted": ("manifest.json: {guide}: {role} {sha} không có trong danh sách tệp",
                               "manifest.json: {guide}: {role} {sha} is not in the media list"),
    "content_version_mismatch": ("manifest.json: content_version không khớp với nội dung",
                                 "manifest.json: content_version does not match its content"),
    "content_base_url": (("public_base_url {url} phải là một địa chỉ http(s), ví dụ "
                          "https://cnscd.example.vn"),
                         ("public_base_url {url} must be an http(s) address such as "
                          "https://cnscd.example.vn")),
    "content_font_missing": ("thiếu tệp phông chữ: {path}", "font file missing: {path}"),
    "content_font_glyphs": ("{file} thiếu chữ {missing}", "{file} has no glyph for {missing}"),
    "content_qr_unreadable": ("{what}: mã QR không đọc lại được {expected} (đọc được {found})",
                              "{what}: QR code does not read back {expected} (decoded {found})"),
}
