"""Demo good practices of the demo CSOs: five published (with results in numbers), one waiting
for review and one sent back with changes requested. Built through the services as SYSTEM after
the directory demo; idempotent (a practice with the same title is left alone)."""

from __future__ import annotations

import decimal

from partnerstvo.core.permissions import SYSTEM
from partnerstvo.directory.models import AreaOfWork, Municipality, Organisation

from . import services
from .models import Practice, PracticeResult

PRACTICES = [
    {
        "organisation": "Горна Оряховица 2000",
        "status": "published",
        "title": "Граждански бюджет: жителите избират проектите за квартала",
        "summary": "Всяка година 100 000 лв. от общинския бюджет се разпределят по проекти, "
        "предложени и гласувани от жителите.",
        "problem": "Жителите не вярваха, че мнението им има значение: на публичните обсъждания "
        "на бюджета идваха по десетина души, предимно общински служители.",
        "approach": "Сдружението и общината приеха правила за граждански бюджет. Жителите "
        "подават идеи онлайн и на хартия в читалищата, експерти на общината оценяват цената и "
        "изпълнимостта им, а гласуването е две седмици, на сайта и в пунктове в кметствата.",
        "results": "Проектите с най-много гласове се изпълняват в същата година; жителите следят "
        "изпълнението на карта на сайта.",
        "partners": "Община Горна Оряховица\nМестни читалища",
        "resources": "Координатор на половин щат, доброволци в пунктовете за гласуване, "
        "онлайн платформа за гласуване.",
        "cost_eur": decimal.Decimal("6500"),
        "cost_note": "Без сумата за самите проекти.",
        "transferability": "Нужни са решение на общинския съвет с правилата и отделен ред в "
        "бюджета. Подходящо за общини с над 10 000 жители.",
        "contact": ("Мария Петрова", "maria.petrova@example.bg", "+359 888 123 456"),
        "themes": ["Гражданско участие и добро управление", "Местно развитие"],
        "municipalities": ["VTR06"],
        "results_rows": [
            ("подадени идеи", 87, "бр."),
            ("гласували жители", 2140, "души"),
            ("изпълнени проекта", 6, "бр."),
        ],
    },
    {
        "organisation": "Искър БГ",
        "status": "published",
        "title": "Общностен център за деца и родители в Долна Митрополия",
        "summary": "Съвместна услуга на общината и сдружения за ранно детско развитие в селата.",
        "problem": "В селата на общината няма детски градини с пълен ден, а родителите пътуват "
        "до Плевен за консултации с логопед и психолог.",
        "approach": "Общината предостави помещение, сдружението нае специалисти по проект и "
        "организира подвижни консултации в пет села по график.",
        "results": "Услугата продължава с общинско финансиране след края на проекта.",
        "partners": "Община Долна Митрополия",
        "resources": "Логопед, психолог и социален работник; микробус два дни в седмицата.",
        "cost_eur": decimal.Decimal("42000"),
        "cost_note": "За две години, по проект.",
        "transferability": "Подходящо за селски общини; ключово е общината да поеме разходите "
        "след проекта.",
        "contact": ("Иван Цветков", "ivan.tsvetkov@example.bg", ""),
        "themes": ["Социални услуги", "Образование и обучение"],
        "municipalities": ["PVN10"],
        "results_rows": [
            ("деца с консултации", 142, "деца"),
            ("села с подвижни консултации", 5, "села"),
            ("родители на групи за подкрепа", 96, "души"),
        ],
    },
    {
        "organisation": "Надежда 1869",
        "status": "published",
        "title": "Дигитален архив на местната история",
        "summary": "Читалището сканира снимки и спомени на жителите и ги публикува онлайн.",
        "problem": "Семейните снимки и документи за историята на селата се губеха, а младите "
        "не познаваха миналото на мястото си.",
        "approach": "Доброволци ученици сканираха снимки и записаха разкази на възрастни хора; "
        "материалите са описани и публикувани в свободен онлайн архив.",
        "results": "Архивът се ползва в часовете по история в местните училища.",
        "resources": "Скенер, лаптоп, 20 доброволци ученици.",
        "cost_eur": decimal.Decimal("2300"),
        "transferability": "Всяко читалище с библиотека може да го направи; нужен е човек, "
        "който да описва материалите.",
        "contact": ("Росица Маринова", "rositsa.marinova@example.bg", ""),
        "themes": ["Култура и културно наследство", "Младежки дейности"],
        "municipalities": ["VTR04"],
        "results_rows": [
            ("сканирани снимки и документи", 1250, "бр."),
            ("записани разказа", 38, "бр."),
        ],
    },
    {
        "organisation": "Бъдеще за Лясковец",
        "status": "published",
        "title": "Доброволчески акции за чисти речни брегове",
        "summary": "Младежи, общината и фирми почистват бреговете на реките два пъти в годината.",
        "problem": "Бреговете на реките край града бяха превърнати в нерегламентирани сметища.",
        "approach": "Сдружението организира акциите, общината осигурява извозването, а местни "
        "фирми дават ръкавици, чували и храна за доброволците.",
        "results": "След третата акция общината постави камери и табели на най-замърсените места.",
        "resources": "Доброволци, камион на общината, дарения от фирми.",
        "cost_eur": decimal.Decimal("800"),
        "transferability": "Лесно приложимо навсякъде; работи, когато общината поеме извозването.",
        "contact": ("Пламен Костадинов", "plamen.kostadinov@example.bg", ""),
        "themes": ["Околна среда", "Младежки дейности"],
        "municipalities": ["VTR20"],
        "results_rows": [("събрани отпадъци", 14.5, "т"), ("доброволци", 320, "души")],
    },
    {
        "organisation": "Горна Оряховица 2000",
        "status": "published",
        "title": "Обществен съвет по социалните услуги",
        "summary": "Потребители, доставчици и общината обсъждат заедно плана за социалните услуги.",
        "problem": "Общинският план за социалните услуги се пишеше без мнението на хората, "
        "които ги ползват.",
        "approach": "Съветът се събира всяко тримесечие; протоколите и решенията се публикуват.",
        "results": "Две нови услуги в плана са по предложение на съвета.",
        "contact": ("Мария Петрова", "maria.petrova@example.bg", ""),
        "themes": ["Социални услуги", "Гражданско участие и добро управление"],
        "municipalities": ["VTR06", "VTR04"],
        "results_rows": [("заседания за година", 4, "бр."), ("предложения в плана", 11, "бр.")],
    },
    {
        "organisation": "Искър БГ",
        "status": "submitted",
        "title": "Обучения по писане на проекти за малки сдружения",
        "summary": "Наставници от по-опитни организации помагат на нови сдружения.",
        "problem": "Малките сдружения в селата не кандидатстват по програми, защото не знаят как.",
        "approach": "Шест обучителни дни и наставник за всяко сдружение до подаването.",
        "results": "Девет сдружения подадоха първите си проекти.",
        "contact": ("Иван Цветков", "ivan.tsvetkov@example.bg", ""),
        "themes": ["Образование и обучение"],
        "municipalities": ["PVN10"],
        "results_rows": [("подадени проекта", 9, "бр.")],
    },
    {
        "organisation": "Бъдеще за Лясковец",
        "status": "changes_requested",
        "title": "Спортни игри между селата",
        "summary": "Ежегоден турнир, който събира младежите от селата на общината.",
        "problem": "Младежите от селата нямат организирани занимания през лятото.",
        "approach": "Турнир по футбол, волейбол и лека атлетика с отбори от всяко село.",
        "results": "Игрите се провеждат за трета година.",
        "contact": ("Пламен Костадинов", "plamen.kostadinov@example.bg", ""),
        "themes": ["Спорт", "Младежки дейности"],
        "municipalities": ["VTR20"],
        "results_rows": [],
        "note": "Моля, добавете резултати с числа (участници, отбори) и колко струва турнирът.",
    },
]


