"""Demo analyses of local problems: youth unemployment in Долна Митрополия (by Искър БГ, with
the municipality as co-author) and access to social services for elderly people in the villages
of Горна Оряховица (by the municipal administration, with Горна Оряховица 2000), each with its
stakeholders, findings with figures, SWOT, recommendations and authors; both published. Built
through the services as SYSTEM after the directory's demo; idempotent (an analysis that exists
by title is left alone)."""

from __future__ import annotations

import datetime

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import Administration, AreaOfWork, Organisation, Person

from . import services
from .models import ProblemAnalysis

YOUTH = {
    "title": "Младежка безработица и отлив на младите хора от община Долна Митрополия",
    "owner": ("o", "iskar-bg"),
    "partners": [("a", "PVN10")],
    "municipalities": ["PVN10"],
    "areas": ["Младежки дейности", "Местно развитие"],
    "period": (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    "problem": (
        "Младите хора на възраст 15–29 години в общината трудно намират първа работа. Част от "
        "тях продължават образованието си в Плевен, София или в чужбина и не се връщат. "
        "Работодателите в селското стопанство и преработващата промишленост търсят кадри, но "
        "не намират подготвени млади хора, а общинските програми за заетост достигат малко "
        "от тях."
    ),
    "methodology": (
        "Анкета сред 214 младежи от града и 8 села на общината (март–април 2025 г.); шест "
        "фокус групи; интервюта с 12 работодатели, Дирекция „Бюро по труда“ – Плевен и "
        "директорите на двете средни училища; анализ на данни на НСИ и Агенцията по заетостта."
    ),
    "summary": (
        "Безработицата сред младите е почти двойно по-висока от средната за общината, а всеки "
        "трети млад човек е нито на работа, нито в обучение. Анализът предлага общ младежки "
        "център за кариерно ориентиране, стажове при местни работодатели и мобилни "
        "консултации в селата."
    ),
    "stakeholders": [
        (
            "Младежи 15–29 години",
            None,
            "citizens",
            "Работа и перспектива в общината.",
            "high",
            "Участват в анкетата и във фокус групите.",
        ),
        (
            "",
            ("a", "PVN10"),
            "public_body",
            "По-малко изселване, изпълнение на общинската програма за младежта.",
            "high",
            "Съавтор на анализа, осигурява общинските данни.",
        ),
        (
            "Дирекция „Бюро по труда“ – Плевен",
            None,
            "public_body",
            "Посредничество и програми за заетост.",
            "medium",
            "Дава данни за регистрираните безработни.",
        ),
        (
            "Местни земеделски стопани и преработватели",
            None,
            "business",
            "Подготвени кадри.",
            "medium",
            "Предлагат стажове.",
        ),
        (
            "Средни училища в общината",
            None,
            "public_body",
            "Професионално ориентиране на учениците.",
            "medium",
            "Партньори в кариерните дни.",
        ),
        (
            "",
            ("o", "iskar-bg"),
            "cso",
            "Активни млади хора в общностите.",
            "medium",
            "Води анализа и доброволческите инициативи.",
        ),
    ],
    "findings": [
        ("Безработица сред младите хора 15–29 г.", "Агенция по заетостта", "18.4", "%", 2024),
        ("Средна безработица в общината", "Агенция по заетостта", "9.7", "%", 2024),
        ("Млади хора, които не работят и не учат", "Анкета на Искър БГ", "31", "%", 2025),
        (
            "Младежи, които искат да останат в общината при подходяща работа",
            "Анкета на Искър БГ",
            "57",
            "%",
            2025,
        ),
        (
            "Регистрирани безработни до 29 г.",
            "Дирекция „Бюро по труда“ – Плевен",
            "146",
            "души",
            2024,
        ),
        (
            "Работодателите не намират кандидати с практически умения.",
            "Интервюта с работодатели",
            None,
            "",
            None,
        ),
    ],
    "swot": [
        ("strength", "Активни читалища и младежки организации в повечето села."),
        ("strength", "Подкрепа на общината за младежки инициативи."),
        ("weakness", "Слаб обществен транспорт между селата и града."),
        ("weakness", "Липса на кариерно ориентиране в училищата."),
        ("opportunity", "Програми на ЕС за младежка заетост и стажове."),
        ("opportunity", "Нарастващо търсене на работници в преработката на храни."),
        ("threat", "Продължаващо изселване към големите градове и чужбина."),
        ("threat", "Застаряване на населението и закриване на училища."),
    ],
    "recommendations": [
        (
            "Да се открие общински младежки център за кариерно ориентиране с мобилни "
            "консултации в селата.",
            "Община Долна Митрополия",
            "high",
            "short",
        ),
        (
            "Да се сключат споразумения за платени стажове с поне 10 местни работодатели.",
            "Работодатели и Бюро по труда",
            "high",
            "medium",
        ),
        (
            "Да се въведат кариерни дни във всяко средно училище два пъти в годината.",
            "Училищата в общината",
            "medium",
            "short",
        ),
        (
            "Да се осигури транспорт за младежи до работни места в промишлената зона.",
            "Община Долна Митрополия",
            "medium",
            "long",
        ),
    ],
    "authors": [
        ("admin@iskar-bg.org", "", "", "ръководител на анализа"),
        ("redaktor@iskar-bg.org", "", "", "анкетьор и автор на главата за данните"),
        (None, "д-р Борислав Динев", "независим експерт по пазара на труда", "методология"),
    ],
}

ELDERLY = {
    "title": "Достъп до социални услуги за възрастните хора в селата на община Горна Оряховица",
    "owner": ("a", "VTR06"),
    "partners": [("o", "gorna-oryahovitsa-2000")],
    "municipalities": ["VTR06"],
    "areas": ["Социални услуги", "Здравеопазване"],
    "period": (datetime.date(2024, 9, 1), datetime.date(2025, 6, 30)),
    "problem": (
        "В селата на общината живеят все повече самотни възрастни хора, а социалните и "
        "здравните услуги са съсредоточени в града. Личните лекари посещават селата рядко, "
        "автобусите са малко, а част от хората не знаят какви услуги могат да ползват."
    ),
    "methodology": (
        "Посещения по домовете на 160 души над 65 години в 11 села; интервюта с кметовете и "
        "кметските наместници, личните лекари и доставчиците на услуги; анализ на "
        "общинските регистри и данни на НСИ."
    ),
    "summary": (
        "Всеки четвърти възрастен в селата живее сам, а повечето не ползват нито една "
        "социална услуга. Анализът препоръчва мобилен екип за домашни грижи, разширяване на "
        "патронажа и социален транспорт по график до града."
    ),
    "stakeholders": [
        (
            "Възрастни хора над 65 години в селата",
            None,
            "citizens",
            "Грижа у дома и достъп до лекар.",
            "low",
            "Ползватели на услугите.",
        ),
        (
            "",
            ("a", "VTR06"),
            "public_body",
            "Достъпни услуги във всички населени места.",
            "high",
            "Води анализа, доставчик на услуги.",
        ),
        (
            "",
            ("o", "gorna-oryahovitsa-2000"),
            "cso",
            "Участие на общностите в грижата.",
            "medium",
            "Съавтор, провежда посещенията по домовете.",
        ),
        (
            "Кметове и кметски наместници",
            None,
            "public_body",
            "Информация за нуждите по селата.",
            "medium",
            "Посочват хората в нужда.",
        ),
        (
            "Лични лекари",
            None,
            "other",
            "Редовни прегледи на хронично болните.",
            "medium",
            "Партньори в мобилните прегледи.",
        ),
        (
            "Дирекция „Социално подпомагане“",
            None,
            "public_body",
            "Насочване към услуги.",
            "high",
            "Оценява потребностите.",
        ),
    ],
    "findings": [
        ("Дял на хората над 65 години в селата", "НСИ", "38.2", "%", 2024),
        ("Възрастни хора в селата, които живеят сами", "Посещения по домовете", "26", "%", 2025),
        ("Не ползват нито една социална услуга", "Посещения по домовете", "71", "%", 2025),
        ("Потребители на патронажна грижа", "Общински регистър", "84", "души", 2024),
        (
            "Средно разстояние до най-близкия личен лекар",
            "Общинска администрация",
            "9.5",
            "км",
            2025,
        ),
    ],
    "swot": [
        ("strength", "Работеща услуга „Патронажна грижа“ с опитен персонал."),
        ("strength", "Добро познаване на хората от кметските наместници."),
        ("weakness", "Рядък обществен транспорт до селата."),
        ("weakness", "Недостиг на медицински сестри и социални работници."),
        (
            "opportunity",
            "Финансиране на интегрирани услуги по програма „Развитие на човешките ресурси“.",
        ),
        ("opportunity", "Доброволци от читалищата и пенсионерските клубове."),
        ("threat", "Обезлюдяване на най-малките села."),
        ("threat", "Несигурно финансиране след края на проектите."),
    ],
    "recommendations": [
        (
            "Да се създаде мобилен екип за домашни грижи, който посещава всяко село поне веднъж "
            "седмично.",
            "Общинска администрация Горна Оряховица",
            "high",
            "short",
        ),
        (
            "Да се въведе социален транспорт по график до града за прегледи и услуги.",
            "Общинска администрация Горна Оряховица",
            "high",
            "medium",
        ),
        (
            "Да се разшири патронажната грижа със 40 нови потребители.",
            "Общински съвет",
            "medium",
            "medium",
        ),
        (
            "Да се проведе информационна кампания за услугите с помощта на читалищата.",
            "Сдружение „Горна Оряховица 2000“",
            "low",
            "short",
        ),
    ],
    "authors": [
        ("sluzhitel@gornaoryahovitsa.bg", "", "", "ръководител на анализа"),
        ("redaktor@go2000.org", "", "", "автор на теренното проучване"),
        (None, "Елица Маринова", "социален работник, патронажна грижа", "консултант"),
    ],
}

ANALYSES = [YOUTH, ELDERLY]


def _party(spec) -> dict | None:
    if spec is None:
        return {}
    kind, key = spec
    if kind == "o":
        organisation = Organisation.objects.filter(slug=key).first()
        return {"organisation": organisation} if organisation else None
    administration = Administration.objects.filter(municipality__code=key).first()
    return {"administration": administration} if administration else None


def load() -> list[tuple[str, str, str]]:
    for spec in ANALYSES:
        if not ProblemAnalysis.objects.filter(title=spec["title"]).exists():
            _analysis(spec)
    return []


def _analysis(spec: dict) -> None:
    from partnerstvo.directory.models import Municipality

    owner = _party(spec["owner"])
    municipalities = list(Municipality.objects.filter(code__in=spec["municipalities"]))
    if not owner or not municipalities:
        return  # the directory's demo has not run
    partners = [p for p in (_party(s) for s in spec["partners"]) if p]
    stakeholders = []
    for name, link, kind, interest, influence, role in spec["stakeholders"]:
        party = _party(link) or {}
        stakeholders.append(
            {"name": name, "kind": kind, "interest": interest, "influence": influence,
             "role": role, **party}
        )  # fmt: skip
    people = {p.email: p for p in Person.objects.filter(email__in=[a[0] for a in spec["authors"]])}
    authors = []
    for email, name, affiliation, role in spec["authors"]:
        person = people.get(email) if email else None
        if email and person is None:
            continue
        authors.append({"person": person, "name": name, "affiliation": affiliation, "role": role})
    start, end = spec["period"]
    analysis = services.analysis_create(
        actor=SYSTEM,
        data={
            **owner,
            "title": spec["title"],
            "problem": spec["problem"],
            "methodology": spec["methodology"],
            "summary": spec["summary"],
            "period_start": start,
            "period_end": end,
            "municipalities": municipalities,
            "areas": list(AreaOfWork.objects.filter(name__in=spec["areas"])),
            "partners": partners,
        },
        rows={
            "stakeholders": stakeholders,
            "findings": [
                {"text": text, "source": source, "value": value, "unit": unit, "year": year}
                for text, source, value, unit, year in spec["findings"]
            ],
            "swot": [{"quadrant": q, "text": text} for q, text in spec["swot"]],
            "recommendations": [
                {"text": text, "addressee": to, "priority": priority, "timeframe": timeframe}
                for text, to, priority, timeframe in spec["recommendations"]
            ],
            "authors": authors,
        },
    )
    services.analysis_publish(actor=SYSTEM, analysis=analysis)
