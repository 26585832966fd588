"""The demo's evaluations: every ended session and cohort evaluated, 60–85 % answered, one
questionnaire under the small-number limit and one open for the demo aspirant."""

from django.db.models import Count, Q

from lederspor.core.smallnumbers import is_suppressed
from lederspor.evaluations.models import Questionnaire, Response
from lederspor.evaluations.selectors import open_invitations
from lederspor.people.models import Person


def test_the_demo_has_evaluations_with_both_showcases(demo):
    questionnaires = list(
        Questionnaire.objects.annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
        )
    )
    assert len(questionnaires) >= 5
    assert any(is_suppressed(q.answered) for q in questionnaires)
    big = [q for q in questionnaires if q.invited >= 10]
    assert big and all(0.5 <= q.answered / q.invited <= 0.9 for q in big)
    assert not Response.objects.filter(person__isnull=False).exists()  # anonymous
    aspirant = Person.objects.get(email=demo.email("aspirant"))
    assert open_invitations(aspirant).exists()
