"""The service's URLs plus the floor page the benchmarks compare against."""

from django.urls import path

from bench.floor import floor
from config.urls import urlpatterns as service_urlpatterns

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    *service_urlpatterns,
]
