"""Rules and the one evaluator: the rule model and packs (:mod:`.packs`), the validated-rules cache
(:mod:`.ruleset`), selection (:mod:`.selection`), the check registry (:mod:`.registry`), the
evaluator every command runs (:mod:`.evaluator`), findings (:mod:`.findings`) and rule examples."""
