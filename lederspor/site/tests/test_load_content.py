"""`lederspor load_content` on a database in use (issue #16 §1): no ProtectedError once a
trainee has rated the effects, idempotent, HR edits kept, changed seed defaults offered, and
the municipality's name and intranet links from settings."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from lederspor.catalogue.content import CONTENT_FILE, load_catalogue, task_key
from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.core import content_versions as cv
from lederspor.core.models import ContentVersion
from lederspor.programmes.content import (
    CONTENT_DIR,
    element_key,
    load_programmes,
    phase_key,
    programme_key,
)
from lederspor.programmes.models import Phase, Programme
from lederspor.site.testing import make_cohort
from lederspor.trainee.models import EffectAnswer, Respondent

pytestmark = pytest.mark.django_db


def _rate_effects(cast) -> Phase:
    """A trainee has rated the first effect of the trainee programme's first phase."""
    cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.other_aspirant]
    )
    phase = cohort.programme.phases.order_by("order").first()
    assert phase is not None and phase.effects
    EffectAnswer.objects.create(
        enrolment=enrolment,
        phase=phase,
        effect_index=0,
        effect_text=phase.effects[0],
        respondent=Respondent.TRAINEE,
        rating=4,
    )
    return phase


def _edit_phase(phase: Phase, user, description: str) -> None:
    key = phase_key(phase.programme.key, phase.order)
    item_version = cv.live_version(key).item.version  # type: ignore[union-attr]
    data = dict(cv.live_data([key])[key], description=description)
    cv.edit(key, data, by=user, expected_version=item_version)
    Phase.objects.filter(pk=phase.pk).update(description=description)


def test_load_edit_rate_effects_load_again_no_error_and_edit_kept(cast):
    """The issue's scenario: load, edit, answer effects, load again."""
    out = StringIO()
    call_command("load_content", stdout=out)
    phase = _rate_effects(cast)
    _edit_phase(phase, cast.consultant.user, "HR's egen fasebeskrivelse.")
    phase_pk = phase.pk

    out = StringIO()
    call_command("load_content", stdout=out)  # raised ProtectedError before issue #16

    phase.refresh_from_db()
    assert phase.pk == phase_pk
    assert phase.description == "HR's egen fasebeskrivelse."
    assert EffectAnswer.objects.filter(phase=phase).count() == 1
    text = out.getvalue()
    assert "Faser:" in text and "0 ny" in text and "uændret" in text


def test_loading_twice_adds_no_versions(cast):
    load_programmes()
    load_catalogue()
    before = ContentVersion.objects.count()
    programmes = {p.pk for p in Programme.objects.all()}
    phases = set(Phase.objects.values_list("pk", flat=True))
    report = cv.LoadReport()
    load_programmes(report=report)
    load_catalogue(report=report)
    assert ContentVersion.objects.count() == before
    assert {p.pk for p in Programme.objects.all()} == programmes
    assert set(Phase.objects.values_list("pk", flat=True)) == phases
    for per_outcome in report.counts.values():
        assert per_outcome[cv.SeedOutcome.UNCHANGED] > 0
        assert per_outcome[cv.SeedOutcome.CREATED] == 0
        assert per_outcome[cv.SeedOutcome.OFFERED] == 0


def test_a_changed_seed_is_offered_not_applied_when_hr_edited(cast, tmp_path):
    directory = tmp_path / "programmes"
    shutil.copytree(CONTENT_DIR, directory)
    load_programmes(directory)
    phase = _rate_effects(cast)
    _edit_phase(phase, cast.consultant.user, "Redigeret af HR.")
    trainee = directory / "trainee.toml"
    text = trainee.read_text(encoding="utf-8")
    old = phase.name
    trainee.write_text(text.replace(f'name = "{old}"', 'name = "Ny fase fra kilden"', 1))

    report = cv.LoadReport()
    load_programmes(directory, report=report)

    phase.refresh_from_db()
    assert phase.description == "Redigeret af HR." and phase.name == old
    key = phase_key("trainee", phase.order)
    offer = cv.pending_offer(key)
    assert offer is not None and offer.data["name"] == "Ny fase fra kilden"
    assert report.counts["Faser"][cv.SeedOutcome.OFFERED] == 1
    assert "tilbudt" in "\n".join(report.lines())


def test_a_changed_seed_applies_when_nobody_edited(cast, tmp_path):
    directory = tmp_path / "programmes"
    shutil.copytree(CONTENT_DIR, directory)
    load_programmes(directory)
    aspirant = directory / "aspirant.toml"
    text = aspirant.read_text(encoding="utf-8")
    aspirant.write_text(text.replace('name = "', 'name = "Nyt: ', 1))
    load_programmes(directory)
    programme = Programme.objects.get(key="aspirant")
    assert programme.name.startswith("Nyt: ")
    assert cv.pending_offer(programme_key("aspirant")) is None


