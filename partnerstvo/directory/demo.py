"""Demo data of the programme: its 25 municipalities, a CSO in each, their administrations and
people in every role. Run through the services as the SYSTEM actor, so the audit trail shows it.

The EIKs are synthetic (valid check digits, not the organisations' real numbers)."""

from __future__ import annotations

import datetime

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.core.validators import eik_is_valid

from . import services
from .models import (
    Administration,
    AdministrationMembership,
    AdministrationUnit,
    AreaOfWork,
    Municipality,
    Organisation,
    OrganisationMembership,
    Person,
)

AREAS = [
    ("Гражданско участие и добро управление", "Civic participation and good governance"),
    ("Социални услуги", "Social services"),
    ("Образование и обучение", "Education and training"),
    ("Култура и културно наследство", "Culture and cultural heritage"),
    ("Околна среда", "Environment"),
    ("Младежки дейности", "Youth"),
    ("Местно развитие", "Local development"),
    ("Здравеопазване", "Health"),
    ("Права на хората с увреждания", "Rights of people with disabilities"),
    ("Земеделие и селски райони", "Agriculture and rural areas"),
    ("Туризъм", "Tourism"),
    ("Спорт", "Sport"),
]

# (municipality code, name, short name, legal form, areas (indexes into AREAS), chair, description)
ORGANISATIONS = [
    (
        "VTR06",
        "Сдружение „Горна Оряховица 2000“",
        "Горна Оряховица 2000",
        "association",
        [0, 6, 2],
        ("Мария", "Петрова"),
        "Изпълнител на програмата за партньорство между структурите на гражданското общество и "
        "общинските администрации. Работи за прозрачно местно управление и активни общности.",
    ),
    (
        "PVN10",
        "ССИЗП „Искър БГ“",
        "Искър БГ",
        "union",
        [0, 6, 9],
        ("Иван", "Цветков"),
        "Съюз на сдружения от поречието на Искър, бенефициент по проекта заедно с Община Долна "
        "Митрополия. Обединява местни организации за общи инициативи и обучения.",
    ),
    (
        "VTR04",
        "Народно читалище „Надежда 1869“",
        "Надежда 1869",
        "community_centre",
        [3, 2],
        ("Росица", "Маринова"),
        "Читалище с библиотека, школи по изкуствата и клуб за местна история.",
    ),
    (
        "VTR20",
        "Сдружение „Бъдеще за Лясковец“",
        "Бъдеще за Лясковец",
        "association",
        [5, 11],
        ("Пламен", "Костадинов"),
        "Младежки и спортни инициативи, доброволчески акции в града и селата на общината.",
    ),
    (
        "VTR22",
        "Фондация „Развитие на Павликени“",
        "Развитие на Павликени",
        "foundation",
        [6, 10],
        ("Милена", "Георгиева"),
        "Подкрепа за малкия бизнес, местни продукти и туризъм в Павликенския край.",
    ),
    (
        "VTR28",
        "Сдружение „Дунавски мост – Свищов“",
        "Дунавски мост",
        "association",
        [4, 10],
        ("Христо", "Павлов"),
        "Опазване на дунавските острови и развитие на екотуризъм.",
    ),
    (
        "VTR13",
        "Народно читалище „Напредък 1863“ – Елена",
        "Напредък – Елена",
        "community_centre",
        [3, 10],
        ("Валентина", "Русева"),
        "Възрожденско читалище: фолклорни състави, библиотека и музейна сбирка.",
    ),
    (
        "VTR31",
        "Сдружение „Младежки център Стражица“",
        "Младежки център Стражица",
        "association",
        [5, 2],
        ("Даниел", "Илиев"),
        "Неформално образование и кариерно ориентиране за младежи.",
    ),
    (
        "VTR26",
        "Сдружение „Зелен Полски Тръмбеш“",
        "Зелен Полски Тръмбеш",
        "association",
        [4, 9],
        ("Силвия", "Христова"),
        "Разделно събиране, залесяване и чисти води в общината.",
    ),
    (
        "PVN24",
        "Фондация „Граждански инициативи – Плевен“",
        "Граждански инициативи",
        "foundation",
        [0, 1],
        ("Николай", "Стоянов"),
        "Обществени консултации, застъпничество и наблюдение на местната власт.",
    ),
    (
        "PVN16",
        "Сдружение „Местна инициативна група Левски“",
        "МИГ Левски",
        "association",
        [6, 9],
        ("Анелия", "Томова"),
        "Стратегия за местно развитие, водено от общностите.",
    ),
    (
        "PVN21",
        "Сдружение „Никополска крепост“",
        "Никополска крепост",
        "association",
        [3, 10],
        ("Борислав", "Ангелов"),
        "Проучване и популяризиране на историческото наследство на Никопол.",
    ),
    (
        "PVN03",
        "Фондация „Персин“",
        "Персин",
        "foundation",
        [4],
        ("Теодора", "Вълчева"),
        "Природен парк „Персийски острови“: наблюдения на птици и образователни програми.",
    ),
    (
        "PVN37",
        "Сдружение „Червен бряг за хората“",
        "Червен бряг за хората",
        "association",
        [1, 8],
        ("Светослав", "Йорданов"),
        "Социални услуги в общността и подкрепа за хора с увреждания.",
    ),
    (
        "PVN08",
        "Инициативна група „Доброволци от Гулянци“",
        "Доброволци от Гулянци",
        "informal",
        [5, 1],
        ("Гергана", "Спасова"),
        "Неформална група доброволци: помощ за възрастни хора и почистване на дунавския бряг.",
    ),
    (
        "LOV18",
        "Сдружение „Ловешки граждански форум“",
        "Ловешки граждански форум",
        "association",
        [0],
        ("Калин", "Кирилов"),
        "Форум за диалог между гражданите и общината.",
    ),
    (
        "LOV34",
        "Фондация „Троянски занаяти“",
        "Троянски занаяти",
        "foundation",
        [3, 10, 6],
        ("Цветелина", "Бонева"),
        "Съхраняване на керамиката, дърворезбата и други традиционни занаяти.",
    ),
    (
        "LOV17",
        "Народно читалище „Просвета 1901“ – Летница",
        "Просвета – Летница",
        "community_centre",
        [3, 2],
        ("Йордан", "Лазаров"),
        "Читалище с богата библиотека и курсове по компютърна грамотност.",
    ),
    (
        "GAB05",
        "Сдружение „Габровски център за гражданско участие“",
        "ГЦГУ",
        "association",
        [0, 2],
        ("Веселина", "Денева"),
        "Обучения по гражданско участие и прозрачност на местните финанси.",
    ),
    (
        "GAB29",
        "Фондация „Росица – Севлиево“",
        "Росица",
        "foundation",
        [1, 7],
        ("Антон", "Маринов"),
        "Здравна профилактика и социални услуги за възрастни хора.",
    ),
    (
        "GAB35",
        "Сдружение „Тревненско доброволчество“",
        "Тревненско доброволчество",
        "association",
        [5, 3],
        ("Ралица", "Кънчева"),
        "Доброволчески програми към музеите и природните паркове.",
    ),
    (
        "GAB12",
        "Сдружение „Културно наследство – Дряново“",
        "Наследство Дряново",
        "association",
        [3, 10],
        ("Стоян", "Генчев"),
        "Опазване на културното наследство около Дряновския манастир.",
    ),
    (
        "RSE04",
        "Сдружение „Янтра – Бяла“",
        "Янтра – Бяла",
        "association",
        [4, 6],
        ("Мирослава", "Пенчева"),
        "Местно развитие и опазване на поречието на Янтра.",
    ),
    (
        "TGV24",
        "Фондация „Поповски общностен фонд“",
        "Поповски общностен фонд",
        "foundation",
        [6, 1],
        ("Емил", "Драганов"),
        "Общностна филантропия: малки грантове за местни каузи.",
    ),
    (
        "TGV02",
        "Сдружение „Жени от Антоново“",
        "Жени от Антоново",
        "association",
        [1, 9],
        ("Снежана", "Алексиева"),
        "Подкрепа за жените в селските райони и предприемачество.",
    ),
]

