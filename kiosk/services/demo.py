"""Realistic demo activity with fictional people (`main.py demo seed --weeks N`):
Friday peaks, the procedure mix of a commune, same-day returns at the counter
and through village heads, some late, refused and supplemented dossiers,
assistance tickets, ratings and feedback. Everything goes through the real
services, so codes, due dates and histories are exactly what the counter makes."""
from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from kiosk.errors import KioskError
from kiosk.services.feedback import FEEDBACK_TOPICS, LOW_SCORE_REASONS, FeedbackService
from kiosk.services.survey import SurveyService
from kiosk.services.tickets import TicketService
from kiosk.workdays import is_working_day, working_days_after

MIX = {"2.000815": 30, "1.001193": 18, "2.000884": 10, "1.004873": 8, "2.000635": 8, "1.000894": 6,
       "1.000656": 5, "1.004859": 3, "1.001776": 3, "1.001731": 2, "1.014027": 2, "2.001035": 2, "1.001022": 1,
       "1.004837": 1}
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE_M = ["Văn", "Đức", "Hữu", "Minh", "Quốc", "Thành"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Mỹ", "Thanh", "Kim"]
GIVEN_M = ["Hưởng", "Lượng", "Dũng", "Thắng", "Cường", "Khải", "Ửng", "Toàn", "Đạt", "Vĩnh"]
GIVEN_F = ["Hường", "Duyên", "Lan", "Huệ", "Ánh", "Trinh", "Yến", "Nguyệt", "Thủy", "Nhung"]
# SIPAS demo: per factor, the weights of levels 1..5 (feedback handling rated lowest, as in
# published SIPAS results) and the chance of "Không có ý kiến"
SURVEY_LEVELS = {"I": [2, 4, 14, 50, 30], "II": [2, 3, 10, 50, 35], "III": [1, 2, 8, 45, 44],
                 "IV": [1, 2, 9, 48, 40], "V": [5, 9, 22, 42, 22]}
SURVEY_NO_OPINION = {"V": 0.3}
SURVEY_COMMENTS = ["Nên có thêm quạt ở phòng chờ", "Cán bộ hướng dẫn tận tình, dễ hiểu",
                   "Mong xã báo kết quả xử lý kiến nghị sớm hơn", "Chỗ để xe hơi chật"]
FEEDBACK = ["Cần thêm ghế chờ cho người già", "Cán bộ hướng dẫn rất tận tình", "Mong xã nhắn tin khi có kết quả",
            "Đường vào thôn 2 bị hỏng, đề nghị sửa", "Máy in ở sảnh hay hết giấy"]


def _person(rng: random.Random, villages: list[str]) -> dict[str, str]:
    female = rng.random() < 0.55
    born = date(rng.randrange(1940, 2006), rng.randrange(1, 13), rng.randrange(1, 29))
    century = (born.year // 100 - 19) * 2 + (1 if female else 0)
    cccd = f"068{century}{born.year % 100:02d}{rng.randrange(10**6):06d}"
    name = " ".join([rng.choice(FAMILY), rng.choice(MIDDLE_F if female else MIDDLE_M),
                     rng.choice(GIVEN_F if female else GIVEN_M)])
    village = rng.choice(villages) if villages else ""
    person = {"full_name": name, "date_of_birth": born.strftime("%d/%m/%Y"), "sex": "Nữ" if female else "Nam",
              "cccd": cccd, "phone": f"09{rng.randrange(10**8):08d}"}
    if village:
        person.update(village=village, address=f"{village}, xã Hòa Bình")
    return person


def _at(day: date, rng: random.Random, start_hour=7, end_hour=16) -> datetime:
    return datetime.combine(day, time(start_hour)) + timedelta(minutes=rng.randrange((end_hour - start_hour) * 60))


def seed_demo(services, weeks: int, today: date | None = None, seed: int = 2026) -> str:
    rng = random.Random(seed)
    today = today or date.today()
    settings = services.config.settings
    villages = [v.name for v in settings.villages]
    clerks = services.accounts.list_clerks()
    clerk = clerks[0] if clerks else services.accounts.create_clerk("Trần Văn Bình", "246813")
    if not any(c.role == "head" for c in clerks):
        try:
            services.accounts.create_clerk("Lê Thị Mỹ Duyên", "864213", role="head")
        except KioskError:
            pass
    codes = [c for c in MIX if c in services.catalog.procedures]
    weights = [MIX[c] for c in codes]
    start = today - timedelta(weeks=weeks)
    counts = {"dossiers": 0, "tickets": 0, "ratings": 0, "feedback": 0, "surveys": 0}
    day = start
    while day < today:
        if is_working_day(day, settings.extra_holidays):
            n = rng.randrange(12, 22) if day.weekday() == settings.model_weekday else rng.randrange(3, 9)
            for _ in range(n):
                _one_dossier(services, rng, day, today, rng.choices(codes, weights)[0], villages, clerk.id, counts)
            _tickets_and_ratings(services, rng, day, counts)
            _surveys(services, rng, day, counts)
        day += timedelta(days=1)
    return (f"Đã tạo {counts['dossiers']} hồ sơ, {counts['tickets']} phiếu hỗ trợ, {counts['ratings']} lượt đánh giá, "
            f"{counts['feedback']} góp ý, {counts['surveys']} phiếu khảo sát SIPAS trong {weeks} tuần (người giả định). Cán bộ mẫu: {clerk.name}, PIN 246813; "
            "trưởng bộ phận: Lê Thị Mỹ Duyên, PIN 864213.")


def _one_dossier(services, rng, day, today, code, villages, clerk_id, counts) -> None:
    ds = services.dossiers
    proc = services.catalog.procedures[code]
    received = _at(day, rng, 7, 15)
    info = ds.receive_dossier(code, _person(rng, villages), clerk_id, channel=rng.choice(["direct"] * 9 + ["online"]),
                              proxy_written=proc.proxy_writing.allowed and rng.random() < 0.35,
                              guided_online=rng.random() < 0.1, now=received)
    counts["dossiers"] += 1
    fate = rng.random()
    extra = services.config.settings.extra_holidays
    if fate < 0.03:
        ds.refuse(info.code, "Giấy tờ xuất trình không còn giá trị sử dụng.", clerk_id, now=received)
        return
    if fate < 0.08:
        ds.request_supplement(info.code, [proc.required_documents[0].name], clerk_id, now=received)
        back = working_days_after(received, 2, extra)
        if back >= today:
            return
        info = ds.mark_supplemented(info.code, clerk_id, now=_at(back, rng, 8, 10))
    due = info.effective_due_date
    if fate > 0.97 and due < today:
        later = working_days_after(due, 2, extra)
        ds.postpone(info.code, later, "Cần xác minh thêm thông tin với cơ quan khác.", clerk_id,
                    now=datetime.combine(due, time(16)))
        due = later
    late = rng.random() < 0.05
    done_day = working_days_after(due, 1, extra) if late else due
    if done_day > today or (done_day == today and datetime.now().hour < 16):
        return
    done_at = max(_at(done_day, rng, 8, 17), received + timedelta(minutes=30))
    if done_day == received.date() and rng.random() < 0.3 and info.applicant and info.applicant.village:
        ds.record_return(info.code, "village-head", village=info.applicant.village, clerk_id=clerk_id, now=done_at)
    else:
        via = rng.choices(["counter", "post", "online"], [85, 10, 5])[0]
        ds.record_return(info.code, via, clerk_id=clerk_id, now=done_at)


def _tickets_and_ratings(services, rng, day, counts) -> None:
    sf = services.session_factory
    for _ in range(rng.randrange(1, 6)):
        created = _at(day, rng, 7, 15)
        clock = {"now": created}
        tickets = TicketService(sf, clock=lambda: clock["now"])
        t = tickets.take_ticket(rng.choice(list(MIX)), priority=rng.random() < 0.3)
        clock["now"] = created + timedelta(minutes=rng.randrange(2, 25))
        tickets.call_next()
        clock["now"] += timedelta(minutes=rng.randrange(5, 20))
        tickets.mark_served(t.id)
        counts["tickets"] += 1
    fb = FeedbackService(sf, clock=lambda: _at(day, rng, 8, 16))
    for _ in range(rng.randrange(2, 8)):
        score = rng.choices([5, 4, 3, 2, 1], [55, 30, 9, 4, 2])[0]
        fb.rate(score, reasons=[rng.choice(LOW_SCORE_REASONS)] if score <= 3 else None)
        counts["ratings"] += 1
    if rng.random() < 0.25:
        f = fb.submit(rng.choice(FEEDBACK_TOPICS), rng.choice(FEEDBACK))
        counts["feedback"] += 1
        if rng.random() < 0.5:
            fb.assign(f.id, "Văn phòng – Thống kê")


def _surveys(services, rng, day, counts) -> None:
    """A few SIPAS answers a day through the real service; some stop early, some skip."""
    if getattr(services, "survey", None) is None or not services.survey.available:
        return
    svc = SurveyService(services.session_factory, services.survey.questionnaire, clock=lambda: _at(day, rng, 8, 16))
    items = svc.questionnaire.items
    for _ in range(rng.randrange(0, 4)):
        rid = svc.start(procedure_field=rng.choice(["Hộ tịch", "Chứng thực", "Bảo trợ xã hội", None]))
        answered = len(items) if rng.random() < 0.75 else rng.randrange(1, len(items))
        for factor, criterion in items[:answered]:
            skip = rng.random() < SURVEY_NO_OPINION.get(factor.code, 0.05)
            level = None if skip else rng.choices([1, 2, 3, 4, 5], SURVEY_LEVELS.get(factor.code, [1, 1, 1, 1, 1]))[0]
            svc.answer(rid, criterion.code, level)
        if rng.random() < 0.1:
            svc.comment(rid, rng.choice(SURVEY_COMMENTS))
        counts["surveys"] += 1
