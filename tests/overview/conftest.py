"""The partner factories serve the overview's tests too."""

from tests.partners.conftest import make_organisation, make_partner_observer, make_partnership

__all__ = ["make_organisation", "make_partner_observer", "make_partnership"]
