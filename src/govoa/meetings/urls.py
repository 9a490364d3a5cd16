from django.urls import path

from govoa.meetings.views import meeting, planning, rooms, venue

app_name = "meetings"
urlpatterns = [
    path("", meeting.meeting_list, name="index"),
    path("new/", meeting.meeting_new, name="new"),
    path("rooms/", planning.rooms, name="rooms"),
    path("rooms/new/", rooms.room_new, name="room_new"),
    path("rooms/<int:pk>/", rooms.room_detail, name="room_detail"),
    path("plans/", planning.plan_list, name="plans"),
    path("plans/new/", planning.plan_new, name="plan_new"),
    path("plans/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/acts/<str:act>/", planning.plan_act, name="plan_act"),
    path("sign-in/<str:token>/", meeting.sign_in_page, name="sign_in"),
    path("<int:pk>/", meeting.meeting_detail, name="detail"),
    path("<int:pk>/acts/<str:act>/", meeting.meeting_act, name="act"),
    path("<int:pk>/materials/", meeting.material_add, name="material_add"),
    path("<int:pk>/sign-in/<int:invitee_id>/", meeting.sign_in_manual, name="sign_in_manual"),
    path("<int:pk>/sign-in.svg", meeting.sign_in_qr, name="sign_in_qr"),
    path("<int:pk>/print/<str:kind>.pdf", meeting.meeting_print, name="print"),
    path("<int:pk>/venue/settings/", venue.venue_settings, name="venue_settings"),
    path("<int:pk>/venue/check/", venue.venue_check, name="venue_check"),
    path("<int:pk>/venue/rehearsal/", venue.venue_rehearsal, name="venue_rehearsal"),
    path("<int:pk>/venue/incident/", venue.venue_incident, name="venue_incident"),
    path("venue-checklists/", venue.checklists, name="venue_checklists"),
]
