"""Forms for roadmaps, by use case, each with its crispy layout."""