def load() -> None:
    organisations = {
        o.short_name: o
        for o in Organisation.objects.filter(
            short_name__in={row["organisation"] for row in PRACTICES}
        )
    }
    areas = {a.name: a for a in AreaOfWork.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    for row in PRACTICES:
        organisation = organisations.get(row["organisation"])
        if organisation is None or Practice.objects.filter(title=row["title"]).exists():
            continue
        name, email, phone = row["contact"]
        practice = services.practice_create(
            actor=SYSTEM,
            data={
                "organisation": organisation,
                "title": row["title"],
                "summary": row["summary"],
                "problem": row["problem"],
                "approach": row["approach"],
                "results": row.get("results", ""),
                "partners": row.get("partners", ""),
                "resources": row.get("resources", ""),
                "cost_eur": row.get("cost_eur"),
                "cost_note": row.get("cost_note", ""),
                "transferability": row.get("transferability", ""),
                "contact_name": name,
                "contact_email": email,
                "contact_phone": phone,
                "themes": [areas[t] for t in row["themes"] if t in areas],
                "municipalities": [municipalities[c] for c in row["municipalities"]],
            },
        )
        for order, (indicator, value, unit) in enumerate(row["results_rows"]):
            services.result_save(
                actor=SYSTEM,
                result=PracticeResult(),
                data={
                    "practice": practice,
                    "indicator": indicator,
                    "value": decimal.Decimal(str(value)),
                    "unit": unit,
                    "order": order,
                },
            )
        services.practice_submit(actor=SYSTEM, practice=practice)
        if row["status"] == "published":
            services.practice_publish(actor=SYSTEM, practice=practice)
        elif row["status"] == "changes_requested":
            services.practice_request_changes(actor=SYSTEM, practice=practice, note=row["note"])
