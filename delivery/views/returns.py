"""Pages of a progress return, named by ``delivery/urls.py``: writing it (``writing``), and
checking, signing off and reading a submission (``signoff``)."""

from delivery.views.signoff import return_check, return_submission, sign_off_return  # noqa: F401
from delivery.views.writing import (  # noqa: F401 - named by delivery/urls.py
    add_milestone,
    add_risk,
    return_detail,
    return_list,
    return_section,
)
