"""Production's `collectstatic` (WhiteNoise's compressed manifest storage) succeeds: every URL
a CSS or JS file names must exist among the static files, or the deploy stops (issue #17: a
vendored library's source-map comment named a file that was not vendored)."""

from django.core.management import call_command


def test_collectstatic_with_the_production_storage(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("vendor/accessible-autocomplete/accessible-autocomplete.min.*.js"))
