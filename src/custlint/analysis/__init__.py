"""What a document says, worked out once per document (:mod:`.analyzer`): the customer problem
(:mod:`.problem`), the KPI (:mod:`.kpi`), bug-fix remediation (:mod:`.remediation`), working
backwards (:mod:`.backwards`, :mod:`.prfaq`), done claims (:mod:`.done`), exemptions, production
evidence for done tickets (:mod:`.evidence`), the ticket link index (:mod:`.ticket_links`) and the
metrics Python code emits (:mod:`.metrics`)."""
