from django.contrib.auth import views as auth_views
from django.urls import path

from . import exports, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tokens/", views.TokenListView.as_view(), name="token_list"),
    path("tokens/revoke/", views.TokenRevokeView.as_view(), name="token_revoke"),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_update"),
    path("users/<int:pk>/active/", views.UserActiveView.as_view(), name="user_active"),
    path("users/<int:pk>/tokens/revoke/", views.UserTokenRevokeView.as_view(), name="user_token_revoke"),
    path("audit/", views.AuditEntryListView.as_view(), name="audit_list"),
    path("audit/export/", exports.AuditExportView.as_view(), name="audit_export"),
]
