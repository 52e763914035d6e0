"""Privacy guard: finds personal data (names, numbers, addresses ...) in free text.

Case discussions are anonymised: people are referred to by role and case code only. The guard
needs neither a database nor a Flask application; its messages are lazy translations.
"""

from mcm.privacy.detector import find_pii
from mcm.privacy.finding import KINDS, MESSAGES, Finding

__all__ = ["KINDS", "MESSAGES", "Finding", "find_pii"]
