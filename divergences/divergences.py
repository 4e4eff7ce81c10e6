"""Divergences between discrete distributions given as weights on a shared support.

All values are in nats (natural logarithms). Weights are normalised inside each function, so any
non-negative weights with positive total are accepted; bad input raises ValueError.

One kernel, :func:`divergences_against`, computes JS, KL both ways, TV and the shared mass between
one row ``p`` and many rows ``Q``; the ``*_batch`` functions (used by the sweeps) and the scalar
functions all call it, so there is one implementation of each formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ._validate import as_weights, same_shape

LN2 = math.log(2.0)
_LOG_ZERO = -1000.0
"""Stands in for ln 0 = −∞ in the log arrays: below ln of the smallest positive double (≈ −744.4),
so it never collides with a real value; it is only ever multiplied by a zero weight (giving the
convention 0·ln 0 = 0) or lands in a KL that is then replaced by +∞."""


@dataclass(frozen=True)
class RowDivergences:
    """Divergences between one distribution p and each row q of Q (arrays of shape (k,))."""

    js: np.ndarray
    """JS(p‖q) in nats, within [0, ln 2]."""
    kl_pq: np.ndarray
    """KL(p‖q) in nats; +inf where p has mass where q has none."""
    kl_qp: np.ndarray
    """KL(q‖p) in nats; +inf where q has mass where p has none."""
    tv: np.ndarray
    """TV(p, q) = ½Σ|p − q|, within [0, 1] (no unit)."""
    overlap: np.ndarray
    """Σ min(p, q), the shared mass; exactly 0 where the supports are disjoint."""


def _support_columns(p: np.ndarray):
    """Columns where p > 0 (a slice when they are contiguous, else an index array) and the
    columns outside them (a list of slices or one index array)."""
    idx = np.flatnonzero(p > 0)
    if idx.size == 0:
        return slice(0, 0), [slice(0, p.size)]
    a, b = int(idx[0]), int(idx[-1]) + 1
    if b - a == idx.size:
        return slice(a, b), [slice(0, a), slice(b, p.size)]
    return idx, [np.flatnonzero(p <= 0)]


def divergences_against(p: np.ndarray, Q: np.ndarray) -> RowDivergences:
    """JS, KL(p‖q), KL(q‖p), TV and Σmin(p, q) between one row ``p`` (n,) and each row q of
    ``Q`` (k, n). Rows must be normalised, non-negative and finite (internal fast path: no checks).

    With S = {i : pᵢ > 0}, m = (p + q)/2 and q(∉S) the mass of q outside S, every term outside S
    either vanishes (p = 0) or is fixed by q(∉S), so only the columns in S are visited:

    - KL(p‖q) = Σ_S p ln p − Σ_S p ln q, +∞ if qᵢ = 0 for some i in S;
    - KL(q‖p) = Σ_S q ln q − Σ_S q ln p, +∞ if q(∉S) > 0;
    - JS(p‖q) = ½KL(p‖m) + ½KL(q‖m) = ½Σ_S p ln p + ½Σ_S q ln q − Σ_S m ln m + ½·ln 2·q(∉S)
      (outside S, m = q/2 and ½q ln q − m ln m = ½ ln 2·q);
    - TV(p, q) = ½(Σ_S |p − q| + q(∉S)); overlap = Σ_S min(p, q);
    - disjoint supports (overlap = 0): JS = ln 2 and TV = 1 exactly.

    ln q is taken once and shared by both KLs and JS; the sums against the single row p are
    matrix–vector products. Values in nats (TV and overlap unitless).
    """
    p = np.asarray(p, dtype=float)
    Q = np.asarray(Q, dtype=float)
    S, outside = _support_columns(p)
    pS = p[S]
    QS = Q[:, S]
    lp = np.log(pS)
    # Σ_S p ln p, summed exactly like Σ_S q ln q below, so that q = p gives JS = 0 exactly.
    hp = float(np.einsum("ij,ij->i", pS[None, :], lp[None, :])[0])
    q_out = np.zeros(Q.shape[0])
    for cols in outside:
        if not isinstance(cols, slice) or cols.stop > cols.start:
            q_out += Q[:, cols].sum(axis=1)

    with np.errstate(divide="ignore"):
        lq = np.log(QS)
    q_zero_in_S = lq.min(axis=1, initial=0.0) == -np.inf
    np.maximum(lq, _LOG_ZERO, out=lq)
    hq = np.einsum("ij,ij->i", QS, lq)  # Σ_S q ln q (0·ln 0 = 0)

    # KL ≥ 0 (Gibbs); the two sums round differently, so q = p could give −1e-14: clip at 0.
    kl_pq = np.maximum(hp - lq @ pS, 0.0)
    kl_pq[q_zero_in_S] = np.inf
    kl_qp = np.maximum(hq - QS @ lp, 0.0)
    kl_qp[q_out > 0] = np.inf

    m = np.add(QS, pS)
    m *= 0.5
    lm = np.log(m, out=lq)  # m > 0 on S; reuse the buffer of ln q
    hm = np.einsum("ij,ij->i", m, lm)
    js = 0.5 * hp + 0.5 * hq - hm + (0.5 * LN2) * q_out
    # Floating-point rounding can leave values a few ulps outside the true range.
    np.clip(js, 0.0, LN2, out=js)

    overlap = np.minimum(QS, pS, out=m).sum(axis=1)
    diff = np.subtract(QS, pS, out=m)
    tv = 0.5 * (np.abs(diff, out=diff).sum(axis=1) + q_out)
    np.clip(tv, 0.0, 1.0, out=tv)
    # Disjoint supports: the values are exactly ln 2 and 1 (no rounding noise on a flat line).
    disjoint = overlap == 0
    js[disjoint] = LN2
    tv[disjoint] = 1.0
    return RowDivergences(js=js, kl_pq=kl_pq, kl_qp=kl_qp, tv=tv, overlap=overlap)


def _batch(p, q, field: str, swapped_field: str) -> np.ndarray:
    """``field`` of :func:`divergences_against` along the last axis, broadcasting the others.

    One of p, q a single row: one call of the kernel (``swapped_field`` when q is the single row).
    Both with several rows: the kernel once per broadcast row pair.
    """
    p = np.asarray(p, dtype=float)
    q = np.asarray(q, dtype=float)
    if p.ndim == 1:
        d = divergences_against(p, q.reshape(-1, q.shape[-1]))
        return getattr(d, field).reshape(q.shape[:-1])
    if q.ndim == 1:
        d = divergences_against(q, p.reshape(-1, p.shape[-1]))
        return getattr(d, swapped_field).reshape(p.shape[:-1])
    pb, qb = np.broadcast_arrays(p, q)
    shape = pb.shape[:-1]
    pr, qr = pb.reshape(-1, pb.shape[-1]), qb.reshape(-1, qb.shape[-1])
    out = np.empty(pr.shape[0])
    for i in range(pr.shape[0]):
        out[i] = getattr(divergences_against(pr[i], qr[i : i + 1]), field)[0]
    return out.reshape(shape)


def kl_divergence_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """KL(p‖q) = Σ p·ln(p/q) along the last axis, in nats; +inf where p > 0 and q = 0.

    Rows must already be normalised, non-negative and finite (no checks: internal fast path).
    """
    return _batch(p, q, "kl_pq", "kl_qp")


def js_divergence_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """JS(p‖q) = ½KL(p‖m) + ½KL(q‖m), m = (p+q)/2, along the last axis, in nats, in [0, ln 2]."""
    return _batch(p, q, "js", "js")


def tv_distance_batch(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """TV(p, q) = ½Σ|p − q| along the last axis, in [0, 1] (no unit)."""
    return _batch(p, q, "tv", "tv")


def _pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    pa = as_weights(p, "p")
    qa = as_weights(q, "q")
    same_shape(pa, qa)
    return pa.ravel(), qa.ravel()


def kl_divergence(p, q) -> float:
    """Kullback–Leibler divergence KL(p‖q) = Σᵢ pᵢ ln(pᵢ/qᵢ), in nats.

    ``p`` and ``q`` are non-negative weights on the same support (any shape), normalised inside.
    Returns ``math.inf`` when p has mass where q has none. Not symmetric.
    """
    pa, qa = _pair(p, q)
    return float(kl_divergence_batch(pa, qa))


def js_divergence(p, q) -> float:
    """Jensen–Shannon divergence ½KL(p‖m) + ½KL(q‖m), m = (p+q)/2, in nats, within [0, ln 2].

    Disjoint supports give exactly ln 2 ≈ 0.6931. (scipy's ``jensenshannon`` returns the square
    root of this value.)
    """
    pa, qa = _pair(p, q)
    return float(js_divergence_batch(pa, qa))


def tv_distance(p, q) -> float:
    """Total variation distance ½Σ|pᵢ − qᵢ|, within [0, 1] (no unit)."""
    pa, qa = _pair(p, q)
    return float(tv_distance_batch(pa, qa))
