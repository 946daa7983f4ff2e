"""The demo: two published analyses in Bulgarian, one by a demo CSO and one by a demo
administration, with every kind of row; their pages and PDF reports answer; loading it twice
adds nothing."""

import pytest

from partnerstvo.accounts import demo as accounts_demo
from partnerstvo.analyses import demo
from partnerstvo.analyses.models import ProblemAnalysis
from partnerstvo.directory import demo as directory_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_two_published_analyses(reference_data, client):
    directory_demo.load()
    accounts_demo.load()
    demo.load()
    analyses = list(ProblemAnalysis.objects.order_by("pk"))
    assert len(analyses) == 2 and all(a.is_published for a in analyses)
    youth, elderly = analyses
    assert youth.organisation.slug == "iskar-bg"
    assert elderly.administration.municipality.code == "VTR06"
    for analysis in analyses:
        assert analysis.municipalities.exists() and analysis.areas.exists()
        assert analysis.partners.exists()
        assert analysis.stakeholders.count() >= 5
        assert analysis.findings.exclude(value=None).count() >= 4
        assert {s.quadrant for s in analysis.swot.all()} == {
            "strength",
            "weakness",
            "opportunity",
            "threat",
        }
        assert analysis.recommendations.count() >= 3
        assert analysis.authors.exclude(person=None).count() == 2
        assert analysis.authors.filter(person=None).count() == 1
        assert client.get(analysis.get_absolute_url()).status_code == 200
        assert client.get(f"/analyses/{analysis.slug}/report.pdf").status_code == 200
    assert client.get("/api/v1/analyses/").json()["count"] == 2
    demo.load()
    assert ProblemAnalysis.objects.count() == 2
