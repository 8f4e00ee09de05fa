"""The civic-engagement network: its public pages and its governance."""
