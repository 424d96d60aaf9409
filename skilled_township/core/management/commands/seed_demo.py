"""Load the demo city. Idempotent: running it again changes nothing that is already there.

Each app that has demo data provides ``demo.seed(state)``; they run in ``INSTALLED_APPS`` order and share
``state`` (the region nodes, the accounts, ...). ``state["report"]`` collects the lines printed at the end.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand

from skilled_township.core.context import acting_as


class Command(BaseCommand):
    help = "Load the demo city, its pilot townships, villages and demo accounts (safe to run again)."

    def handle(self, *args, **options):
        state: dict = {"report": []}
        with acting_as(source="seed"):
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("skilled_township.") and find_spec(module_name):
                    import_module(module_name).seed(state)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in state["report"]:
            self.stdout.write(line)
