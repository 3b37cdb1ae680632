"""Bringing a new release's default program into a live site without
overwriting anything clinicians did (``manage.py upgradeprogram``).

The release is loaded over the live rows inside one transaction; then, item
by item (see ``upstream.py``):

- a new item stays, unpublished: a draft for clinicians to review;
- an item the release changed gets a revision "Proposed by the release" in
  its History (compare it with now, restore it when ready), and the item
  itself goes back to exactly what it was;
- every other existing item goes back to exactly what it was;
- an item a clinician deleted is deleted again, and one they unpublished
  stays unpublished: nothing withdrawn comes back.
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from reversion.models import Revision, Version

from modules.content.loader import Loader, record_first_versions
from modules.content.models import UpstreamItem
from modules.content.upstream import digest, items, record_installed

KEPT = "Kept before an upgrade (removed when it ends)"
PROPOSED = "Proposed by the new release of the default program (not applied)"
ADDED = "Added as a draft by the new release of the default program"


@dataclass
class Report:
    new: list = field(default_factory=list)
    proposed: list = field(default_factory=list)
    kept_local: list = field(default_factory=list)
    withdrawn: list = field(default_factory=list)

    def lines(self):
        def name(obj):
            return f"{obj._meta.verbose_name} “{obj}”"

        out = [
            f"New items, added as unpublished drafts: {len(self.new)}",
            *(f"  + {name(o)}" for o in self.new),
            f"Changed by the release, offered as a proposal in the item's History: {len(self.proposed)}",
            *(f"  ~ {name(o)}" for o in self.proposed),
            f"Changed here and kept as they are: {len(self.kept_local)}",
            *(f"  = {name(o)}" for o in self.kept_local),
            f"Withdrawn here and left out: {len(self.withdrawn)}",
            *(f"  - {name(o)}" for o in self.withdrawn),
        ]
        return out


def _keep(item):
    with reversion.create_revision():
        reversion.set_comment(KEPT)
        reversion.add_to_revision(item)
    return Version.objects.get_for_object(item).first().revision


def _unpublish(item):
    if hasattr(item, "is_published") and item.is_published:
        type(item).objects.filter(pk=item.pk).update(is_published=False)
        item.is_published = False


@transaction.atomic
def upgrade(directory):
    report = Report()
    before = {item.uuid: item for item in items()}
    local = {row_uuid: digest(item) for row_uuid, item in before.items()}
    recorded = dict(UpstreamItem.objects.values_list("uuid", "digest"))
    kept = {row_uuid: _keep(item) for row_uuid, item in before.items()}
    Loader(directory)._load()
    upstream, new = {}, []
    for item in items():
        upstream[item.uuid] = digest(item)
        mine = before.get(item.uuid)
        if mine is None and item.uuid in recorded:
            report.withdrawn.append(item)
            type(item).objects.filter(pk=item.pk).delete()
        elif mine is None:
            _unpublish(item)
            report.new.append(item)
            new.append(item)
        else:
            changed_there = upstream[item.uuid] not in (
                recorded.get(item.uuid),
                local[item.uuid],
            )
            if changed_there and getattr(mine, "is_published", True):
                item.is_published = True
                with reversion.create_revision():
                    reversion.set_comment(PROPOSED)
                    reversion.add_to_revision(item)
                report.proposed.append(mine)
            elif changed_there:
                report.withdrawn.append(mine)
            if local[item.uuid] != recorded.get(item.uuid, local[item.uuid]):
                report.kept_local.append(mine)
            kept[item.uuid].revert(delete=True)
    Revision.objects.filter(pk__in=[r.pk for r in kept.values()]).delete()
    record_installed(upstream)
    record_first_versions(new, ADDED)
    return report
