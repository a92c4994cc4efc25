"""Builds every service from a Config. Called by main.py (the composition root)."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.catalog import Catalog, load_catalog
from kiosk.catalog.search import SearchIndex
from kiosk.config import Config
from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory
from kiosk.db.watermark import FILE_NAME as WATERMARK_FILE, CodeWatermark
from kiosk.services.accounts import AccountService
from kiosk.services.audit import AuditService
from kiosk.services.tickets import TicketService
from kiosk.services.dossiers import DossierService
from kiosk.services.drafts import DraftService
from kiosk.services.feedback import FeedbackService
from kiosk.services.letters import LetterService
from kiosk.services.maintenance import MaintenanceService
from kiosk.services.reports import ReportService
from kiosk.services.report_notes import ReportNoteService
from kiosk.services.printouts import PrintoutService
from kiosk.services.survey import SurveyService, load_questionnaire
from kiosk.printing import PrintQueue, printer_from_setting
from kiosk.speech import Speaker

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    engine: Engine
    session_factory: sessionmaker[Session]
    catalog: Catalog
    search: SearchIndex
    accounts: AccountService
    audit: AuditService
    tickets: TicketService
    dossiers: DossierService
    drafts: DraftService
    speaker: Speaker
    print_queue: PrintQueue
    feedback: FeedbackService
    letters: LetterService
    reports: ReportService
    maintenance: MaintenanceService
    printouts: PrintoutService
    extras: dict = field(default_factory=dict)
    survey: SurveyService | None = None  # the SIPAS survey (forms_catalog/sipas, config sipas_questionnaire)
    report_notes: ReportNoteService | None = None  # the head's assessment kept with each report

    def close(self) -> None:
        self.engine.dispose()


def build_services(config: Config, *, upgrade_schema: bool = True) -> Services:
    engine = make_engine(config.database_url)
    pre_upgrade = migrate.upgrade(engine, backup_dir=config.backup_dir) if upgrade_schema else None
    sf = make_session_factory(engine)
    catalog = load_catalog(Path(config.catalog_dir), cache_dir=config.data_dir / "cache")
    p = config.settings.printers
    printers = {paper: printer_from_setting(getattr(p, paper), config.print_dir) for paper in ("a4", "a5", "thermal")}
    queue = PrintQueue(sf, config.data_dir / "print-spool", printers)
    if upgrade_schema:
        queue.recover_interrupted()  # a job left in `sending` by a process that died
    watermark = CodeWatermark(config.data_dir / WATERMARK_FILE)
    dossiers = DossierService(sf, catalog, config.settings, watermark=watermark)
    survey = SurveyService(sf, load_questionnaire(Path(config.catalog_dir), config.settings.sipas_questionnaire,
                                                  catalog.problems))
    services = Services(
        config=config,
        engine=engine,
        session_factory=sf,
        catalog=catalog,
        search=catalog.search_index,
        accounts=AccountService(sf),
        audit=AuditService(sf),
        tickets=TicketService(sf),
        dossiers=dossiers,
        drafts=DraftService(sf, catalog),
        speaker=Speaker(config.data_dir / "speech-cache"),
        print_queue=queue,
        feedback=FeedbackService(sf),
        letters=LetterService(sf, catalog, config.settings, dossiers, queue),
        reports=ReportService(sf, catalog, config.settings.issuing_unit, survey=survey),
        report_notes=ReportNoteService(sf),
        maintenance=MaintenanceService(engine, sf, config.backup_dir, watermark=watermark, data_dir=config.data_dir,
                                       backups_kept=config.settings.backups_kept),
        printouts=PrintoutService(catalog, config.settings, queue, dossiers),
        survey=survey,
    )
    services.maintenance.sweep_partials()  # half-written files of a process that was killed
    if upgrade_schema:
        services.maintenance.raise_numbering_to_watermark()  # a shared database rolled back: no code twice
    if pre_upgrade is not None:
        services.maintenance.rotate_backups()  # keep `backups_kept` automatic backups
    return services
