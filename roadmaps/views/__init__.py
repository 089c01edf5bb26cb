"""Views by use case: home, footprints (declare, confirm, endorse), coverage (NHS England)."""
