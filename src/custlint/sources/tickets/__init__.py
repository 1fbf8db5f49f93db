"""Reading tickets: Markdown ticket files, GitHub and Jira exports, the live GitHub and Jira APIs."""
