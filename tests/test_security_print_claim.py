"""Two counter PCs on PostgreSQL press "In lại" on the same failed job at the same moment:
it is sent once (the claim is one conditional UPDATE; a read then a write let both claim it
under READ COMMITTED). Needs PostgreSQL (make test starts one); skipped otherwise."""
import os
import threading
import uuid

import pytest
from sqlalchemy import create_engine, text

from kiosk.db import migrate
from kiosk.db.engine import make_engine, make_session_factory, postgres_url
from kiosk.printing import PrintQueue, PrinterError

pytestmark = [pytest.mark.skipif(not os.environ.get("KIOSK_TEST_POSTGRES_URL"),
                                 reason="KIOSK_TEST_POSTGRES_URL not set (make test starts a throw-away PostgreSQL)"),
              pytest.mark.xdist_group("postgres")]  # every test on the one server runs in one worker


class SlowPrinter:
    name = "slow"

    def __init__(self):
        self.sent, self.fail = [], True

    def send(self, pdf, title, copies):
        if self.fail:
            raise PrinterError("hết giấy")
        self.sent.append(title)
        return "ok"


def test_two_pcs_retrying_one_job_print_it_once(tmp_path):
    from sqlalchemy import make_url
    base = postgres_url(os.environ["KIOSK_TEST_POSTGRES_URL"])
    name = f"kiosk_claim_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(make_url(base).set(database=name).render_as_string(hide_password=False))
    try:
        migrate.upgrade(engine)
        printer = SlowPrinter()
        queues = [PrintQueue(make_session_factory(engine), tmp_path / f"spool{i}", {"a4": printer, "a5": printer,
                                                                                    "thermal": printer})
                  for i in range(2)]
        job = queues[0].submit("receipt", "Giấy tiếp nhận", b"%PDF-1.4 test")
        assert job.status == "failed"
        printer.fail = False
        barrier = threading.Barrier(2)
        results = []

        def retry(q):
            barrier.wait()
            results.append(q.retry(job.id).status)

        threads = [threading.Thread(target=retry, args=(q,)) for q in queues]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert printer.sent == [f"job-{job.id:06d}.pdf"]  # sent once, titled by job number only
    finally:
        engine.dispose()
        with admin.connect() as c:
            c.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
