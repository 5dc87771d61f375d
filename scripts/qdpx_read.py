#!/usr/bin/env python3
"""Read facilitator's REFI-QDA projects back with an independent reader.

pyrefiqda (PyPI) binds the official REFI-QDA schemas with xsdata and
parses a .qdpx into typed models; it shares no code with facilitator.
For every .qdpx given: it must load; every text selection must lie inside
its source's text; every CodeRef must name a code of the codebook; every
case's SelectionRef a selection; and, when the notes.csv of the same
group is given (--notes), every note's and quote's words must be found at
their selection's positions (Unicode code points, end exclusive).

Usage: qdpx_read.py FILE.qdpx [--notes notes.csv] [FILE.qdpx ...]
"""
import csv
import sys
import tempfile
from pathlib import Path

from pyrefiqda import RefiProject


def codes_of(codes):
    for c in codes:
        yield c.guid
        yield from codes_of(c.code)


def check(path, notes_csv=None):
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        project = RefiProject.load(path, extract_dir=tmp)
        codes = set(codes_of(project.code_book.codes.code))
        texts = project.sources.text_source
        audios = project.sources.audio_source
        selections = {}
        words = {}
        for t in texts:
            file = RefiProject.resolve_source_path(t.plain_text_path, tmp)
            text = Path(file).read_text(encoding="utf-8")
            for s in t.plain_text_selection:
                selections[s.guid] = s
                if not 0 <= s.start_position < s.end_position <= len(text):
                    problems.append(f"{s.name}: {s.start_position}..{s.end_position} outside the text")
                words[s.name] = text[s.start_position:s.end_position]
                for c in s.coding:
                    if c.code_ref.target_guid not in codes:
                        problems.append(f"{s.name}: CodeRef to no code")
        for a in audios:
            for s in a.audio_selection:
                selections[s.guid] = s
                if not 0 <= s.begin < s.end:
                    problems.append(f"{a.name} {s.name}: {s.begin}..{s.end} ms")
                for c in s.coding:
                    if c.code_ref.target_guid not in codes:
                        problems.append(f"{s.name}: CodeRef to no code")
        cases = project.cases.case if project.cases else []
        refs = 0
        for case in cases:
            for r in case.selection_ref:
                refs += 1
                if r.target_guid not in selections:
                    problems.append(f"case {case.name}: SelectionRef to no selection")
        found = 0
        if notes_csv:
            with open(notes_csv, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    name = f"{row['kind'].capitalize()} {row['note']}"
                    if words.get(name) != row["text"].strip():
                        problems.append(f"{name}: {words.get(name)!r} is not {row['text'].strip()!r}")
                    else:
                        found += 1
        n_sel = sum(len(t.plain_text_selection) for t in texts)
        n_audio = sum(len(a.audio_selection) for a in audios)
        print(
            f"{path}: {len(codes)} codes, {len(cases)} cases ({refs} selection refs), "
            f"{len(texts)} text sources ({n_sel} selections), "
            f"{len(audios)} audio sources ({n_audio} selections)"
            + (f", {found} notes found at their positions" if notes_csv else "")
        )
    return problems


def main(argv):
    todo = []
    i = 0
    while i < len(argv):
        if argv[i] == "--notes":
            todo[-1] = (todo[-1][0], argv[i + 1])
            i += 2
        else:
            todo.append((argv[i], None))
            i += 1
    if not todo:
        print(__doc__)
        return 2
    bad = 0
    for path, notes in todo:
        for p in check(path, notes):
            print(f"  PROBLEM {p}")
            bad += 1
    print("pyrefiqda read every project without a problem" if bad == 0 else f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
