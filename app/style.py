"""One plotly style for every chart: fonts, sizes, and one colour per quantity.

The same colour means the same thing on every page: P is blue, Q orange, JS red, W1 green, and
so on (Okabe–Ito palette, readable by colour-blind students and on projectors).
"""

from __future__ import annotations

import plotly.graph_objects as go

COLORS = {
    "P": "#0072B2",  # blue
    "Q": "#E69F00",  # orange
    "JS": "#D55E00",  # vermillion
    "W1": "#009E73",  # green
    "KL_PQ": "#CC79A7",  # purple-pink
    "KL_QP": "#8C6BB1",  # violet
    "TV": "#56B4E9",  # sky blue
    "overlap": "#7F7F7F",
    "ref": "#444444",
    "plan": "#009E73",
    "GAN": "#D55E00",
    "WGAN": "#009E73",
}
FONT = dict(family="Inter, 'Noto Sans CJK SC', 'Source Sans Pro', sans-serif", size=14)


def style_figure(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = 360):
    """Apply the house style: a title, axis titles (with units), legend on top, white template."""
    fig.update_layout(
        title=dict(text=title, x=0.0, xanchor="left", font=dict(size=17)),
        template="plotly_white",
        font=FONT,
        height=height,
        margin=dict(l=60, r=20, t=70, b=55),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
        hovermode="x unified",
    )
    fig.update_xaxes(title_text=x_title, showline=True, linecolor="#999", mirror=False)
    fig.update_yaxes(title_text=y_title, showline=True, linecolor="#999", zeroline=False)
    return fig
