"""The Flet screens. Each module builds one screen's controls from the services' answers and
calls the services on events; a screen takes a Host (views/host.py), and views/shell.py, the
app's Host, holds the navigation. The app is started by the launcher."""
