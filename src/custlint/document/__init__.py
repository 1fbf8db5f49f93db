"""Parsed documents, plain data: the :class:`~custlint.document.model.model.Document` every source builds
(title, body, trailers, labels, status), the commit-message and Markdown readers that fill it,
ticket references, and the :class:`~custlint.document.model.ticket.Ticket` model. No judgement here."""