UNITS = [
    "Дирекция „Административно-правно обслужване“",
    "Дирекция „Финанси и бюджет“",
    "Отдел „Европейски програми и проекти“",
]

# Named people with logins, one for each role (email, first, last, what they are as
# ``kind:target``); accounts/demo.py gives them their logins and platform roles.
ACCOUNTS = [
    ("koordinator@partnerstvo.bg", "Мария", "Петрова", "coordinator"),
    ("oditor@partnerstvo.bg", "Георги", "Иванов", "auditor"),
    ("trener@partnerstvo.bg", "Елена", "Димитрова", "trainer"),
    ("admin@iskar-bg.org", "Иван", "Цветков", "admin:iskar-bg"),
    ("redaktor@iskar-bg.org", "Петя", "Николова", "editor:iskar-bg"),
    ("chlen@iskar-bg.org", "Стефан", "Митов", "member:iskar-bg"),
    ("redaktor@go2000.org", "Десислава", "Стоянова", "editor:gorna-oryahovitsa-2000"),
    ("sluzhitel@dolnamitropolia.bg", "Красимир", "Пенев", "officer:PVN10"),
    ("sluzhitel@gornaoryahovitsa.bg", "Надежда", "Колева", "officer:VTR06"),
]


def synthetic_eik(seed: int) -> str:
    """A 9-digit EIK with a valid check digit, for demo organisations."""
    for offset in range(20):
        body = f"{(17500000 + seed * 7919 + offset) % 100000000:08d}"
        for check in "0123456789":
            if eik_is_valid(body + check):
                return body + check
    raise RuntimeError("no valid EIK found")


def _email_for(first: str, last: str) -> str:
    from partnerstvo.core.transliteration import slugify_bg

    return f"{slugify_bg(first)}.{slugify_bg(last)}@example.bg"


