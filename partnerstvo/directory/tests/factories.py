"""Test data builders. Records are created through services in tests; these only build input."""

import factory

from partnerstvo.core.validators import eik_is_valid


def valid_eik(seed: int, *, length: int = 9) -> str:
    """A deterministic EIK with valid check digits."""
    for offset in range(100):
        body = f"{(12000000 + seed * 104729 + offset) % 100000000:08d}"
        for check in "0123456789":
            candidate = body + check
            if eik_is_valid(candidate):
                if length == 9:
                    return candidate
                for tail in range(1000):
                    for last in "0123456789":
                        thirteen = f"{candidate}{tail:03d}{last}"
                        if eik_is_valid(thirteen):
                            return thirteen
    raise AssertionError("no valid EIK")


def organisation_data(**overrides) -> dict:
    data = {
        "name": "Сдружение „Тестова организация“",
        "short_name": "",
        "legal_form": "association",
        "eik": valid_eik(99),
        "benefit": "public",
        "description": "Организация за тестове.",
        "email": "office@example.bg",
        "in_programme": True,
    }
    data.update(overrides)
    return data


class PersonDataFactory(factory.DictFactory):
    first_name = factory.Faker("first_name", locale="bg_BG")
    last_name = factory.Faker("last_name", locale="bg_BG")
    email = factory.Sequence(lambda n: f"person{n}@example.bg")
