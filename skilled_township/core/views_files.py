"""Pages for files produced in the background: progress while it runs, then the download."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from .models import GeneratedFile


@login_required
def file_detail(request, pk: int):
    job = get_object_or_404(GeneratedFile.objects.visible_to(request.user), pk=pk)
    template = "core/_file_status.html" if request.headers.get("HX-Request") else "core/file_detail.html"
    return render(request, template, {"job": job})


@login_required
def file_download(request, pk: int):
    job = get_object_or_404(GeneratedFile.objects.visible_to(request.user), pk=pk)
    if job.status != GeneratedFile.Status.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file.name.rsplit("/", 1)[-1])
