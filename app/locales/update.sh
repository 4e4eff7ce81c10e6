#!/bin/sh
# Bring the translation catalogues up to date with the code (docs/DESIGN.md §5, "A language"):
# extract every string marked with t, t_var, tn or N_ into app/locales/messages.pot, then merge
# it into each app/locales/<lang>/LC_MESSAGES/messages.po. New strings arrive untranslated and a
# changed English string arrives fuzzy (with its previous text): translate them (Poedit, Weblate
# or any editor) until tests/test_i18n.py passes. The app compiles the .po files when it starts.
#   sh app/locales/update.sh
set -eu
cd "$(dirname "$0")/../.."
pybabel --quiet extract -F babel.cfg --no-default-keywords \
    -k t -k t_var -k N_ -k N_:1,2,2t -k tn:1,2 \
    --add-location=file --width=100 \
    --project="Divergence Lab" --copyright-holder="Divergence Lab" \
    -o app/locales/messages.pot .
pybabel --quiet update -i app/locales/messages.pot -d app/locales -D messages \
    --ignore-obsolete --width=100
