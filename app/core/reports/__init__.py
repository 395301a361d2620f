"""Reports: JSON and HTML reports, viewer predictions and the support bundle."""
