"""The consolidated report as an official document: bundle, renderers wiring, export jobs."""
