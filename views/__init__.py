"""The Flet screens. Each module builds one screen's controls from the services' answers and
calls the services on events; views/shell.py holds the navigation and starts the app."""