def load() -> list[tuple[str, str, str]]:
    municipalities = {
        m.code: m for m in Municipality.objects.filter(code__in=[row[0] for row in ORGANISATIONS])
    }
    for municipality in municipalities.values():
        if not municipality.in_programme:
            services.municipality_update(
                actor=SYSTEM, municipality=municipality, data={"in_programme": True}
            )

    areas = []
    for name, name_en in AREAS:
        area = AreaOfWork.objects.filter(name=name).first() or services.area_of_work_save(
            actor=SYSTEM, area=AreaOfWork(), data={"name": name, "name_en": name_en}
        )
        areas.append(area)

    organisations: dict[str, Organisation] = {}
    for index, (code, name, short, form, area_ids, chair, description) in enumerate(ORGANISATIONS):
        municipality = municipalities[code]
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None:
            organisation = services.organisation_create(
                actor=SYSTEM,
                data={
                    "name": name,
                    "short_name": short,
                    "legal_form": form,
                    "eik": None if form == "informal" else synthetic_eik(index + 1),
                    "benefit": "public",
                    "seat": municipality,
                    "municipalities": [municipality],
                    "areas": [areas[i] for i in area_ids],
                    "description": description,
                    "address": f"гр. {municipality.name}",
                    "email": f"office@{organisation_domain(short)}",
                    "phone": f"+359 88 {1000000 + index * 1237:07d}",
                    "in_programme": True,
                },
            )
        organisations[organisation.slug] = organisation
        _administration(municipality)
        person = _person(*chair)
        _membership(person, organisation, "admin", "Председател на управителния съвет")

    # The coordinating organisation also acts in every programme municipality.
    coordinating = organisations.get("gorna-oryahovitsa-2000")
    if coordinating is not None and coordinating.municipalities.count() < len(municipalities):
        services.organisation_update(
            actor=SYSTEM,
            organisation=coordinating,
            data={"municipalities": list(municipalities.values())},
        )

    # The people behind the demo accounts and their memberships; their logins and platform roles
    # are made by accounts/demo.py, which runs next.
    for email, first, last, role in ACCOUNTS:
        person = _person(first, last, email=email)
        kind, _, target = role.partition(":")
        if kind == "coordinator":
            if coordinating is not None:
                _membership(person, coordinating, "admin", "Ръководител на програмата")
        elif kind in ("admin", "editor", "member"):
            _membership(
                person,
                organisations[target],
                kind,
                {
                    "admin": "Изпълнителен директор",
                    "editor": "Експерт връзки с обществеността",
                    "member": "Доброволец",
                }[kind],
            )
        elif kind == "officer":
            administration = Administration.objects.get(municipality=municipalities[target])
            unit = administration.units.filter(name__contains="Европейски").first()
            if not AdministrationMembership.objects.filter(
                person=person, administration=administration
            ).exists():
                services.administration_membership_save(
                    actor=SYSTEM,
                    membership=AdministrationMembership(),
                    data={
                        "person": person,
                        "administration": administration,
                        "unit": unit,
                        "role": "officer",
                        "position": "Главен експерт",
                    },
                )
    return []


def organisation_domain(short_name: str) -> str:
    from partnerstvo.core.transliteration import slugify_bg

    return f"{slugify_bg(short_name)[:30]}.example.bg"


def _administration(municipality: Municipality) -> Administration:
    administration = Administration.objects.filter(municipality=municipality).first()
    if administration is None:
        from partnerstvo.core.transliteration import slugify_bg

        administration = services.administration_save(
            actor=SYSTEM,
            administration=Administration(),
            data={
                "municipality": municipality,
                "name": f"Общинска администрация {municipality.name}",
                "address": f"гр. {municipality.name}, пл. „Свобода“ 1",
                "email": f"obshtina@{slugify_bg(municipality.name)}.example.bg",
                "phone": "+359 600 00 000",
            },
        )
    for unit_name in UNITS:
        if not AdministrationUnit.objects.filter(
            administration=administration, name=unit_name
        ).exists():
            services.administration_unit_save(
                actor=SYSTEM,
                unit=AdministrationUnit(),
                data={"administration": administration, "name": unit_name},
            )
    return administration


def _person(first: str, last: str, *, email: str | None = None) -> Person:
    email = email or _email_for(first, last)
    person = Person.objects.filter(email=email).first()
    if person is None:
        person = services.person_create(
            actor=SYSTEM, data={"first_name": first, "last_name": last, "email": email}
        )
    return person


def _membership(person: Person, organisation: Organisation, role: str, position: str) -> None:
    if OrganisationMembership.objects.filter(person=person, organisation=organisation).exists():
        return
    services.organisation_membership_save(
        actor=SYSTEM,
        membership=OrganisationMembership(),
        data={
            "person": person,
            "organisation": organisation,
            "role": role,
            "position": position,
            "start_date": datetime.date(2026, 1, 1),
        },
    )
