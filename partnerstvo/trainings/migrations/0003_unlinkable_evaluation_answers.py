"""Make evaluation answers unlinkable to who gave them.

Answers had sequential ids and were written right after the submission row, so their order (by id,
or by the order a table scan returns them) was the order people submitted in. This migration
drops the submission time, gives answers random ids, and rewrites every course's existing
responses and answers under new random ids in a shuffled order, so that neither the ids nor the
stored order follow the submissions any more. New answers wait in a per-course pool and are
released in shuffled batches (see ``EvaluationPool``).
"""

import random
import uuid

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models
from django.utils import timezone


def remix(apps, schema_editor):
    """Copy each course's answer sets, in random order, under new random ids into the new
    answer table; then delete the old responses (and with them the old answers)."""
    response_model = apps.get_model("trainings", "EvaluationResponse")
    old_answer = apps.get_model("trainings", "EvaluationAnswer")
    new_answer = apps.get_model("trainings", "EvaluationAnswerMixed")
    shuffle = random.SystemRandom().shuffle
    course_ids = response_model.objects.order_by().values_list("course_id", flat=True).distinct()
    for course_id in list(course_ids):
        old_ids = list(
            response_model.objects.filter(course_id=course_id).values_list("pk", flat=True)
        )
        sets = {pk: [] for pk in old_ids}
        for response_id, item_id, rating, text in old_answer.objects.filter(
            response_id__in=old_ids
        ).values_list("response_id", "item_id", "rating", "text"):
            sets[response_id].append((item_id, rating, text))
        answer_sets = list(sets.values())
        shuffle(answer_sets)
        responses = [response_model(id=uuid.uuid4(), course_id=course_id) for _ in answer_sets]
        response_model.objects.bulk_create(responses)
        new_answer.objects.bulk_create(
            [
                new_answer(
                    id=uuid.uuid4(), response=response, item_id=item_id, rating=rating, text=text
                )
                for response, answers in zip(responses, answer_sets)
                for item_id, rating, text in answers
            ]
        )
        response_model.objects.filter(pk__in=old_ids).delete()


def copy_back(apps, schema_editor):
    old_answer = apps.get_model("trainings", "EvaluationAnswer")
    new_answer = apps.get_model("trainings", "EvaluationAnswerMixed")
    old_answer.objects.bulk_create(
        [
            old_answer(response_id=a.response_id, item_id=a.item_id, rating=a.rating, text=a.text)
            for a in new_answer.objects.all()
        ]
    )


def fill_submission_times(apps, schema_editor):
    # Going back: the times are gone; say "now" rather than invent an order.
    submission = apps.get_model("trainings", "EvaluationSubmission")
    submission.objects.update(submitted_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0002_reportexport"),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationPool",
            fields=[
                (
                    "course",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="evaluation_pool",
                        serialize=False,
                        to="trainings.course",
                        verbose_name="course",
                    ),
                ),
                (
                    "entries",
                    models.JSONField(
                        blank=True, default=list, verbose_name="answers waiting to be released"
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation pool",
                "verbose_name_plural": "evaluation pools",
            },
        ),
        migrations.AlterField(
            model_name="evaluationsubmission",
            name="submitted_at",
            field=models.DateTimeField(null=True, verbose_name="submitted"),
        ),
        migrations.RunPython(migrations.RunPython.noop, fill_submission_times),
        migrations.RemoveField(model_name="evaluationsubmission", name="submitted_at"),
        migrations.CreateModel(
            name="EvaluationAnswerMixed",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "rating",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        null=True,
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(5),
                        ],
                        verbose_name="rating",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="text")),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="trainings.evaluationitem",
                        verbose_name="item",
                    ),
                ),
                (
                    "response",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="trainings.evaluationresponse",
                        verbose_name="response",
                    ),
                ),
            ],
            options={
                "verbose_name": "evaluation answer",
                "verbose_name_plural": "evaluation answers",
            },
        ),
        migrations.RunPython(remix, copy_back),
        migrations.DeleteModel(name="EvaluationAnswer"),
        migrations.RenameModel(old_name="EvaluationAnswerMixed", new_name="EvaluationAnswer"),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="item",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="trainings.evaluationitem",
                verbose_name="item",
            ),
        ),
        migrations.AlterField(
            model_name="evaluationanswer",
            name="response",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="answers",
                to="trainings.evaluationresponse",
                verbose_name="response",
            ),
        ),
    ]