def test_a_phase_no_longer_in_the_seed_is_kept_while_referenced(cast, tmp_path):
    directory = tmp_path / "programmes"
    shutil.copytree(CONTENT_DIR, directory)
    load_programmes(directory)
    phase = _rate_effects(cast)
    trainee = directory / "trainee.toml"
    text = trainee.read_text(encoding="utf-8")
    # drop the rated phase (the first [[phase]] block)
    head, _first, rest = text.partition("[[phase]]")
    _dropped, _sep, others = rest.partition("[[phase]]")
    trainee.write_text(head + "[[phase]]" + others)
    report = cv.LoadReport()
    load_programmes(directory, report=report)
    assert Phase.objects.filter(pk=phase.pk).exists()
    assert any("Beholdt" in line and "trainee, fase" in line for line in report.kept)


def test_catalogue_task_in_use_is_updated_in_place_and_edit_kept(cast, tmp_path):
    path = tmp_path / "practice_tasks.toml"
    shutil.copy(CONTENT_FILE, path)
    load_catalogue(path)
    task = PracticeTask.objects.get(number=1)
    TaskAssignment.objects.create(
        enrolment=cast.enrolment,
        catalogue_task=task,
        title=task.title,
        learning_goal="Lære",
        proposed_by=cast.leader,
    )
    key = task_key(1)
    data = dict(cv.live_data([key])[key], title="Jobsamtalen (vores udgave)")
    cv.edit(key, data, by=cast.consultant.user, expected_version=1)
    PracticeTask.objects.filter(pk=task.pk).update(title=data["title"])
    path.write_text(
        path.read_text(encoding="utf-8").replace('title = "Jobsamtalen"', 'title = "Samtalen"')
    )
    load_catalogue(path)
    task.refresh_from_db()
    assert task.title == "Jobsamtalen (vores udgave)"
    assert cv.pending_offer(key).data["title"] == "Samtalen"  # type: ignore[union-attr]
    assert PracticeTask.objects.count() == 18


def test_placeholders_use_this_municipality(cast, settings):
    settings.LEDERSPOR_MUNICIPALITY_NAME = "Skovby Kommune"
    settings.LEDERSPOR_INTRANET_NAME = "Skovnettet"
    settings.LEDERSPOR_INTRANET_LINKS = {"projektmodel": "https://intra.skovby.dk/projekt"}
    load_programmes()
    load_catalogue()
    aspirant = Programme.objects.get(key="aspirant")
    assert "Skovby Kommune" in aspirant.summary
    assert "Randers" not in aspirant.description and "{kommune" not in aspirant.description
    element = Phase.objects.get(programme__key="trainee", order=2).elements.filter(
        name__contains="lederaspirantforløb"
    )
    assert [e.name for e in element] == ["Skovby Kommunes lederaspirantforløb"]
    task = PracticeTask.objects.get(number=15)
    assert "Skovby Kommunes fælles projektmodel" in task.content
    assert "på Skovnettet" in task.content
    assert task.links == [
        {"title": "Den fælles projektmodel", "url": "https://intra.skovby.dk/projekt"}
    ]
    # an intranet link that is not configured is left out
    assert PracticeTask.objects.get(number=2).links == []
    for text in Path(CONTENT_DIR).glob("*.toml"):
        for line in text.read_text(encoding="utf-8").splitlines():
            if not line.lstrip().startswith("#"):
                assert "Randers" not in line and "Aarhus Kommune" not in line, line
    assert element_key("trainee", 2, 1) == "element:trainee:2:1"


def test_keep_current_adopts_texts_edited_before_versioning(cast):
    """Upgrading a database whose texts HR edited in the admin before issue #16: the first
    `load_content --keep-current` keeps them and offers the seed instead."""
    load_catalogue()
    task = PracticeTask.objects.get(number=3)
    ContentVersion.objects.filter(item__key=task_key(3)).delete()
    from lederspor.core.models import ContentItem

    ContentItem.objects.filter(key=task_key(3)).delete()
    PracticeTask.objects.filter(pk=task.pk).update(title="Rettet i administrationen")
    out = StringIO()
    call_command("load_content", "--keep-current", stdout=out)
    task.refresh_from_db()
    assert task.title == "Rettet i administrationen"
    assert cv.pending_offer(task_key(3)).data["title"] == "Ansættelse og jura"  # type: ignore[union-attr]
    assert "Beholdt nuværende tekst (redigeret før versionering): task:3" in out.getvalue()
    assert cv.live_version(task_key(3)).note == cv.ADOPTED_NOTE  # type: ignore[union-attr]
    # without the flag, and for unchanged texts, nothing is adopted
    assert "task:1" not in out.getvalue()
