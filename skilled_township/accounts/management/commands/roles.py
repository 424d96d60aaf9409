"""``manage.py roles``: the permission table, every code of every app against every role."""

from django.core.management.base import BaseCommand

from skilled_township.accounts.roles import Role, permissions


class Command(BaseCommand):
    help = "Print which role holds which permission (each app declares its codes in its AppConfig)."

    def handle(self, *args, **options):
        table = permissions()
        width = max(len(code) for code in table)
        self.stdout.write(" ".join([f"{'permission':<{width}}", *(f"{role:>18}" for role in Role.values)]))
        for code in sorted(table):
            marks = ("x" if role in table[code] else "." for role in Role.values)
            self.stdout.write(" ".join([f"{code:<{width}}", *(f"{mark:>18}" for mark in marks)]))
