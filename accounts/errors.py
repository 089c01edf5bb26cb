class ActionRefused(Exception):
    """A service refused an action; the message is written for the person who asked."""
