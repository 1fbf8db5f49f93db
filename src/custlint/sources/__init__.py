"""Sources read and normalise; they never judge. Each returns :class:`~custlint.document.model.Document` objects."""
