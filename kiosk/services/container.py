"""Builds every service from a Config. Called by main.py (the composition root).

The engine and the services whose start-up work must run in every process (schema
check, print jobs left `sending`, half-written files, numbering watermark) are built by
`build_services`; every other service is built, and its module imported, on first use,
and the catalog is loaded on first use too (kiosk/catalog/lazy.py): a receipt reprinted
from its stored snapshot never reads it. A one-shot `dossier receive` so imports neither reportlab (slips, reports)
nor the survey, letters or feedback modules (issue 14: one-shot commands)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.config import Config

if TYPE_CHECKING:  # imported on first use, see the properties below
    from sqlalchemy.engine import Engine
    from sqlalchemy.orm import Session, sessionmaker

    from kiosk.catalog import Catalog, LazyCatalog
    from kiosk.catalog.search import SearchIndex
    from kiosk.db.watermark import CodeWatermark
    from kiosk.printing import PrintQueue
    from kiosk.services.accounts import AccountService
    from kiosk.services.audit import AuditService
    from kiosk.services.dossiers import DossierService
    from kiosk.services.drafts import DraftService
    from kiosk.services.feedback import FeedbackService
    from kiosk.services.letters import LetterService
    from kiosk.services.maintenance import MaintenanceService
    from kiosk.services.printouts import PrintoutService
    from kiosk.services.report_notes import ReportNoteService
    from kiosk.services.reports import ReportService
    from kiosk.services.survey import SurveyService
    from kiosk.services.tickets import TicketService
    from kiosk.speech import Speaker

log = logging.getLogger(__name__)


@dataclass
class Services:
    """The services of one process. Each one below the fields is built on first access
    (and may be replaced by assignment, as tests do)."""
    config: Config
    engine: Engine
    session_factory: sessionmaker[Session]
    catalog: Catalog | LazyCatalog  # loaded on first use (kiosk/catalog/lazy.py)
    extras: dict = field(default_factory=dict)

    @cached_property
    def search(self) -> SearchIndex:
        return self.catalog.search_index

    @cached_property
    def watermark(self) -> CodeWatermark:
        from kiosk.db.watermark import FILE_NAME, CodeWatermark
        return CodeWatermark(self.config.data_dir / FILE_NAME)

    @cached_property
    def print_queue(self) -> PrintQueue:
        from kiosk.printing import PrintQueue, printer_from_setting
        p = self.config.settings.printers
        printers = {paper: printer_from_setting(getattr(p, paper), self.config.print_dir)
                    for paper in ("a4", "a5", "thermal")}
        return PrintQueue(self.session_factory, self.config.data_dir / "print-spool", printers)

    @cached_property
    def accounts(self) -> AccountService:
        from kiosk.services.accounts import AccountService
        return AccountService(self.session_factory)

    @cached_property
    def audit(self) -> AuditService:
        from kiosk.services.audit import AuditService
        return AuditService(self.session_factory)

    @cached_property
    def tickets(self) -> TicketService:
        from kiosk.services.tickets import TicketService
        return TicketService(self.session_factory)

    @cached_property
    def dossiers(self) -> DossierService:
        from kiosk.services.dossiers import DossierService
        return DossierService(self.session_factory, self.catalog, self.config.settings, watermark=self.watermark)

    @cached_property
    def drafts(self) -> DraftService:
        from kiosk.services.drafts import DraftService
        return DraftService(self.session_factory, self.catalog)

    @cached_property
    def speaker(self) -> Speaker:
        from kiosk.speech import Speaker
        return Speaker(self.config.data_dir / "speech-cache")

    @cached_property
    def feedback(self) -> FeedbackService:
        from kiosk.services.feedback import FeedbackService
        return FeedbackService(self.session_factory)

    @cached_property
    def letters(self) -> LetterService:
        from kiosk.services.letters import LetterService
        return LetterService(self.session_factory, self.catalog, self.config.settings, self.dossiers,
                             self.print_queue)

    @cached_property
    def survey(self) -> SurveyService | None:
        """The SIPAS survey (forms_catalog/sipas, config sipas_questionnaire)."""
        from kiosk.catalog.sipas import load_questionnaire
        from kiosk.services.survey import SurveyService
        return SurveyService(self.session_factory, load_questionnaire(
            Path(self.config.catalog_dir), self.config.settings.sipas_questionnaire, self.catalog.problems))

    @cached_property
    def reports(self) -> ReportService:
        from kiosk.services.reports import ReportService
        return ReportService(self.session_factory, self.catalog, self.config.settings.issuing_unit,
                             survey=self.survey)

    @cached_property
    def report_notes(self) -> ReportNoteService | None:
        """The head's assessment kept with each report."""
        from kiosk.services.report_notes import ReportNoteService
        return ReportNoteService(self.session_factory)

    @cached_property
    def maintenance(self) -> MaintenanceService:
        from kiosk.services.maintenance import MaintenanceService
        c = self.config
        return MaintenanceService(self.engine, self.session_factory, c.backup_dir, watermark=self.watermark,
                                  data_dir=c.data_dir, backups_kept=c.settings.backups_kept)

    @cached_property
    def printouts(self) -> PrintoutService:
        from kiosk.services.printouts import PrintoutService
        return PrintoutService(self.catalog, self.config.settings, self.print_queue, self.dossiers)

    def close(self) -> None:
        self.engine.dispose()


def build_services(config: Config, *, upgrade_schema: bool = True, freeze: bool = False) -> Services:
    """`freeze=True` (main.py: one process, one container): the cyclic collector is off while
    the modules are imported and the catalog is loaded, then everything built is frozen
    (gc.freeze), so later collections no longer walk those ~10^5 long-lived objects: a
    one-shot command that imports reportlab afterwards spent 0.2-0.3 s of CPU in collections
    (bench/cli.py). Objects frozen are never freed by the collector: not for tests that build
    many containers in one process."""
    if not freeze:
        return _build_services(config, upgrade_schema, False)
    from kiosk.catalog.lazy import long_lived
    with long_lived():
        return _build_services(config, upgrade_schema, True)


def _load_catalog(config: Config) -> Catalog:
    from kiosk.catalog import load_catalog
    return load_catalog(Path(config.catalog_dir), cache_dir=config.data_dir / "cache")


def _build_services(config: Config, upgrade_schema: bool, freeze: bool) -> Services:
    from kiosk.catalog.lazy import LazyCatalog
    from kiosk.db import migrate
    from kiosk.db.engine import make_engine, make_session_factory

    engine = make_engine(config.database_url)
    pre_upgrade = migrate.upgrade(engine, backup_dir=config.backup_dir) if upgrade_schema else None
    sf = make_session_factory(engine)
    catalog = LazyCatalog(lambda: _load_catalog(config), freeze=freeze)
    services = Services(config=config, engine=engine, session_factory=sf, catalog=catalog)
    if upgrade_schema:
        services.print_queue.recover_interrupted()  # a job left in `sending` by a process that died
    services.maintenance.sweep_partials()  # half-written files of a process that was killed
    if upgrade_schema:
        services.maintenance.raise_numbering_to_watermark()  # a shared database rolled back: no code twice
    if pre_upgrade is not None:
        services.maintenance.rotate_backups()  # keep `backups_kept` automatic backups
    return services
