from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeConfig(AppConfig):
    name = "lederspor.trainee"
    label = "trainee"
    verbose_name = _("Ledertraineeforløb")
