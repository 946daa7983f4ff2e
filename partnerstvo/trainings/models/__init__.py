"""Trainings: programmes and courses with modules and sessions, enrolments with a waiting list,
attendance per session, knowledge tests before and after (two parallel forms), anonymous
evaluations, certificates, and the participant data an ESF-funded operation reports.

One module per subdomain: ``catalogue`` (programmes, courses, modules, sessions, evaluation
items), ``enrolment`` (enrolments, attendance, participant data), ``assessment`` (questions,
tests, attempts and answers), ``evaluation`` (anonymous evaluations), ``certificates`` and
``reports``.
Every model is importable from here, as the rest of the app and Django expect."""

from .assessment import Answer, Attempt, KnowledgeTest, Question
from .catalogue import (
    Course,
    EvaluationItem,
    Module,
    Programme,
    Session,
)
from .certificates import Certificate, CertificateArchive
from .enrolment import AttendanceRecord, Enrolment, ParticipantData
from .evaluation import EvaluationAnswer, EvaluationPool, EvaluationResponse, EvaluationSubmission
from .reports import ReportExport

__all__ = [
    "Answer",
    "Attempt",
    "AttendanceRecord",
    "Certificate",
    "CertificateArchive",
    "Course",
    "Enrolment",
    "EvaluationAnswer",
    "EvaluationItem",
    "EvaluationPool",
    "EvaluationResponse",
    "EvaluationSubmission",
    "KnowledgeTest",
    "Module",
    "ParticipantData",
    "Programme",
    "Question",
    "ReportExport",
    "Session",
]
