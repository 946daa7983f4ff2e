"""The demo: several published practices of the demo CSOs, one submitted, one with changes
requested; loading it twice adds nothing."""

import pytest

from partnerstvo.directory import demo as directory_demo
from partnerstvo.practices import demo
from partnerstvo.practices.models import Practice

pytestmark = pytest.mark.django_db


def test_the_demo_has_published_submitted_and_returned_practices(reference_data):
    directory_demo.load()
    demo.load()
    counts = {status: Practice.objects.filter(status=status).count() for status in Practice.Status}
    assert counts[Practice.Status.PUBLISHED] >= 4
    assert counts[Practice.Status.SUBMITTED] == 1
    assert counts[Practice.Status.CHANGES_REQUESTED] == 1
    assert all(p.result_rows.exists() for p in Practice.objects.filter(status="published"))
    total = Practice.objects.count()
    demo.load()
    assert Practice.objects.count() == total
