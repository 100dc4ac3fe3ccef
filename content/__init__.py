"""Guides as data (one TOML file per guide) and the build that turns them into what a
household sees: infographics, videos, QR codes, printable sheets and the manifest."""
