"""Progress of a local action plan: derived from reported indicator values and linked work,
tracked on its pages, downloaded, reminded weekly and reported to the ministry each year."""
