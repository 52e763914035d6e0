"""What the guard reports: a span of the text, its kind and a translatable explanation."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

PERSONAL_NUMBER = "personal_number"
PHONE = "phone"
EMAIL = "email"
SOCIAL_HANDLE = "social_handle"
STREET_ADDRESS = "street_address"
DATE_OF_BIRTH = "date_of_birth"
VEHICLE_PLATE = "vehicle_plate"
IBAN = "iban"
ID_DOCUMENT = "id_document"
PERSON_NAME = "person_name"

KINDS = (
    PERSONAL_NUMBER,
    PHONE,
    EMAIL,
    SOCIAL_HANDLE,
    STREET_ADDRESS,
    DATE_OF_BIRTH,
    VEHICLE_PLATE,
    IBAN,
    ID_DOCUMENT,
    PERSON_NAME,
)

# Lazy strings: building them needs no application; str() translates inside a request.
MESSAGES = {
    PERSONAL_NUMBER: _l(
        "This looks like a personal number. Remove it: refer to people only by the case code."
    ),
    PHONE: _l("This looks like a phone number. Remove it: refer to people only by the case code."),
    EMAIL: _l(
        "This looks like an e-mail address. Remove it: refer to people only by the case code."
    ),
    SOCIAL_HANDLE: _l(
        "This looks like a social media account. Remove it: refer to people only by the case code."
    ),
    STREET_ADDRESS: _l(
        "This looks like a street address. Remove it: name the municipality at most."
    ),
    DATE_OF_BIRTH: _l("This looks like a date of birth. Remove it: record the age band instead."),
    VEHICLE_PLATE: _l("This looks like a licence plate. Remove it."),
    IBAN: _l("This looks like a bank account number. Remove it."),
    ID_DOCUMENT: _l("This looks like an identity document number. Remove it."),
    PERSON_NAME: _l(
        "This looks like a person's name. Remove it: refer to people by their role and the"
        " case code."
    ),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """Personal data found in a text: text[start:end] is the offending span."""

    start: int
    end: int
    kind: str
    # A lazy string (flask_babel): str() it where it is shown, inside a request, to translate.
    message: str
