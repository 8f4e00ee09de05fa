"""Practice examples (Praxisbeispiele): finished participation processes as case studies."""
