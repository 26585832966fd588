"""Catalogue links become titled links (issue #16 §1): a raw URL string `"https://…"` in
`PracticeTask.links` becomes `{"title": <readable address>, "url": <the URL>}`. The title is the
address without scheme, percent-decoded (so "%C3%B8" reads "ø"); HR staff can give it a better
title on the task's edit page. Reversing turns the rows back into URL strings."""

from urllib.parse import unquote, urlsplit

from django.db import migrations


def _title(url: str) -> str:
    parts = urlsplit(url)
    path = unquote(parts.path).strip("/")
    last = path.rsplit("/", 1)[-1] if path else ""
    readable = last.replace("-", " ").replace("_", " ").strip()
    return f"{readable.capitalize()} ({parts.netloc})" if readable else parts.netloc or url


def titled(apps, schema_editor):
    PracticeTask = apps.get_model("catalogue", "PracticeTask")
    for task in PracticeTask.objects.exclude(links=[]):
        links = [
            {"title": _title(link), "url": link} if isinstance(link, str) else link
            for link in task.links
        ]
        if links != task.links:
            task.links = links
            task.save(update_fields=["links"])


def raw(apps, schema_editor):
    PracticeTask = apps.get_model("catalogue", "PracticeTask")
    for task in PracticeTask.objects.exclude(links=[]):
        task.links = [link["url"] if isinstance(link, dict) else link for link in task.links]
        task.save(update_fields=["links"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0005_host_confirmation_steps_session")]

    operations = [migrations.RunPython(titled, raw)]
