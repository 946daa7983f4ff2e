"""Local development strategies (a municipality's integrated development plan, ПИРО 2021–2027):
a strategy adopted by a decision → priorities → goals → measures with responsible partners,
budget, timeline, status and progress → indicators with a baseline, a target and an actual value
per year; milestones of the strategy or of a measure.

Progress is entered on measures only; goals, priorities and the strategy show the weighted mean
of what is below them (``selectors.rollup``), so it is never stored twice."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from partnerstvo.directory.parties import OneParty, one_party_constraints

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]
WEIGHT = [MinValueValidator(Decimal("0"))]
# How far before the period a baseline may be measured (ПИРО baselines are often 2019 or 2020).
BASELINE_YEARS_BEFORE = 10


def _weight_field():
    return models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=WEIGHT,
        help_text=_("Its share in the progress of the level above (0 or more)."),
    )


class Strategy(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        IN_IMPLEMENTATION = "in_implementation", _("In implementation")
        COMPLETED = "completed", _("Completed")

    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="strategies",
    )
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    summary = models.TextField(_("summary"), max_length=5000, blank=True)
    municipalities = models.ManyToManyField(
        "directory.Municipality",
        verbose_name=_("territory"),
        related_name="strategies",
        help_text=_("The municipalities the strategy covers."),
    )
    start_year = models.PositiveSmallIntegerField(_("from year"), validators=YEAR)
    end_year = models.PositiveSmallIntegerField(_("until year"), validators=YEAR)
    decision_body = models.CharField(
        _("adopted by"),
        max_length=255,
        blank=True,
        help_text=_("For example: Общински съвет – Долна Митрополия."),
    )
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_url = models.URLField(_("link to the decision"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Until published, only its editors see it.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("development strategy")
        verbose_name_plural = _("development strategies")
        ordering = ["-start_year", "title", "pk"]
        indexes = [
            models.Index(fields=["is_published", "status"]),
            models.Index(fields=["administration", "is_published"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="strategies_strategy_period"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("strategies:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("A strategy cannot end before it starts.")})

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    def check_year(self, year: int | None, field: str) -> None:
        """A ``ValidationError`` on ``field`` unless ``year`` is within the period."""
        if year is not None and not self.start_year <= year <= self.end_year:
            raise ValidationError(
                {
                    field: _("%(year)s is outside the strategy's period %(start)s–%(end)s.")
                    % {"year": year, "start": self.start_year, "end": self.end_year}
                }
            )


class Priority(models.Model):
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="priorities"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example: П1."))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    weight = _weight_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        ordering = ["strategy_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["strategy", "code"], name="strategies_priority_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="strategies_priority_weight"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Goal(models.Model):
    priority = models.ForeignKey(
        Priority, verbose_name=_("priority"), on_delete=models.CASCADE, related_name="goals"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example: Ц1.1."))
    title = models.CharField(_("title"), max_length=500)
    weight = _weight_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["priority_id", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["priority", "code"], name="strategies_goal_code"),
            models.CheckConstraint(condition=Q(weight__gte=0), name="strategies_goal_weight"),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")
        DELAYED = "delayed", _("Delayed")
        CANCELLED = "cancelled", _("Cancelled")

    class Currency(models.TextChoices):
        BGN = "BGN", _("BGN")
        EUR = "EUR", _("EUR")

    # The strategy is the goal's (kept here so that permissions and lists filter on one column).
    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="measures"
    )
    goal = models.ForeignKey(
        Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="measures"
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("For example: М1.1.1."))
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), max_length=10000, blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.BGN
    )
    funding_source = models.CharField(
        _("source of funding"),
        max_length=255,
        blank=True,
        help_text=_("For example: Програма „Развитие на регионите“ 2021–2027, общински бюджет."),
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    weight = _weight_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["goal_id", "order", "pk"]
        indexes = [models.Index(fields=["strategy", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["goal", "code"], name="strategies_measure_code"),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="strategies_measure_progress"
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="strategies_measure_weight"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="strategies_measure_timeline",
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("strategies:measure", kwargs={"slug": self.strategy.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A measure cannot end before it starts.")
        if self.progress is not None and not 0 <= self.progress <= 100:
            errors["progress"] = _("Progress is a percentage from 0 to 100.")
        if self.goal_id and self.strategy_id and self.goal.priority.strategy_id != self.strategy_id:
            errors["goal"] = _("The goal belongs to another strategy.")
        if self.strategy_id:
            for name in ("starts_on", "ends_on"):
                day = getattr(self, name)
                if day and name not in errors:
                    try:
                        self.strategy.check_year(day.year, name)
                    except ValidationError as error:
                        errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)


class MeasurePartner(OneParty, models.Model):
    """A partner responsible for a measure: a CSO or a municipal administration; the lead
    partner answers for it. Its people report the measure's progress."""

    measure = models.ForeignKey(
        Measure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="partners"
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="strategy_measures",
        null=True,
        blank=True,
    )
    administration = models.ForeignKey(
        "directory.Administration",
        verbose_name=_("municipal administration"),
        on_delete=models.PROTECT,
        related_name="strategy_measures",
        null=True,
        blank=True,
    )
    is_lead = models.BooleanField(_("lead partner"), default=False)

    class Meta:
        verbose_name = _("responsible partner")
        verbose_name_plural = _("responsible partners")
        ordering = ["measure_id", "-is_lead", "pk"]
        constraints = one_party_constraints(
            owner="measure",
            exactly_one="strategies_partner_exactly_one",
            organisation_once="strategies_partner_organisation_once",
            administration_once="strategies_partner_administration_once",
        )
        indexes = [
            models.Index(fields=["organisation", "measure"]),
            models.Index(fields=["administration", "measure"]),
        ]

    def __str__(self):
        return str(self.party)


