from django.urls import path

from govoa.documents import views

app_name = "documents"
urlpatterns = [path("verify/", views.verify, name="verify")]
