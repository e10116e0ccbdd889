"""R32: CSV and JSON downloads, streamed, with licence, last-updated date and datapackage.json."""

import csv
import io
import json

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from log_portal.public.exports import DATASETS, defuse

from .world import published_commitment

pytestmark = pytest.mark.django_db


def download(client, name, fmt):
    response = client.get(reverse("public:data-download", args=[name, fmt]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'
    return b"".join(response.streaming_content).decode()


def csv_rows(client, name):
    return list(csv.DictReader(io.StringIO(download(client, name, "csv"))))


@pytest.mark.parametrize("name", list(DATASETS))
def test_every_dataset_downloads_as_csv_and_json_with_the_same_rows(client, world, name):
    rows = csv_rows(client, name)
    records = json.loads(download(client, name, "json"))

    assert [r["id"] for r in rows] == [str(r["id"]) for r in records]
    assert list(rows[0].keys()) if rows else True
    assert all(set(r) == {f.name for f in DATASETS[name].fields} for r in records)


def test_exports_hold_public_rows_only(client, world):
    commitments = {r["title"] for r in csv_rows(client, "commitments")}
    plans = {r["title"] for r in csv_rows(client, "plans")}
    updates = {r["progress"] for r in csv_rows(client, "updates")}

    assert commitments == {"Budget participatif"}
    assert plans == {"Plan Rufisque ouvert"}
    assert updates == {"Budget publié en ligne."}


def test_no_personal_data_in_any_export(client, world):
    from tests.volunteers.factories import MissionFactory

    MissionFactory(commune=world.commune, volunteer__display_name="Volontaire Secret")
    world.commune.lead_agency_phone = "+221 77 000 00 00"
    world.commune.save()
    for name in DATASETS:
        for fmt in ("csv", "json"):
            text = download(client, name, fmt)
            assert "@" not in text.replace("@context", ""), (name, fmt)  # no e-mail address
            assert "+221" not in text
            assert "Volontaire Secret" not in text


def test_csv_cells_are_defused_against_formula_injection(client, world):
    published_commitment(world.plan, title='=HYPERLINK("http://evil")', problem="+1+2")

    rows = {r["title"]: r for r in csv_rows(client, "commitments")}

    assert '\'=HYPERLINK("http://evil")' in rows
    assert rows['\'=HYPERLINK("http://evil")']["problem"] == "'+1+2"
    assert defuse("@SUM(A1)") == "'@SUM(A1)"
    assert defuse(-3) == -3


def test_array_fields_are_lists_in_json_and_joined_in_csv(client, world):
    record = json.loads(download(client, "commitments", "json"))[0]
    row = csv_rows(client, "commitments")[0]

    assert record["policy_areas"] == ["fiscal_openness"]
    assert row["policy_areas"] == "fiscal_openness"


def test_the_data_page_lists_downloads_licence_and_last_updated(client, world):
    response = client.get(reverse("public:data"))

    assert "https://creativecommons.org/licenses/by/4.0/" in response.text
    for name in DATASETS:
        assert reverse("public:data-download", args=[name, "csv"]) in response.text
        assert reverse("public:data-download", args=[name, "json"]) in response.text
    commitments = next(
        d for d in response.context["datasets"] if d["dataset"].name == "commitments"
    )
    assert commitments["last_updated"] == world.commitment.updated_at


def test_staff_can_set_another_licence(client, world, settings):
    settings.OPEN_DATA_LICENCE = {
        "name": "ODbL-1.0",
        "title": "ODbL",
        "path": "https://opendatacommons.org/licenses/odbl/",
    }

    response = client.get(reverse("public:datapackage"))

    assert response.json()["licenses"] == [settings.OPEN_DATA_LICENCE]


def test_datapackage_describes_each_file_and_its_fields(client, world):
    package = client.get(reverse("public:datapackage")).json()

    resources = {r["name"]: r for r in package["resources"]}
    assert set(resources) == set(DATASETS)
    for name, dataset in DATASETS.items():
        fields = [f["name"] for f in resources[name]["schema"]["fields"]]
        assert fields == [f.name for f in dataset.fields]
        assert resources[name]["path"].endswith(f"/data/{name}.csv")
        header = download(client, name, "csv").splitlines()[0].split(",")
        assert header == fields
    assert package["licenses"][0]["name"] == "CC-BY-4.0"


def test_an_unknown_dataset_or_format_answers_404(client, db):
    assert client.get("/data/volunteers.csv").status_code == 404
    assert client.get("/data/communes.xml").status_code == 404
