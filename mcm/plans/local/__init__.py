"""Each mechanism's local action plan (LAP): editing, adoption, revisions, its Word document and
the links between its activities and the meetings' actions."""
