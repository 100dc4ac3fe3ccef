"""The hotspot guide server: a volunteer's device serves guide pages to households over its own
Wi-Fi hotspot, with no internet. Standard library only, since it runs on the phone."""
