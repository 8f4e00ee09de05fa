"""Public pages: home, legal texts, health check, sitemap."""
