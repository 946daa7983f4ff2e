"""Demo trainings: three courses of the programme. Two have already run (sessions in the demo
municipalities, attendance, paper tests before and after, anonymous evaluations, certificates);
the third is coming up, open for enrolment, with its pre-test open. Built through the services
as SYSTEM; runs after the directory demo and is idempotent (a course that exists is left alone).
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from partnerstvo.accounts.models import User
from partnerstvo.core.permissions import SYSTEM
from partnerstvo.core.transliteration import slugify_bg
from partnerstvo.directory import services as directory
from partnerstvo.directory.models import (
    Administration,
    AdministrationMembership,
    Municipality,
    Organisation,
    OrganisationMembership,
    Person,
)

from . import services
from .models import (
    Course,
    Enrolment,
    EvaluationItem,
    KnowledgeTest,
    Module,
    ParticipantData,
    Programme,
    Question,
    Session,
)

PROGRAMME = "Партньорство между структурите на гражданското общество и общинските администрации"

# Municipal staff who take part (administration municipality code, first, last).
STAFF = [
    ("VTR06", "Йоана", "Славова"),
    ("VTR06", "Милен", "Димов"),
    ("PVN10", "Анна", "Борисова"),
    ("PVN10", "Тодор", "Ганчев"),
    ("LOV18", "Ива", "Пенкова"),
    ("GAB05", "Райна", "Стефанова"),
]

TF = [("Вярно", True), ("Невярно", False)]
TF_FALSE = [("Вярно", False), ("Невярно", True)]

COURSES = [
    {
        "title": "Партньорство между НПО и общината",
        "target_group": "mixed",
        "hours": 16,
        "capacity": 20,
        "municipality": "VTR06",
        "venue": "Заседателна зала на Община Горна Оряховица",
        "days_from_now": -60,
        "objectives": (
            "Участниците познават правната рамка на гражданското участие, формите на "
            "партньорство между СГО и общината и умеят да подготвят споразумение за "
            "партньорство и да участват в обществени консултации."
        ),
        "modules": [
            ("Правна рамка на гражданското участие", 4),
            ("Форми на партньорство и добри практики", 6),
            ("Обществени консултации и справка за становищата", 6),
        ],
        "questions": {
            "A": [
                (
                    "single",
                    "Какъв е минималният срок за обществена консултация по Закона за "
                    "нормативните актове?",
                    [("14 дни", False), ("30 дни", True), ("7 дни", False)],
                ),
                (
                    "true_false",
                    "Общината е длъжна да публикува справка за постъпилите становища.",
                    TF,
                ),
                (
                    "multiple",
                    "Кои са форми на партньорство между СГО и общината?",
                    [
                        ("Споразумение за сътрудничество", True),
                        ("Консултативен съвет", True),
                        ("Договор за обществена поръчка без конкурс", False),
                    ],
                ),
                (
                    "single",
                    "Кой орган приема наредбите на общината?",
                    [
                        ("Кметът", False),
                        ("Общинският съвет", True),
                        ("Областният управител", False),
                    ],
                ),
            ],
            "B": [
                (
                    "single",
                    "В кои случаи срокът на консултация може да е 14 дни?",
                    [
                        ("По желание на кмета", False),
                        ("При изключителни случаи с мотиви", True),
                        ("Винаги", False),
                    ],
                ),
                ("true_false", "Становищата на гражданите могат да остават без отговор.", TF_FALSE),
                (
                    "multiple",
                    "Какво съдържа едно споразумение за партньорство?",
                    [
                        ("Предмет и срок", True),
                        ("Права и задължения на страните", True),
                        ("Личните данни на всички членове на СГО", False),
                    ],
                ),
                (
                    "single",
                    "Къде се публикуват проектите на нормативни актове?",
                    [
                        ("На сайта на общината и портала за консултации", True),
                        ("Само в местния вестник", False),
                        ("Никъде", False),
                    ],
                ),
            ],
        },
    },
    {
        "title": "Управление на проекти",
        "target_group": "cso",
        "hours": 24,
        "capacity": 16,
        "municipality": "PVN10",
        "venue": "Читалище „Пробуда 1903“, Долна Митрополия",
        "days_from_now": -30,
        "objectives": (
            "Участниците умеят да планират проект с логическа рамка, да съставят бюджет, да "
            "управляват рискове и да отчитат резултати пред финансиращия орган."
        ),
        "modules": [
            ("Цикъл на проекта и логическа рамка", 8),
            ("Бюджет и финансово управление", 8),
            ("Мониторинг, отчитане и публичност", 8),
        ],
        "questions": {
            "A": [
                (
                    "single",
                    "Какво описва логическата рамка?",
                    [
                        ("Връзката между дейности, резултати и цели", True),
                        ("Само бюджета", False),
                        ("Организационната структура", False),
                    ],
                ),
                ("true_false", "Индикаторите трябва да са измерими.", TF),
                (
                    "multiple",
                    "Кои разходи обикновено са допустими?",
                    [
                        ("Възнаграждения на екипа", True),
                        ("Материали за обучение", True),
                        ("Глоби и неустойки", False),
                    ],
                ),
                (
                    "single",
                    "Какво е мерките за публичност по проект с европейско финансиране?",
                    [
                        ("Емблема на ЕС и текст за финансирането", True),
                        ("Реклама по радиото", False),
                        ("Нищо", False),
                    ],
                ),
            ],
            "B": [
                (
                    "single",
                    "Кое е резултат, а не дейност?",
                    [
                        ("Проведено обучение", False),
                        ("40 обучени служители", True),
                        ("Закупен проектор", False),
                    ],
                ),
                ("true_false", "Рисковете се оценяват само в края на проекта.", TF_FALSE),
                (
                    "multiple",
                    "Какво съдържа междинният отчет?",
                    [
                        ("Изпълнени дейности", True),
                        ("Постигнати индикатори", True),
                        ("Рекламни брошури на партньорите", False),
                    ],
                ),
                (
                    "single",
                    "Кой носи отговорност за финансовото отчитане?",
                    [("Бенефициентът", True), ("Случаен доброволец", False), ("Медиите", False)],
                ),
            ],
        },
    },
    {
        "title": "Стратегическо планиране на местно ниво",
        "target_group": "mixed",
        "hours": 16,
        "capacity": 18,
        "municipality": "LOV18",
        "venue": "Общински младежки дом, Ловеч",
        "days_from_now": 21,
        "objectives": (
            "Участниците познават етапите на стратегическото планиране, умеят да правят "
            "SWOT анализ, да формулират цели и мерки и да участват в наблюдението на "
            "плана за интегрирано развитие на общината."
        ),
        "modules": [
            ("Анализ на местните нужди", 6),
            ("Цели, мерки и индикатори", 6),
            ("Съвместно наблюдение и оценка", 4),
        ],
        "questions": {
            "A": [
                (
                    "single",
                    "Какво означава буквата „О“ в SWOT?",
                    [
                        ("Отговорности", False),
                        ("Opportunities – възможности", True),
                        ("Организация", False),
                    ],
                ),
                ("true_false", "Планът за интегрирано развитие се обсъжда публично.", TF),
                (
                    "multiple",
                    "Кои са добри индикатори?",
                    [
                        ("Брой обучени служители", True),
                        ("Дял на онлайн услугите", True),
                        ("„Повече доволство“", False),
                    ],
                ),
                (
                    "single",
                    "Кой приема плана за интегрирано развитие на общината?",
                    [("Общинският съвет", True), ("Министерството", False), ("Кметът сам", False)],
                ),
            ],
            "B": [
                (
                    "single",
                    "Кое е силна страна, а не възможност?",
                    [
                        ("Активни местни НПО", True),
                        ("Нова европейска програма", False),
                        ("Растящ туризъм в региона", False),
                    ],
                ),
                ("true_false", "Стратегията не се нуждае от наблюдение.", TF_FALSE),
                (
                    "multiple",
                    "Кой участва в съвместното наблюдение?",
                    [
                        ("Общинската администрация", True),
                        ("Граждански организации", True),
                        ("Никой извън кметството", False),
                    ],
                ),
                (
                    "single",
                    "Каква е целта на SMART формулировката?",
                    [
                        ("Целите да са конкретни и измерими", True),
                        ("Да звучи добре", False),
                        ("Да е кратка", False),
                    ],
                ),
            ],
        },
    },
]

ESF_CHOICES = {
    "gender": ["female", "female", "male"],
    "age_group": ["18_29", "30_54", "30_54", "55_plus"],
    "employment_status": ["employed", "employed", "employed", "unemployed"],
    "education_level": ["isced_5_8", "isced_5_8", "isced_3_4"],
}


def load() -> list[tuple[str, str, str]]:
    trainer = User.objects.filter(email="trener@partnerstvo.bg").first()
    if trainer is None:
        return []
    programme = Programme.objects.filter(title=PROGRAMME).first() or services.programme_save(
        actor=SYSTEM,
        programme=Programme(),
        data={
            "title": PROGRAMME,
            "description": "Специализирани обучения за представители на СГО и общински служители.",
        },
    )
    people = _participants()
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data
    for spec in COURSES:
        if Course.objects.filter(title=spec["title"]).exists():
            continue
        _build_course(spec=spec, programme=programme, trainer=trainer, people=people, rng=rng)
    return []


def _participants() -> list[tuple[Person, Organisation | None, Administration | None]]:
    """CSO chairs and members of the directory demo, and a few municipal staff."""
    chosen: list[tuple[Person, Organisation | None, Administration | None]] = []
    member = Person.objects.filter(email="chlen@iskar-bg.org").first()
    if member is not None:
        membership = OrganisationMembership.objects.filter(person=member).first()
        chosen.append((member, membership.organisation if membership else None, None))
    for membership in (
        OrganisationMembership.objects.filter(role="admin", organisation__in_programme=True)
        .exclude(person__email__endswith="partnerstvo.bg")
        .select_related("person", "organisation")
        .order_by("organisation__name")[:14]
    ):
        chosen.append((membership.person, membership.organisation, None))
    for code, first, last in STAFF:
        administration = Administration.objects.filter(municipality__code=code).first()
        if administration is None:
            continue
        email = f"{slugify_bg(first)}.{slugify_bg(last)}@obshtina-{code.lower()}.example.bg"
        person = Person.objects.filter(email=email).first() or directory.person_create(
            actor=SYSTEM, data={"first_name": first, "last_name": last, "email": email}
        )
        if not AdministrationMembership.objects.filter(
            person=person, administration=administration
        ).exists():
            directory.administration_membership_save(
                actor=SYSTEM,
                membership=AdministrationMembership(),
                data={
                    "person": person,
                    "administration": administration,
                    "role": "staff",
                    "position": "Старши експерт",
                },
            )
        chosen.append((person, None, administration))
    return chosen


def _build_course(*, spec, programme, trainer, people, rng) -> None:
    municipality = Municipality.objects.get(code=spec["municipality"])
    course = services.course_create(
        actor=SYSTEM,
        data={
            "programme": programme,
            "title": spec["title"],
            "learning_objectives": spec["objectives"],
            "hours": spec["hours"],
            "target_group": spec["target_group"],
            "trainers": [trainer],
            "capacity": spec["capacity"],
            "is_published": True,
            "enrolment_open": spec["days_from_now"] > 0,
        },
    )
    for order, (title, hours) in enumerate(spec["modules"], start=1):
        services.module_save(
            actor=SYSTEM,
            module=Module(),
            data={"course": course, "order": order, "title": title, "hours": hours},
        )
    for form, questions in spec["questions"].items():
        for order, (kind, text, options) in enumerate(questions, start=1):
            services.question_save(
                actor=SYSTEM,
                question=Question(),
                data={
                    "course": course,
                    "form": form,
                    "kind": kind,
                    "text": text,
                    "options": [{"text": t, "correct": c} for t, c in options],
                    "points": 2 if kind == "multiple" else 1,
                    "order": order,
                },
            )

    local_now = timezone.localtime()
    first_day = (local_now + datetime.timedelta(days=spec["days_from_now"])).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    past = spec["days_from_now"] < 0
    # Pre-test: open from now (or the course's announcement) until the first session ends;
    # post-test: from the last session for a week.
    last_day = first_day + datetime.timedelta(days=1)
    pre_opens = min(local_now, first_day) - datetime.timedelta(days=14)
    services.knowledge_test_save(
        actor=SYSTEM,
        test=KnowledgeTest(),
        data={
            "course": course,
            "kind": "pre",
            "opens_at": pre_opens,
            "closes_at": first_day + datetime.timedelta(hours=8),
        },
    )
    services.knowledge_test_save(
        actor=SYSTEM,
        test=KnowledgeTest(),
        data={
            "course": course,
            "kind": "post",
            "opens_at": last_day + datetime.timedelta(hours=4),
            "closes_at": last_day + datetime.timedelta(days=7),
        },
    )

    # Enrol while the sessions are still to be scheduled (the service refuses ended courses).
    size = min(len(people), spec["capacity"] - (4 if not past else 0))
    start = rng.randrange(len(people)) if people else 0
    selection = [people[(start + i) % len(people)] for i in range(size)]
    if people and people[0] not in selection:
        selection[0] = people[0]  # the demo member takes part in every course
    enrolments = []
    for person, organisation, administration in selection:
        enrolments.append(
            services.enrolment_create(
                actor=SYSTEM,
                course=course,
                person=person,
                organisation=organisation,
                administration=administration,
                notify=False,
            )
        )
    sessions = []
    for day, title in enumerate(("Ден 1", "Ден 2")):
        begins = first_day + datetime.timedelta(days=day)
        sessions.append(
            services.session_save(
                actor=SYSTEM,
                session=Session(),
                data={
                    "course": course,
                    "title": title,
                    "starts_at": begins,
                    "ends_at": begins + datetime.timedelta(hours=7),
                    "municipality": municipality,
                    "venue": spec["venue"],
                    "trainer": trainer,
                },
            )
        )
    if not past:
        return

    for index, enrolment in enumerate(enrolments):
        _esf_data(enrolment.person, rng, index)
    present_both = []
    for session in sessions:
        marks = {}
        for index, enrolment in enumerate(enrolments):
            # Most come to both days; a couple miss one, one never comes.
            if index == len(enrolments) - 1 or (index % 7 == 3 and session is sessions[1]):
                marks[enrolment.pk] = False
            else:
                marks[enrolment.pk] = True
        services.attendance_mark(actor=SYSTEM, session=session, present=marks)
    for index, enrolment in enumerate(enrolments[:-1]):
        present_both.append(enrolment)
        _paper_test(enrolment, "pre", rng, skill=0.35)
        if index % 9 != 5:  # one skips the post-test
            _paper_test(enrolment, "post", rng, skill=0.8)
    items = list(EvaluationItem.objects.filter(course=course))
    comments = [
        "Много практично, с примери от нашите общини.",
        "Повече време за упражнения.",
        "Полезни шаблони на документи.",
        "",
    ]
    for index, enrolment in enumerate(present_both):
        enrolment.refresh_from_db()
        if index % 4 == 3 or enrolment.status not in Enrolment.PARTICIPATED:
            continue  # some have not answered yet
        answers = {}
        for item in items:
            if item.kind == "likert":
                answers[item.pk] = rng.choice([4, 4, 5, 5, 5, 3])
            else:
                answers[item.pk] = rng.choice(comments)
        services.evaluation_submit(actor=SYSTEM, enrolment=enrolment, answers=answers)
    services.evaluation_pools_release(actor=SYSTEM, course=course)  # if the course has ended
    services.certificates_issue_for_course(actor=SYSTEM, course=course)


def _paper_test(enrolment: Enrolment, kind: str, rng: random.Random, *, skill: float) -> None:
    answers = {}
    for question in Question.objects.filter(
        course_id=enrolment.course_id, form=enrolment.form_for(kind)
    ):
        if rng.random() < skill:
            answers[question.pk] = sorted(question.correct_indexes)
        else:
            wrong = [i for i, o in enumerate(question.options) if not o["correct"]]
            answers[question.pk] = [rng.choice(wrong)]
    services.attempt_submit(
        actor=SYSTEM, enrolment=enrolment, kind=kind, answers=answers, source="paper"
    )


def _esf_data(person: Person, rng: random.Random, index: int) -> None:
    if ParticipantData.objects.filter(person=person).exists():
        return
    if index % 8 == 6:
        services.participant_data_save(actor=SYSTEM, person=person, consent=False, data={})
        return
    data = {name: rng.choice(values) for name, values in ESF_CHOICES.items()}
    data["rural_area"] = rng.random() < 0.4
    data["disability"] = True if rng.random() < 0.05 else None
    if index % 8 == 4:
        data["education_level"] = ""  # incomplete: does not count in the ESF totals
    services.participant_data_save(actor=SYSTEM, person=person, consent=True, data=data)
