"""3 · The earth mover: coming next (issue #4)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("3 · The earth mover"), t("EMD is the cost of the cheapest plan that moves the earth of P into the shape of Q."))
coming_next(t("Piles of earth, the optimal transport plan as a heat map and as arrows, other plans and their costs, and the earth moving."), issue=4)
