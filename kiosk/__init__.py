"""Core of the one-stop counter kiosk: data, rules and documents. Never imports Qt."""
