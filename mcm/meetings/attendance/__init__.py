"""Who came to a meeting, the quorum, attendance rates and confidentiality acknowledgements."""
