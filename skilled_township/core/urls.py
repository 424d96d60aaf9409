from django.urls import path

from . import views_files

app_name = "files"

urlpatterns = [
    path("files/<int:pk>/", views_files.file_detail, name="detail"),
    path("files/<int:pk>/download/", views_files.file_download, name="download"),
]
