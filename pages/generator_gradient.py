"""5 · The generator's gradient: coming next (issue #6)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("5 · The generator's gradient"), t("A too-good discriminator leaves the generator no gradient; the WGAN critic does not."))
coming_next(t("The generator's gradient for the minimax, −log D and WGAN losses as the supports separate, and the KL asymmetry behind mode collapse."), issue=6)
