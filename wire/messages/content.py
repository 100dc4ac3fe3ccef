"""What the content says around the guides' own texts (content/): the public page a household
opens (public_page), why a public address is refused (site), the printed household sheet and
village poster in the sheet's language (sheet), the infographic and the video's slides, and
why the content build refused a source (catalog.ContentError, by its code). The guides' texts
themselves are data (content/guides/*.toml) and stay there."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # The public address the guides' QR codes hold (content.site): refused when a phone could
    # not open it or when anyone could take it over
    "public_address_unset": (
        (
            "Chưa đặt địa chỉ công khai của trang hướng dẫn, nên mã QR không dẫn tới đâu. Tỉnh đặt "
            "tên miền của mình (public_base_url trong content/site.toml, hoặc CNSCD_PUBLIC_BASE_URL)."
        ),
        (
            "The guide pages' public address is not set, so a QR code would lead nowhere. The "
            "province sets its own domain (public_base_url in content/site.toml, or "
            "CNSCD_PUBLIC_BASE_URL)."
        ),
    ),
    "public_address_placeholder": (
        (
            "Địa chỉ {url} chỉ là địa chỉ mẫu: ai đăng ký tên miền đó sẽ quyết định mã QR dẫn tới "
            "đâu. Hãy đặt tên miền của tỉnh."
        ),
        (
            "{url} is only an example address: whoever registers that domain decides where the QR "
            "codes lead. Set the province's own domain."
        ),
    ),
    "public_address_invalid": (
        "Địa chỉ {url} không hợp lệ: cần dạng https://tên-miền, không có dấu ? hay #.",
        "{url} is not a valid address: it must look like https://domain, with no ? or #.",
    ),
    "public_address_not_https": (
        "Địa chỉ {url} phải bắt đầu bằng https:// để điện thoại của hộ mở trang an toàn.",
        "{url} must start with https:// so that the household's phone opens the page safely.",
    ),
    "public_address_loopback": (
        "Địa chỉ {url} chỉ mở được trên chính máy này; điện thoại của hộ không mở được.",
        "{url} opens only on this machine; the household's phone cannot open it.",
    ),
    "public_address_private": (
        "Địa chỉ {url} là địa chỉ trong mạng nội bộ; điện thoại của hộ dùng 4G không mở được.",
        ("{url} is an address inside a private network; a household's phone on 4G cannot open it."),
    ),
    "public_address_too_long": (
        "Địa chỉ {url} quá dài để in mã QR đủ lớn trên phiếu. Hãy dùng tên miền ngắn hơn.",
        "{url} is too long to print a large enough QR code on the sheet. Use a shorter domain.",
    ),
    # The printed household sheet and village poster (content.sheet), in the sheet's language
    "printed_sheet_heading": (
        "PHIẾU HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN",
        "GUIDES TO ONLINE PUBLIC SERVICES",
    ),
    "printed_household": ("Hộ gia đình: {name}", "Household: {name}"),
    "printed_place": ("Nơi ở: {place}", "Lives in: {place}"),
    "printed_sheet_hint": (
        (
            "Quét mã QR bằng camera điện thoại để mở hướng dẫn (không cần tài khoản). Làm theo từng "
            "bước; cần thì gọi tổ hỗ trợ."
        ),
        (
            "Scan a QR code with the phone's camera to open its guide (no account needed). Follow "
            "it step by step; call the team if you need help."
        ),
    ),
    "printed_poster_heading": (
        "HƯỚNG DẪN DỊCH VỤ CÔNG TRỰC TUYẾN",
        "GUIDES TO ONLINE PUBLIC SERVICES",
    ),
    "printed_poster_hint": (
        "Quét mã QR bằng camera điện thoại để xem hướng dẫn từng bước, có video.",
        "Scan a QR code with the phone's camera for a step-by-step guide with a video.",
    ),
    "printed_help": (
        "Cần giúp? {team} · Điện thoại: {phone}",
        "Need help? {team} · Phone: {phone}",
    ),
    "printed_safety": ("AN TOÀN: {advice}", "STAY SAFE: {advice}"),
    "printed_on": ("In ngày {day}", "Printed on {day}"),
    "printed_sheet_title": (
        "Phiếu hướng dẫn dịch vụ công trực tuyến",
        "Guides to online public services",
    ),
    "printed_poster_title": (
        "Hướng dẫn dịch vụ công trực tuyến – {place}",
        "Guides to online public services – {place}",
    ),
    # Shared by the page and the infographic (and guide_source, the screens' own, in screens.py)
    "guide_note": ("Lưu ý: {note}", "Note: {note}"),
    # The public guide page (content.public_page)
    "page_team": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "page_tagline": ("Hướng dẫn dịch vụ công trực tuyến", "Guides to online public services"),
    "page_infographic_alt": ("Hình hướng dẫn: {title}", "Guide picture: {title}"),
    "page_watch_video": ("Xem video hướng dẫn", "Watch the guide's video"),
    "page_play_video": ("Phát video hướng dẫn", "Play the guide's video"),
    "page_captions": ("Tiếng Việt", "Vietnamese"),
    "page_steps": ("Các bước", "Steps"),
    "page_updated": ("Cập nhật ngày {day}", "Updated on {day}"),
    "page_more_help": (
        "Cần giúp thêm? Hỏi tổ công nghệ số cộng đồng ở thôn, xã của bạn.",
        ("Need more help? Ask the digital-technology team of your village or commune."),
    ),
    "page_other_guides": ("Xem các hướng dẫn khác", "See the other guides"),
    "page_library": ("Thư viện hướng dẫn", "Guide library"),
    "page_library_empty": ("Chưa có hướng dẫn nào.", "No guide yet."),
    "page_not_found_title": ("Không tìm thấy hướng dẫn", "Guide not found"),
    "page_not_found_heading": ("Không tìm thấy hướng dẫn này", "This guide was not found"),
    "page_unknown_code": (
        ("Mã {code} không có trong thư viện, có thể hướng dẫn đã đổi tên hoặc mã QR bị sai."),
        (
            "The code {code} is not in the library: the guide may have been "
            "renamed, or the QR code is wrong."
        ),
    ),
    "page_open_library": ("Mở thư viện hướng dẫn", "Open the guide library"),
    "page_find_guide": ("để tìm hướng dẫn bạn cần.", "to find the guide you need."),
    # The infographic (content.infographic)
    "infographic_scan": ("Quét mã để mở trên điện thoại", "Scan to open on a phone"),
    "infographic_again": ("Xem lại hướng dẫn: {address}", "See the guide again: {address}"),
    "infographic_updated": (
        "Cập nhật ngày {day} · phiên bản {version}",
        "Updated on {day} · version {version}",
    ),
    # The video's slides (content.video)
    "video_steps": ("{count} bước", "{count} steps"),
    "video_step": ("Bước {number}/{total}", "Step {number}/{total}"),
    "video_end_band": ("Xem lại bất cứ lúc nào", "Watch again at any time"),
    "video_end_scan": (
        "Quét mã bằng camera điện thoại để mở lại hướng dẫn này",
        "Scan the code with the phone's camera to open this guide again",
    ),
    # Why the content build refused (content.catalog.ContentError; the file comes first)
    "content_build_failed": (
        "Không dựng được nội dung: {reason}",
        "content build failed: {reason}",
    ),
    "content_unreadable": ("{file}: không đọc được ({detail})", "{file}: cannot read ({detail})"),
    "content_malformed_guide": (
        "{file}: hướng dẫn sai cấu trúc ({detail})",
        "{file}: malformed guide ({detail})",
    ),
    "content_service_category": (
        "services.toml: {service}: không có nhóm {category}",
        "services.toml: {service}: unknown category {category}",
    ),
    "content_duplicate_code": (
        "{file}: mã {guide} bị trùng (đã có ở {other})",
        "{file}: duplicate code {guide} (also in {other})",
    ),
    "content_file_name": (
        "{file}: tên tệp phải là mã {guide}",
        "{file}: file name must be the code {guide}",
    ),
    "content_unknown_category": (
        "{file}: không có nhóm {category}",
        "{file}: unknown category {category}",
    ),
    "content_unknown_services": (
        "{file}: không có các dịch vụ {services}",
        "{file}: unknown services {services}",
    ),
    "content_bad_code": (
        "{file}: mã {guide} phải gồm 2–24 ký tự a-z, 0-9, '-'",
        "{file}: code {guide} must be 2-24 of a-z, 0-9, '-'",
    ),
    "content_step_count": (
        "{file}: có {count} bước; một hướng dẫn có từ 4 đến 10 bước",
        "{file}: {count} steps; a guide has 4 to 10",
    ),
    "content_updated_not_date": (
        "{file}: updated phải là một ngày (YYYY-MM-DD)",
        "{file}: updated must be a date (YYYY-MM-DD)",
    ),
    "content_file_type": (
        "{file}: {role} {name} phải là một trong {types}",
        "{file}: {role} {name} must be one of {types}",
    ),
    "content_file_missing": (
        "{file}: thiếu tệp {role}: {name}",
        "{file}: {role} file missing: {name}",
    ),
    "content_not_mp4": ("{file}: {name} không phải tệp MP4", "{file}: {name} is not an MP4 file"),
    "content_media_missing": (
        "manifest.json: thiếu tệp: {path}",
        "manifest.json: media file missing: {path}",
    ),
    "content_media_mismatch": (
        "manifest.json: {path} không khớp kích thước hoặc SHA-256",
        "manifest.json: {path} does not match its size or SHA-256",
    ),
    "content_media_unlisted": (
        "manifest.json: {guide}: {role} {sha} không có trong danh sách tệp",
        "manifest.json: {guide}: {role} {sha} is not in the media list",
    ),
    "content_version_mismatch": (
        "manifest.json: content_version không khớp với nội dung",
        "manifest.json: content_version does not match its content",
    ),
    "content_font_missing": ("thiếu tệp phông chữ: {path}", "font file missing: {path}"),
    "content_font_glyphs": ("{file} thiếu chữ {missing}", "{file} has no glyph for {missing}"),
    # The build's checks of narration, captions, screens and videos (content.narration,
    # .captions, .checks, .qr, .catalog's screens)
    "content_font_lacks_letter": (
        "{guide}: phông chữ không có chữ {missing}; hãy viết cách khác",
        ("{guide}: the font has no letter for {missing}; write it another way"),
    ),
    "content_screen_overflow": (
        "{guide}: màn hình của bước {number}: {fault}; hãy viết ngắn lại",
        "{guide}: step {number} screen: {fault}; shorten it",
    ),
    "content_captions_header": (
        "captions: tệp WebVTT phải bắt đầu bằng 'WEBVTT'",
        "captions: a WebVTT file starts with 'WEBVTT'",
    ),
    "content_captions_time": (
        "captions: {stamp} không phải một thời điểm như 00:01:02.500",
        "captions: {stamp} is not a time such as 00:01:02.500",
    ),
    "content_captions_cue": (
        "captions: một đoạn phụ đề thiếu thời gian: {block}",
        "captions: a cue without its timing: {block}",
    ),
    "content_no_checked": (
        "{file}: thiếu 'checked' (ngày kiểm tra nguồn gần nhất)",
        "{file}: no 'checked' (the day its sources were last checked)",
    ),
    "content_checked_not_date": (
        "{file}: checked phải là một ngày (YYYY-MM-DD)",
        "{file}: checked must be a date (YYYY-MM-DD)",
    ),
    "content_steps_not_tables": (
        "{file}: hướng dẫn sai cấu trúc (các bước phải là bảng [[steps]])",
        "{file}: malformed guide (steps must be [[steps]] tables)",
    ),
    "content_no_spoken": (
        "{file}: bước {number} thiếu 'spoken' (lời đọc)",
        "{file}: step {number} has no 'spoken' (its narration)",
    ),
    "content_no_step_source": (
        "{file}: bước {number} thiếu 'source' (nguồn của bước)",
        "{file}: step {number} has no 'source' (where the step comes from)",
    ),
    "content_screen_not_table": ("{where} phải là một bảng", "{where} must be a table"),
    "content_screen_unknown_keys": ("{where} có khóa lạ {keys}", "{where} has unknown keys {keys}"),
    "content_screen_no_app": (
        "{where} thiếu 'app' (màn hình của ứng dụng nào)",
        "{where} has no 'app' (whose screen it is)",
    ),
    "content_screen_no_title": (
        "{where} thiếu 'title' (thanh tiêu đề)",
        "{where} has no 'title' (its title bar)",
    ),
    "content_screen_items": (
        "{where}: items phải là một danh sách chữ",
        "{where}: items must be a list of words",
    ),
    "content_screen_item_count": (
        "{where} có {count} mục; một màn hình có từ 1 đến {most} mục",
        "{where} has {count} items; a screen shows 1 to {most}",
    ),
    "content_screen_item_twice": ("{where} có một mục lặp lại", "{where} lists an item twice"),
    "content_screen_press": ("{where}: press phải là chữ", "{where}: press must be words"),
    "content_no_screen": (
        "{file}: bước {number} không có màn hình vẽ ([steps.screen]); mỗi bước cần một màn hình",
        "{file}: step {number} has no drawn screen ([steps.screen]); every step needs one",
    ),
    "content_screen_invented": (
        "{file}: màn hình vẽ theo bước {number} ghi {label}, không có trong lời hướng dẫn",
        "{file}: the screen drawn from step {number} shows {label}, which the guide does not say",
    ),
    "content_screen_drawn_from": (
        '{where}: drawn_from {value} không hợp lệ (chỉ được "step")',
        '{where}: drawn_from {value} is not allowed (only "step")',
    ),
    "content_screen_press_unknown": (
        "{where}: press {press} không phải một trong các mục {items}",
        "{where}: press {press} is not one of its items {items}",
    ),
    "content_malformed_service": (
        "services.toml: dịch vụ sai cấu trúc ({exc})",
        "services.toml: malformed service ({exc})",
    ),
    "content_markup": (
        "{file}: {where} có thẻ định dạng ({text}); hãy viết chữ thường",
        "{file}: {where} has markup ({text}); write plain words",
    ),
    "content_unsayable": (
        ("{file}: lời đọc của bước {number} có {fault}: không đọc được {found} như đã viết"),
        ("{file}: step {number} spoken has {fault}: {found} cannot be said as written"),
    ),
    "content_sound_length": (
        "{what}: tiếng dài {heard} giây nhưng hình dài {pictures} giây",
        "{what}: the sound lasts {heard} s but the pictures {pictures} s",
    ),
    "content_video_length": (
        ("{what}: video dài {pictures} giây, các trang chiếu dài {seconds} giây"),
        "{what}: the video lasts {pictures} s, its slides {seconds} s",
    ),
    "content_sound_clips": (
        (
            "{what}: tiếng bị vỡ (một mẫu giải mã ở mức {loudest} của toàn "
            "thang); hãy thu nhỏ tiếng hơn"
        ),
        (
            "{what}: the sound clips (a decoded sample at {loudest} of full "
            "scale); record it quieter"
        ),
    ),
    "content_cue_count": (
        "{what}: {count} đoạn phụ đề cho {steps} bước",
        "{what}: {count} caption cues for {steps} steps",
    ),
    "content_video_unreadable": (
        "{what}: không đọc được video ({exc})",
        "{what}: the video cannot be read ({exc})",
    ),
    "content_step_silent": (
        ("{what}: bước {number} im lặng từ giây {start} đến giây {end} (không nghe thấy lời đọc)"),
        ("{what}: step {number} is silent from {start} s to {end} s (no narration heard)"),
    ),
    "content_cue_order": (
        "{what}: đoạn phụ đề {number} ({start} → {end} giây) sai thứ tự",
        "{what}: caption cue {number} ({start} → {end} s) is out of order",
    ),
    "content_cue_late": (
        ("{what}: đoạn phụ đề {number} kết thúc ở giây {end}, sau khi video hết ở giây {duration}"),
        ("{what}: caption cue {number} ends at {end} s, after the video's end at {duration} s"),
    ),
    "content_cue_text": (
        "{what}: đoạn phụ đề {number} không nói lời của bước {number}",
        "{what}: caption cue {number} does not say step {number}'s text",
    ),
    "content_video_no_picture": ("{what}: video không có hình", "{what}: the video has no picture"),
    "content_video_no_sound": (
        "{what}: video không có tiếng",
        "{what}: the video has no sound track",
    ),
    "content_recordings_partial": (
        (
            "{where}: không có bản thu cho bước {steps}; hãy thu mọi bước "
            "(step-N{suffix}) hoặc không bước nào, để video đọc bằng một "
            "giọng"
        ),
        (
            "{where}: no recording for step {steps}; record every step "
            "(step-N{suffix}) or none, so a video speaks in one voice"
        ),
    ),
    "content_no_espeak": (
        "chưa cài espeak-ng (apt-get install espeak-ng)",
        "espeak-ng is not installed (apt-get install espeak-ng)",
    ),
    "content_recording_type": (
        "{where}{file}: bản thu phải là một trong {types}",
        "{where}{file}: a recording must be one of {types}",
    ),
    "content_recording_step": (
        ("{where}{file}: hướng dẫn có các bước 1 đến {count}, không có bước {number}"),
        "{where}{file}: the guide has steps 1 to {count}, not {number}",
    ),
    "content_recording_twice": (
        "{where}: bước {number} được thu hai lần ({file} và {file2})",
        "{where}: step {number} is recorded twice ({file} and {file2})",
    ),
    "content_no_narration": (
        (
            "{guide}: không có lời đọc: không có bản thu trong guides/{guide}/ "
            "(step-1{suffix} …) và chưa cài espeak-ng với giọng tiếng Việt "
            "(apt-get install espeak-ng)"
        ),
        (
            "{guide}: no narration: no recordings in guides/{guide}/ "
            "(step-1{suffix} …) and espeak-ng with its Vietnamese voice is not "
            "installed (apt-get install espeak-ng)"
        ),
    ),
    "content_narration_length": (
        (
            "{guide}: lời đọc bước {number} ({origin}) dài {seconds} giây; "
            "một bước được đọc trong {least} đến {most} giây"
        ),
        (
            "{guide}: step {number} narration ({origin}) lasts {seconds} s; "
            "a step is said in {least} to {most} s"
        ),
    ),
    "content_espeak_failed": (
        "espeak-ng không đọc được {text}: {detail}",
        "espeak-ng could not say {text}: {detail}",
    ),
    "content_sound_unreadable": (
        "{file}: không đọc được thành tiếng ({exc})",
        "{file}: cannot be read as sound ({exc})",
    ),
    "content_espeak_format": (
        "espeak-ng cho tiếng không phải 16-bit một kênh",
        "espeak-ng gave other than 16-bit mono sound",
    ),
    "content_no_sound": ("{file}: không có tiếng", "{file}: has no sound"),
    "content_qr_no_mask": (
        "không mặt nạ nào làm mã QR của {text} đọc được bằng cả hai bộ giải mã",
        "no mask makes a QR code of {text} read in both decoders",
    ),
    "content_qr_illegible": (
        "không có mã QR nào của {text} đọc lại được bằng cả hai bộ giải mã",
        "no QR code of {text} reads back with both decoders",
    ),
    "content_qr_unread_on_page": (
        "các mã QR không đọc lại được từ trang in: {unread}",
        "QR codes do not read back from the printed page: {unread}",
    ),
    "content_qr_unreadable": (
        (
            "{what}: mã QR không đọc lại được {expected} bằng cả hai bộ giải "
            "mã (zxing-cpp đọc được {by_zxing}, OpenCV đọc được {by_opencv})"
        ),
        (
            "{what}: QR code does not read back {expected} in both decoders "
            "(zxing-cpp decoded {by_zxing}, OpenCV decoded {by_opencv})"
        ),
    ),
}
