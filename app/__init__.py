"""Divergence Lab's Streamlit shell: navigation, shared UI pieces, figures, i18n and URL state."""
