import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

RESET = "To set a new one: .venv/bin/python manage.py changepassword <username>."


class Command(BaseCommand):
    help = (
        "Create the first superuser if there is none. The password comes from DJANGO_ADMIN_PASSWORD "
        "or is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("DJANGO_ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        users = get_user_model().objects
        if users.filter(is_superuser=True).exists():
            self.stdout.write(f"A superuser already exists. {RESET}")
            return
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        users.create_superuser(username=username, email="", password=password)
        shown = "from DJANGO_ADMIN_PASSWORD" if os.environ.get("DJANGO_ADMIN_PASSWORD") else password
        self.stdout.write(self.style.SUCCESS(f"Created superuser {username!r} with password: {shown}"))
        if not os.environ.get("DJANGO_ADMIN_PASSWORD"):
            self.stdout.write(f"The password is shown only this once. {RESET}")
