"""The entry point above every package: the command line and the opening of the device store
(cli), the demo with its central API (demo), the web app with its media route and the start of
the sync runner (web), and what the screens get of the device's sync and of its hotspot guide
server (device). Nothing imports it."""
