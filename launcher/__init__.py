"""The entry point above every package: the command line and the opening of the device store
(cli), the demo with its central API (demo), and the web app with its media route and the
start of the sync runner (web). Nothing imports it."""
