"""The contact fields of data/venues.toml: optional, validated, shipped empty (no source gives them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.services.contacts import NO_CONTACTS, parse_contacts
from bot.services.receptions import read_places

ROOT = Path(__file__).resolve().parents[2]


def test_shipped_venues_have_no_invented_contacts() -> None:
    _, venues = read_places(ROOT / "data" / "venues.toml")
    assert len(venues) == 10
    assert all(v.contacts == NO_CONTACTS and not v.contacts.filled for v in venues)


def test_filled_contacts_are_read() -> None:
    contacts = parse_contacts({"street": {"kk": " Абай көшесі, 1 ", "ru": "ул. Абая, 1"}, "phone": "8 (7242) 23-45-67",
                               "hours": {"kk": "", "ru": ""}, "map": "https://2gis.kz/x"}, "v")
    assert contacts.street == {"kk": "Абай көшесі, 1", "ru": "ул. Абая, 1"}
    assert contacts.phone == "8 (7242) 23-45-67" and contacts.hours == {} and contacts.map_url == "https://2gis.kz/x"
    assert contacts.filled and contacts.missing() == ["hours"]


@pytest.mark.parametrize(("raw", "problem"), [
    ({"phone": "12345"}, "not a Kazakhstan phone number"),
    ({"phone": "+7 701 234 56 7"}, "not a Kazakhstan phone number"),
    ({"map": "http://example.org"}, "https://"),
    ({"map": "javascript:alert(1)"}, "https://"),
    ({"street": {"kk": "Абай көшесі, 1", "ru": ""}}, "contacts.street.ru is empty"),
    ({"hours": {"kk": "a\nb", "ru": "c"}}, "one line"),
    ({"phon": "+77012345678"}, "unknown contacts field 'phon'"),
    ({"street": "ул. Абая, 1"}, "only .kk and .ru"),
    ("+77012345678", "must be a table"),
])
def test_bad_contacts_are_refused_with_the_venue_named(raw: object, problem: str) -> None:
    with pytest.raises(ValueError) as error:
        parse_contacts(raw, "venues.toml: venue 'aral'")
    assert str(error.value).startswith("venues.toml: venue 'aral': ") and problem in str(error.value)


def test_a_venue_names_its_town_once() -> None:
    _, venues = read_places(ROOT / "data" / "venues.toml")
    by_id = {v.id: v for v in venues}
    assert by_id["baikonur"].place("ru") == "Филиал партии «AMANAT» в г. Байконур"  # not «…, г. Байконур» again
    assert by_id["baikonur"].place("kk") == "«AMANAT» партиясының Байқоңыр қаласындағы филиалы"
    assert by_id["aral"].place("kk") == "«AMANAT» партиясы Арал аудандық филиалы, Арал қаласы"
