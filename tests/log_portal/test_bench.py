"""Smoke test of the benchmark (make bench, issue #8) at a tiny scale, so that it does not rot."""

import pytest

from commitments.models import Commitment, Milestone, QuarterlyUpdate
from communes.models import Commune
from log_portal.bench import data, measure, runner
from volunteers.models import VolunteerApplication

pytestmark = pytest.mark.timeout(120)


@pytest.mark.django_db(transaction=True)
def test_bench_prints_a_row_for_every_page_list_load_and_job():
    # given: 10 communes, 50 commitments, 250 milestones, 500 updates, 100 applications
    options = runner.Options(seed=3, scale=0.001, repeats=2, concurrency=2, duration=1.0)

    # when
    report = runner.run(options, log=lambda line: None)
    table = report.render()

    # then: the data set has the section C proportions
    assert Commune.objects.members().count() == 10
    assert Commitment.objects.count() == 50
    assert Milestone.objects.count() == 250
    assert QuarterlyUpdate.objects.count() == 500
    assert VolunteerApplication.objects.count() == 100
    # every page and API list was requested and answered, with a constant query count
    names = [row.name for row in report.requests]
    assert set(measure.CEILINGS) <= set(names)
    for row in report.requests:
        assert not row.errors, row.errors
        assert len(row.times_ms) == 2
        assert len(set(row.queries)) == 1, (row.name, row.queries)
        assert row.gzip_bytes[0] > 0
        assert row.name in table
    # the real server answered the minimal view and both pages under load, as deployed and,
    # for comparison only, with the page cache off
    assert [(row.name, row.informational) for row in report.throughput] == [
        ("minimal view (reference)", False),
        ("commune page", False),
        ("commitment page", False),
        ("commune page, page cache off", True),
        ("commitment page, page cache off", True),
    ]
    for row in report.throughput:
        assert not row.skipped, row.skipped
        assert row.requests > 0, row
        assert row.errors == 0, row
        assert row.name in table
    # the check ran on every member (rolled back) and the plan PDF was rendered
    assert [job.name for job in report.jobs] == [
        "inactivity check, dry run (10 members)",
        "inactivity check, real run (10 members)",
        report.jobs[2].name,
    ]
    for job in report.jobs:
        assert not job.error, job.error
        assert job.seconds is not None
        assert job.name in table
    assert report.jobs[0].detail.startswith("10 checked")
    assert Commune.objects.filter(membership_status=Commune.MembershipStatus.ACTIVE).count() == 10


@pytest.mark.django_db(transaction=True)
def test_same_seed_and_scale_give_the_same_rows_and_keep_reuses_them():
    data.load(seed=5, scale=0.001, log=lambda line: None)
    first = list(Commitment.objects.order_by("pk").values_list("title", "policy_areas"))

    reused = data.load(seed=5, scale=0.001, keep=True, log=lambda line: None)
    assert reused.reused
    again = data.load(seed=5, scale=0.001, log=lambda line: None)

    assert not again.reused
    assert list(Commitment.objects.order_by("pk").values_list("title", "policy_areas")) == first
    assert not data.load(seed=6, scale=0.001, keep=True, log=lambda line: None).reused
