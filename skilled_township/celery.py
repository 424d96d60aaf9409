import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skilled_township.settings")

app = Celery("skilled_township")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
