"""Qt widgets of the kiosk. Talks to kiosk/ only through its services."""
