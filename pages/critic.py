"""4 · The critic: coming next (issue #5)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("4 · The critic"), t("A weight-clipped critic learns W1 up to a constant: the Kantorovich–Rubinstein dual."))
coming_next(t("A weight-clipped neural critic trained live, its estimate of W1 against the exact value, and the effect of the clip c."), issue=5)
