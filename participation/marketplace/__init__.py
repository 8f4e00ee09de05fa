"""The Marktplatz: companies and non-profits offer and seek what they can give (never
money), contact each other and record deals."""
