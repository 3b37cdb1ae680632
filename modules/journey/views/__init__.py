"""The help-seeker's pages: the tracks and their steps, the visitor's own
records (plan, progress, diary, workbook), and the pages around them."""

from modules.journey.views.pages import act_now, glossary, page
from modules.journey.views.plan import plan
from modules.journey.views.records import diary, progress, workbook
from modules.journey.views.track import (
    stage_detail,
    stage_summary,
    step,
    track_detail,
    track_list,
)

__all__ = [
    "act_now",
    "diary",
    "glossary",
    "page",
    "plan",
    "progress",
    "stage_detail",
    "stage_summary",
    "step",
    "track_detail",
    "track_list",
    "workbook",
]
