"""What the launcher says on the console: the command line's help and the demo's progress."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # The command line (launcher.cli)
    "cli_description": (
        "Ứng dụng tổ công nghệ số cộng đồng",
        "The community digital-technology team's app",
    ),
    "cli_demo": ("dữ liệu mẫu trong thư mục data/demo", "sample data in the data/demo folder"),
    "cli_desktop": (
        "mở cửa sổ máy tính thay vì trình duyệt",
        "open a desktop window instead of the browser",
    ),
    "cli_data_dir": (
        "thư mục dữ liệu (mặc định: data/demo với --demo)",
        "the data folder (by default data/demo with --demo)",
    ),
    "cli_central_port": (
        "cổng máy chủ trung tâm chạy kèm bản demo (0: không chạy)",
        "the port of the central server run beside the demo (0: none)",
    ),
    # The web app (launcher.web)
    "web_running": (
        "Ứng dụng đang chạy tại {url}  (Ctrl+C để dừng)",
        "The app is running at {url}  (Ctrl+C to stop)",
    ),
    # In a volunteer's hand (issue 14): the web build's face while it loads (launcher.webclient)
    "web_app_name": ("Tổ CNSCĐ", "Tổ CNSCĐ"),
    "web_full_name": ("Tổ công nghệ số cộng đồng", "Community digital-technology team"),
    "web_icon_text": ("Tổ\nCNSCĐ", "Tổ\nCNSCĐ"),
    "web_description": (
        "Hướng dẫn dịch vụ công trực tuyến và ghi nhận hỗ trợ hộ gia đình",
        "Guides to online public services and a record of the help given",
    ),
    "web_loading": ("Đang mở ứng dụng…", "Opening the app…"),
    "web_error": ("Ứng dụng gặp lỗi: {message}", "The app ran into an error: {message}"),
    # The demo (launcher.demo)
    "demo_device_name": ("Máy demo", "Demo device"),
    "demo_port_taken": (
        "Cổng {port} đang bận: bản demo chạy không kèm máy chủ trung tâm.",
        "Port {port} is taken: the demo runs without the central server.",
    ),
    "demo_seed_failed": (
        "Không chuẩn bị được máy chủ trung tâm của bản demo: {detail}",
        "The demo's central server could not be prepared: {detail}",
    ),
    "demo_central_running": (
        "Máy chủ trung tâm (demo): {url} — {detail}",
        "Central server (demo): {url} — {detail}",
    ),
    "demo_central_failed": (
        "Máy chủ trung tâm của bản demo không khởi động được; xem data/demo/server.log.",
        "The demo's central server did not start; see data/demo/server.log.",
    ),
    # The demo's public address, which its QR codes hold (issue 13)
    "demo_public_address": (
        "Mã QR của bản demo mở {url}… {where}",
        "The demo's QR codes open {url}… {where}",
    ),
    "demo_on_lan": (
        "(điện thoại cùng mạng Wi-Fi với máy này mở được)",
        "(a phone on this machine's Wi-Fi network can open them)",
    ),
    "demo_on_this_machine": (
        "(máy này không có mạng nội bộ: chỉ mở được trên chính máy này)",
        "(this machine has no local network: they open on this machine only)",
    ),
    "demo_enrol_failed": (
        "Không ghi danh được máy demo: {message}",
        "The demo device could not be enrolled: {message}",
    ),
}
