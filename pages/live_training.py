"""6 · GAN vs WGAN, live: coming next (issue #7)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("6 · GAN vs WGAN, live"), t("Trained side by side, WGAN covers the modes and its loss tracks sample quality."))
coming_next(t("A toy GAN and a WGAN trained side by side, live, with the ground-truth W1 and modes covered."), issue=7)
