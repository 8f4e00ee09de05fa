"""Certificates with a public verification code: attendance at trainings, civic engagement."""
