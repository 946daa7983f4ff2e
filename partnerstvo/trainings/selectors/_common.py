"""What the participant lists (``attendance``) and the knowledge-gain reports (``reports``) share.

The test scores are not joined here any more: each enrolment keeps its own (``pre_percent``,
``post_percent``, ``gain``, kept by ``services.assessment.enrolment_scores_refresh``)."""

from __future__ import annotations

from ..models.assessment import NORMALISED_GAIN as NORMALISED_GAIN
