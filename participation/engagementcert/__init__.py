"""Certificates of civic engagement: a volunteer asks, the organisation confirms (issue 20)."""
