"""1 · JS saturates: coming next (issue #3)."""

from app.i18n import t
from app.ui import coming_next, page_intro

page_intro(t("1 · JS saturates"), t("Once the supports stop overlapping, JS is stuck at ln 2 (zero gradient) while W1 keeps growing."))
coming_next(t("Densities P and Q (Gaussian, uniform, point mass, mixture), the offset θ, and curves of JS, both KLs, TV and W1 over θ, with dJS/dθ against dW1/dθ."), issue=3)
