"""Administration of accounts (/verwaltung/konten)."""
