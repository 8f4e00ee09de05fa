"""Open data: the portal's public facts as CSV and JSON files with a DCAT-AP.de catalogue."""
