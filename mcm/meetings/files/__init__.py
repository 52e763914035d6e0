"""Documents uploaded to a meeting or to one of its agenda items (reports, presentations), the
signed scan of the approved minutes, and the meeting pack: the agenda and the documents in agenda
order, downloaded as one ZIP or sent to the member institutions through the outbox."""
