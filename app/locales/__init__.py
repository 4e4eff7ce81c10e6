"""Translations, one module per language: STRINGS = {english: translation}."""
