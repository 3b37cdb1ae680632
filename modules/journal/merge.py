"""Bringing two journals together: the one saved under a code, and the one
this browser has, when the visitor chooses "merge" on the continue page.

Nothing either holds is dropped: steps answered in only one are kept as they
are; where both answered the same free-text question differently, both texts
are kept, one after the other; for a rating or a choice the saved answer
stays (the ratings' history keeps both). Diary entries, ratings' history and
steps done are joined.
"""

import copy


def _merge_answers(saved, here):
    for step, answer in here.items():
        if step not in saved:
            saved[step] = copy.deepcopy(answer)
            continue
        mine = saved[step].setdefault("q", {})
        for key, value in answer.get("q", {}).items():
            theirs = mine.get(key)
            if theirs in (None, "", []):
                mine[key] = value
            elif isinstance(theirs, str) and isinstance(value, str):
                if value.strip() and value.strip() not in theirs:
                    mine[key] = f"{theirs}\n\n{value}"
        others = saved[step].setdefault("other", {})
        for key, value in answer.get("other", {}).items():
            others.setdefault(key, value)


def merge_data(saved: dict, here: dict) -> dict:
    """``saved`` with everything of ``here`` added (changes ``saved``)."""
    _merge_answers(saved.setdefault("answers", {}), here.get("answers", {}))
    done = saved.setdefault("done", [])
    done += [step for step in here.get("done", []) if step not in done]
    history = saved.setdefault("history", [])
    history += [item for item in here.get("history", []) if item not in history]
    history.sort(key=lambda item: item["d"])
    diary = saved.setdefault("diary", [])
    ids = {entry.get("i") for entry in diary}
    diary += [entry for entry in here.get("diary", []) if entry.get("i") not in ids]
    diary.sort(key=lambda entry: entry["d"])
    plan = saved.setdefault("plan", {})
    for key, value in (here.get("plan") or {}).items():
        plan.setdefault(key, value)
    saved["last"] = here.get("last") or saved.get("last")
    return saved
