"""A commented starter lesson, for `coach new LESSON.yaml`.

A person starting a lesson of their own wants a file that already validates,
shows the common step kinds with a word on each, and lets their editor check
it as they type. The schema line names the installed `lesson.schema.json` by
a `file://` URL, so it resolves wherever the new file is written.
"""

from __future__ import annotations

_STARTER = """\
# yaml-language-server: $schema={schema}
#
# {lesson_id}: a new lesson. Change the words, keep the shape, and check
# it with:
#   coach validate {lesson_id}.yaml
#
# - Titles are short; put the detail in `do`. `cue` says what to notice,
#   `why` why it matters, `safety` what keeps the learner safe (shown
#   everywhere).
# - Quote a checkin's "yes" and "no" keys: YAML 1.1 tools (PyYAML, yamllint)
#   read them bare as true and false.
# - Text is shown literally: no markup, no escape codes.
# - Steps may be shared between lessons: `- include: parts/name.yaml`.

---
format: 1
# id: lower-case letters, digits, - _ . ; how `coach run` finds the lesson.
id: {lesson_id}
title: My lesson
version: "1"
summary: One sentence on what the learner will do.
minutes: 5                # an honest estimate

content_note: >-
  Who this lesson is for, and that stopping is always allowed.

sections:
  - title: Begin
    steps:
      # An instruction (the kind when `kind` is left out): read, do, go on.
      - id: settle
        title: Settle
        do: Sit comfortably and let your breath slow down.
        cue: Your shoulders drop a little.

      # A checklist: items to tick off before going on.
      - kind: checklist
        title: Have ready
        items:
          - Water
          - A quiet room

      # A timed step: a countdown; `lead_in: true` waits for "ready" first.
      - kind: timed
        title: Breathe
        seconds: 60
        do: Breathe in for four, out for six.

      # A check-in: a yes/no question that routes the lesson.
      - kind: checkin
        title: Check in
        question: Did that feel comfortable?
        "yes": continue
        "no": {{goto: settle, say: Take it more slowly this time.}}

  - title: Close
    steps:
      # A review: free text, kept in the session's journal.
      - kind: review
        title: Review
        prompts:
          - What did you notice?
"""


def starter_lesson_text(lesson_id: str = "my-lesson", schema: str | None = None) -> str:
    """The starter lesson's YAML; `schema` is the `$schema=` target (the installed schema)."""
    if schema is None:
        from coach.lesson.schema import SCHEMA_FILE

        schema = SCHEMA_FILE.resolve().as_uri()
    return _STARTER.format(lesson_id=lesson_id, schema=schema)
