"""2 · Thin supports in 2D: coming next (issue #3)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("2 · Thin supports in 2D"), t("Real data lives on thin manifolds that almost never overlap; sampling makes overlap rarer still."))
coming_next(t("Point sets on thin supports (Arjovsky's parallel lines, circles, blobs, moons), exact W1 with the optimal matching, and JS/TV of the binned points."), issue=3)
