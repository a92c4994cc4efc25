"""Composition root: reads the configuration, builds the services, then starts
the Qt kiosk or runs a command-line command (DESIGN.md §4)."""
from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent
UI_COMMANDS = {None, "screenshot"}


def main(argv: list[str] | None = None) -> int:
    from kiosk import cli
    from kiosk.config import load_config
    from kiosk.errors import KioskError
    from kiosk.logsetup import setup_logging

    args = cli.build_parser().parse_args(argv)
    try:
        config = load_config(os.environ, REPO)
    except KioskError as e:
        print(e.message, file=sys.stderr)
        if args.command is None:
            _show_fatal(e.message)
        return 1
    setup_logging(config.log_dir)
    logging.getLogger(__name__).info("start: %s", args.command or f"ui ({args.mode})")

    def make_services(catalog_only: bool = False, upgrade_schema: bool = True):
        if catalog_only:
            from kiosk.catalog import load_catalog
            catalog = load_catalog(config.catalog_dir, cache_dir=config.data_dir / "cache")
            gc.freeze()  # long-lived from here on: later collections skip them (kiosk/services/container.py)
            return SimpleNamespace(config=config, catalog=catalog, search=catalog.search_index)
        from sqlalchemy.exc import OperationalError

        from kiosk.services.container import build_services
        try:
            return build_services(config, upgrade_schema=upgrade_schema, freeze=True)
        except OperationalError as e:
            # full disk, busy with a migration ("đang nâng cấp"), busy, unreachable server: told apart, logged
            from kiosk.db.errors import explain
            raise KioskError(explain(e, config.database_url)) from None

    if args.command in UI_COMMANDS:
        if args.command == "screenshot":
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from ui import app
        try:
            services = make_services()
        except KioskError as e:
            print(e.message, file=sys.stderr)
            if args.command is None:
                _show_fatal(e.message)
            return 1
        if args.command == "screenshot":
            from ui.screenshot import screenshot
            return screenshot(services, args.screen, Path(args.out))
        return app.run(services, mode=args.mode, windowed=args.windowed, exit_when_shown=args.exit_when_shown)
    return cli.run(args, make_services)


def _show_fatal(message: str) -> None:
    """A configuration error on start: show it in a window when one can be opened."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    try:
        from ui.app import show_fatal
        show_fatal(message)
    except Exception:  # the message is already on stderr
        pass


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `main.py catalog search … | head`: the reader left, nothing is lost
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except KeyboardInterrupt:  # Ctrl+C, e.g. at `clerk add`'s PIN prompt: a line, not a traceback
        print("\nĐã dừng (Ctrl+C).", file=sys.stderr)
        sys.exit(130)
