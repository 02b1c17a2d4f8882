#!/usr/bin/env python3
# check-po.py PODIR: every language in LINGUAS has a .po with no untranslated
# or fuzzy message, and msgfmt --check accepts it. Exits non-zero otherwise.
import subprocess
import sys
from pathlib import Path

podir = Path(sys.argv[1])
langs = [l.strip() for l in (podir / 'LINGUAS').read_text().splitlines()
         if l.strip() and not l.startswith('#')]
failed = False
if not langs:
    print('LINGUAS lists no language')
    sys.exit(1)
for lang in langs:
    po = podir / f'{lang}.po'
    if not po.exists():
        print(f'{po}: missing')
        failed = True
        continue
    res = subprocess.run(['msgfmt', '--check', '--statistics', '-o', '/dev/null', str(po)],
                         capture_output=True, text=True)
    stats = res.stderr.strip()
    print(f'{po.name}: {stats}')
    if res.returncode != 0:
        failed = True
    if 'untranslated' in stats or 'fuzzy' in stats:
        failed = True
    # Every message of the template must be in the catalogue.
    pot = subprocess.run(['xgettext', '--from-code=UTF-8', '-f', str(podir / 'POTFILES.in'),
                          '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2',
                          '--keyword=NC_:1c,2', '-o', '-', '--directory',
                          str(podir.parent)], capture_output=True, text=True)
    if pot.returncode != 0:
        print(pot.stderr)
        failed = True
    else:
        res = subprocess.run(['msgcmp', '--use-untranslated', str(po), '-'], input=pot.stdout,
                             capture_output=True, text=True)
        if res.returncode != 0:
            print(res.stderr)
            failed = True
sys.exit(1 if failed else 0)