class Indicator(models.Model):
    """An indicator of a measure's (or a goal's) result: from a baseline to a target."""

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="indicators"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    goal = models.ForeignKey(
        Goal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="indicators",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=500)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("For example: брой, %, км."))
    baseline_value = models.DecimalField(_("baseline"), max_digits=16, decimal_places=2)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR)
    target_value = models.DecimalField(_("target"), max_digits=16, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), validators=YEAR)
    direction = models.CharField(
        _("direction"), max_length=8, choices=Direction.choices, default=Direction.INCREASE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["strategy_id", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure__isnull=False, goal__isnull=True)
                | Q(measure__isnull=True, goal__isnull=False),
                name="strategies_indicator_of_one",
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        errors = {}
        if bool(self.measure_id) == bool(self.goal_id):
            errors["measure"] = _("An indicator belongs to a measure or to a goal.")
        if self.baseline_value is not None and self.target_value is not None:
            if (
                self.direction == self.Direction.INCREASE
                and self.target_value <= self.baseline_value
            ):
                errors["target_value"] = _(
                    "The indicator should increase: its target must be above its baseline."
                )
            if (
                self.direction == self.Direction.DECREASE
                and self.target_value >= self.baseline_value
            ):
                errors["target_value"] = _(
                    "The indicator should decrease: its target must be below its baseline."
                )
        if self.strategy_id and self.target_year:
            strategy = self.strategy
            if not strategy.start_year <= self.target_year <= strategy.end_year:
                errors["target_year"] = _(
                    "%(year)s is outside the strategy's period %(start)s–%(end)s."
                ) % {
                    "year": self.target_year,
                    "start": strategy.start_year,
                    "end": strategy.end_year,
                }
            if self.baseline_year and not (
                strategy.start_year - BASELINE_YEARS_BEFORE
                <= self.baseline_year
                <= strategy.end_year
            ):
                errors["baseline_year"] = _(
                    "A baseline is measured at most %(years)s years before the period starts, "
                    "and not after it ends."
                ) % {"years": BASELINE_YEARS_BEFORE}
        if errors:
            raise ValidationError(errors)

    def achievement(self, actual: Decimal | None) -> Decimal | None:
        """How far ``actual`` has come from the baseline to the target, 0–100 (clipped)."""
        if actual is None or self.target_value == self.baseline_value:
            return None
        share = (actual - self.baseline_value) / (self.target_value - self.baseline_value) * 100
        return min(max(share, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"))


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR)
    value = models.DecimalField(_("actual value"), max_digits=16, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["indicator_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="strategies_value_year")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.year}"

    def clean(self):
        if self.indicator_id and self.year:
            self.indicator.strategy.check_year(self.year, "year")


class Milestone(models.Model):
    """A milestone of the strategy or of one of its measures: due on a date, reached on one."""

    strategy = models.ForeignKey(
        Strategy, verbose_name=_("strategy"), on_delete=models.CASCADE, related_name="milestones"
    )
    measure = models.ForeignKey(
        Measure,
        verbose_name=_("measure"),
        on_delete=models.CASCADE,
        related_name="milestones",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=500)
    due_on = models.DateField(_("due on"))
    reached_on = models.DateField(_("reached on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["strategy_id", "due_on", "pk"]
        indexes = [models.Index(fields=["strategy", "due_on"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.strategy_id and self.due_on:
            self.strategy.check_year(self.due_on.year, "due_on")
        if self.measure_id and self.strategy_id and self.measure.strategy_id != self.strategy_id:
            raise ValidationError({"measure": _("The measure belongs to another strategy.")})


# The names the API schema gives these choice sets (SPECTACULAR_SETTINGS' ENUM_NAME_OVERRIDES
# reads a module's attribute, not a nested class).
StrategyStatus = Strategy.Status
MeasureStatus = Measure.Status
