"""The case register: the case record, its page, its forms, services and queries, and its
Word extract."""
