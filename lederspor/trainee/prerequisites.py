"""The trainee programme's prerequisite (seed 003): "Hvis ledertraineen ikke har deltaget i
Aarhus Kommunes fælles lederafklaringsforløb, skal ledertraineen forinden samtalen have taget en
persontest og fået feedback herpå. Det er HR-konsulenten som giver feedback til ledertraineen."

CONTRACT: the conversation services call `start_conversation_check` before planning a trainee's
start conversation. Being built.
"""

from __future__ import annotations

from lederspor.programmes.models import Enrolment


def start_conversation_check(enrolment: Enrolment) -> None:
    """Raise ValidationError (Danish message) if `enrolment` (a trainee cohort) may not yet have
    its start conversation: no completed Leder på spring in Lederspor and no personality test
    with the HR consultant's feedback recorded. Does nothing for other programmes."""
