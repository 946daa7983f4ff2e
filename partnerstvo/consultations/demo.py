"""Demo consultations in the demo municipalities: an open ordinance in Долна Митрополия with
comments from a CSO and a citizen, a closed municipal strategy in Горна Оряховица whose proposals
are being answered, and an answered ordinance with its справка published. Built through the
services (as the demo officers and members); a consultation that has taken place is built as
an open one and then moved back in time. Idempotent: a consultation whose title exists is left
alone."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from partnerstvo.accounts.models import User
from partnerstvo.directory.models import Administration, AreaOfWork, Organisation

from . import services
from .models import AnswerTemplate, Consultation

ORDINANCE_TEXT = """Наредба за изменение на Наредбата за обществения ред в община Долна Митрополия
§ 1. Мотиви
Промените уреждат паркирането в зелените площи и шума в жилищните квартали.
Чл. 1. Наредбата урежда поддържането на обществения ред на територията на общината.
Чл. 2. Забранява се паркирането на автомобили в зелените площи,
детските площадки и тротоарите.
Нарушителите се наказват с глоба от 50 до 500 евро.
Чл. 3. Забранява се вдигането на шум от 22:00 до 07:00 часа в жилищните сгради и кварталите.
Чл. 4. Контролът по наредбата се осъществява от кмета на общината
и от упълномощени от него длъжностни лица."""

FEES_TEXT = """Наредба за определянето и администрирането на местните такси и цени на услуги
Чл. 1. С наредбата се определят местните такси и цените на услугите, предоставяни от общината.
Чл. 2. Таксата за ползване на детска градина е 30 евро месечно.
Чл. 3. Освобождават се от такса децата с трайни увреждания и децата от многодетни семейства."""

STRATEGY_TEXT = """Общинска стратегия за развитие на социалните услуги 2027–2030
1. Анализ на потребностите
В общината живеят над 3 000 възрастни хора, от които една трета сами.
2. Цели
Разширяване на патронажната грижа и създаване на дневен център за хора с увреждания.
3. Дейности
Мобилни екипи в селата; обучение на личните асистенти; партньорство с гражданските организации.
4. Финансиране и наблюдение
Средства от общинския бюджет и от европейските фондове; годишен доклад пред общинския съвет."""


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n% demo\n", content_type="application/pdf")


def _user(email: str) -> User | None:
    return User.objects.filter(email=email).select_related("person").first()


def _organisation(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def _areas(*names: str) -> list[AreaOfWork]:
    return list(AreaOfWork.objects.filter(name__in=names)) or list(
        AreaOfWork.objects.order_by("pk")[:1]
    )


def _move_back(consultation: Consultation, days_ago_started: int) -> None:
    length = consultation.ends_on - consultation.starts_on
    starts_on = timezone.localdate() - datetime.timedelta(days=days_ago_started)
    Consultation.objects.filter(pk=consultation.pk).update(
        starts_on=starts_on, ends_on=starts_on + length
    )
    consultation.comments.update(
        created_at=timezone.make_aware(datetime.datetime.combine(starts_on, datetime.time(10)))
        + datetime.timedelta(days=3)
    )
    consultation.refresh_from_db()


def _publish(officer, administration, *, title, kind, text, days=30, reason="", areas=()):
    documents = {"draft": _pdf("proekt.pdf"), "motives": _pdf("motivi.pdf")}
    if kind == Consultation.Kind.ORDINANCE:
        documents["impact"] = _pdf("predvaritelna-ocenka.pdf")
    today = timezone.localdate()
    return services.consultation_create(
        actor=officer,
        data={
            "administration": administration,
            "title": title,
            "kind": kind,
            "summary": text.splitlines()[0],
            "responsible_name": officer.person.full_name,
            "responsible_email": officer.email,
            "responsible_phone": "",
            "target_groups": "Жители на общината\nГраждански организации",
            "areas": list(areas),
            "starts_on": today,
            "ends_on": today + datetime.timedelta(days=days),
            "short_period_reason": reason,
        },
        documents=documents,
        text=text,
    )


def _section(consultation, heading):
    version = consultation.versions.order_by("-number").first()
    return version.sections.filter(heading=heading).first()


@transaction.atomic
def load() -> list[tuple[str, str, str]]:
    officer_dm = _user("sluzhitel@dolnamitropolia.bg")
    officer_go = _user("sluzhitel@gornaoryahovitsa.bg")
    member = _user("chlen@iskar-bg.org")
    citizen = _user("redaktor@go2000.org")
    go_editor = citizen
    iskar = _organisation("iskar-bg")
    go2000 = _organisation("gorna-oryahovitsa-2000")
    dm = Administration.objects.filter(municipality__code="PVN10").first()
    go = Administration.objects.filter(municipality__code="VTR06").first()
    if not all((officer_dm, officer_go, member, citizen, iskar, go2000, dm, go)):
        return []

    if not AnswerTemplate.objects.filter(administration=dm).exists():
        for title, text in (
            ("Приема се", "Предложението се приема и е отразено в окончателния проект."),
            ("Извън предмета", "Предложението е извън предмета на проекта и ще бъде обсъдено "
             "при следващото му изменение."),
            ("Противоречи на закона", "Предложението противоречи на нормативен акт от по-висока "
             "степен и не може да бъде прието."),
        ):  # fmt: skip
            services.answer_template_save(
                actor=officer_dm,
                template=AnswerTemplate(),
                data={"administration": dm, "title": title, "text": text},
            )

    title = "Наредба за изменение на Наредбата за обществения ред"
    if not Consultation.objects.filter(title=title).exists():
        consultation = _publish(
            officer_dm, dm, title=title, kind=Consultation.Kind.ORDINANCE, text=ORDINANCE_TEXT
        )
        services.comment_create(
            actor=member,
            consultation=consultation,
            section=_section(consultation, "Чл. 2."),
            quote="детските площадки и тротоарите",
            text="Предлагаме да се допусне паркиране по тротоарите, където остават поне 1,5 м "
            "за пешеходците, докато общината изгради паркинги в кварталите.",
            on_behalf_of=iskar,
        )
        services.comment_create(
            actor=citizen,
            consultation=consultation,
            section=_section(consultation, "Чл. 3."),
            text="Часовете за тишина да започват от 23:00 в петък и събота.",
        )
        _move_back(consultation, 10)

    title = "Общинска стратегия за развитие на социалните услуги 2027–2030"
    if not Consultation.objects.filter(title=title).exists():
        consultation = _publish(
            officer_go, go, title=title, kind=Consultation.Kind.STRATEGY, text=STRATEGY_TEXT,
            areas=_areas("Социални услуги", "Социално включване"),
        )  # fmt: skip
        first = services.comment_create(
            actor=go_editor,
            consultation=consultation,
            section=_section(consultation, "3. Дейности"),
            text="Да се предвиди транспорт за потребителите на дневния център от селата.",
            on_behalf_of=go2000,
        )
        services.comment_create(
            actor=member,
            consultation=consultation,
            text="Липсват показатели, по които да се измерва изпълнението на стратегията.",
            show_name=True,
        )
        _move_back(consultation, 40)
        services.comment_answer(
            actor=officer_go,
            comment=first,
            answer="accepted",
            reasons="Приема се: в т. 3 е добавен транспорт за потребителите от селата.",
        )

    title = "Наредба за определянето и администрирането на местните такси и цени на услуги"
    if not Consultation.objects.filter(title=title).exists():
        consultation = _publish(
            officer_dm, dm, title=title, kind=Consultation.Kind.ORDINANCE, text=FEES_TEXT
        )
        comments = [
            services.comment_create(
                actor=member,
                consultation=consultation,
                section=_section(consultation, "Чл. 3."),
                text="Да се освободят от такса и децата на самотни родители.",
                on_behalf_of=iskar,
            ),
            services.comment_create(
                actor=citizen,
                consultation=consultation,
                section=_section(consultation, "Чл. 2."),
                quote="30 евро месечно",
                text="Таксата да е 20 евро месечно, както в съседните общини.",
                show_name=True,
            ),
            services.comment_create(
                actor=citizen,
                consultation=consultation,
                text="Проектът да се обсъди и на открито заседание в читалището.",
            ),
        ]
        _move_back(consultation, 60)
        for comment, answer, reasons in zip(
            comments,
            ("partly", "not_accepted", "accepted"),
            (
                "Приема се частично: освобождават се децата на самотни родители с доход под "
                "минималната работна заплата.",
                "Не се приема: таксата покрива 40 % от разходите за храна; по-ниска такса "
                "изисква нови средства от бюджета.",
                "Приема се: обсъждането се проведе на 12 ноември в читалище „Христо Ботев 1899“.",
            ),
            strict=True,
        ):
            services.comment_answer(
                actor=officer_dm, comment=comment, answer=answer, reasons=reasons
            )
        services.summary_publish(actor=officer_dm, consultation=consultation)
    return []
